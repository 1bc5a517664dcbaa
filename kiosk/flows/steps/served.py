"""送达回证 sent back (norms §20(3)): the proof of service the person just signed is sealed as a
``service_proof`` packet and followed to the court's signed receipt, like any packet; a seal that
fails says why and offers 重试, the signature kept in the session."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, replace

from kiosk.flows.effects import SealProof, Speak, WatchPacket
from kiosk.flows.events import ActionTapped, NextTapped, PacketSealed, SealFailed
from kiosk.flows.rules.documents import proof_of
from kiosk.flows.steps.base import END, Reply, Step
from kiosk.flows.steps.submit import StatusView


@dataclass(frozen=True)
class ServedState:
    sealing: bool = False
    error: str = ""


class Served(Step):
    kind = "served"

    def initial(self, spec, dossier, ctx):
        return ServedState()

    def _seal(self, dossier, ctx):
        return Reply(ServedState(sealing=True), dossier.logged(ctx.wall, "proof_sealing"),
                     (SealProof(proof_of(dossier, ctx)),))

    def enter(self, spec, state, dossier, ctx):
        if dossier.packet is not None or dossier.document is None:
            return Reply(state, dossier)
        return self._seal(dossier, ctx)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, PacketSealed) and dossier.packet is None:
            dossier = replace(dossier, packet=event.packet).logged(
                event.wall, "proof_sealed", packet_id=event.packet.packet_id)
            return Reply(ServedState(), dossier, (Speak(ctx.t("doc.proof_status.pushed")),
                                                  WatchPacket(event.packet.packet_id)))
        if isinstance(event, SealFailed):
            return Reply(ServedState(error=event.message), dossier, (Speak(event.message),))
        if isinstance(event, ActionTapped) and event.action == "retry" and not state.sealing \
                and dossier.packet is None:
            return self._seal(dossier, ctx)
        if isinstance(event, NextTapped) and dossier.packet is not None:
            return Reply(state, dossier, go=END)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        packet = dossier.packet
        if packet is None:
            headline = ctx.t("doc.proof_status.failed") if state.error else ctx.t("doc.proof_status.sealing")
            return StatusView("rejected" if state.error else "sealing", headline, state.error, "", "", "",
                              0, False, "", False)
        key = packet.state if packet.state in ("pushed", "queued", "received", "rejected") else "received"
        return StatusView(key, ctx.t(f"doc.proof_status.{key}"), ctx.t(f"doc.proof_status.detail.{key}"),
                          packet.packet_id, packet.digest,
                          _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(packet.sealed_at)),
                          int(max(0, ctx.wall - packet.sealed_at) // 60), False, "", False)

    def prompt(self, spec, state, dossier, ctx):
        return ctx.t(spec.prompt)
