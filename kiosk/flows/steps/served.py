"""送达回证 sent back (norms §20(3)): the proof of service the person just signed is sealed as a
``service_proof`` packet and followed to the court's signed receipt, like any packet; a seal that
fails says why and offers 重试, the signature kept in the session. A refusal to sign goes the same
way, told in its own words (``refusal.status``)."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, replace

from kiosk.flows.effects import SealProof, Speak, WatchPacket
from kiosk.flows.dossier import PacketInfo
from kiosk.flows.events import ActionTapped, NextTapped, PacketSealed, PacketStateChanged, SealFailed
from kiosk.flows.rules.documents import PROOF_CONFIRMATION, proof_of
from kiosk.flows.steps.base import END, Reply, Step
from kiosk.flows.steps.submit import StatusView


@dataclass(frozen=True)
class ServedState:
    sealing: bool = False
    error: str = ""
    packet: PacketInfo | None = None
    """The proof's own packet (the dossier's ``packet`` is the request's, when there was one)."""


def _texts(dossier) -> str:
    refused = any(s.key == PROOF_CONFIRMATION and s.refused for s in dossier.signatures)
    return "refusal.status" if refused else "doc.proof_status"


class Served(Step):
    kind = "served"

    def initial(self, spec, dossier, ctx):
        return ServedState()

    def _seal(self, dossier, ctx):
        proof = proof_of(dossier, ctx)
        return Reply(ServedState(sealing=True), dossier.logged(ctx.wall, "proof_sealing", decision=proof["decision"]),
                     (SealProof(proof),))

    def enter(self, spec, state, dossier, ctx):
        if state.packet is not None or state.sealing or dossier.document is None:
            return Reply(state, dossier)
        return self._seal(dossier, ctx)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, PacketSealed) and state.packet is None and state.sealing:
            dossier = dossier.logged(event.wall, "proof_sealed", packet_id=event.packet.packet_id)
            return Reply(ServedState(packet=event.packet), dossier,
                         (Speak(ctx.t(f"{_texts(dossier)}.pushed")), WatchPacket(event.packet.packet_id)))
        if isinstance(event, PacketStateChanged) and state.packet is not None \
                and event.packet_id == state.packet.packet_id:
            if event.state == "pushed" and state.packet.state != "queued":
                return Reply(state, dossier)
            dossier = dossier.logged(event.wall, "proof_answered", state=event.state)
            effects = (Speak(ctx.t(f"{_texts(dossier)}.received")),) if event.state == "received" else ()
            return Reply(replace(state, packet=replace(state.packet, state=event.state, reason=event.reason)),
                         dossier, effects)
        if isinstance(event, SealFailed) and state.sealing:
            return Reply(ServedState(error=event.message), dossier, (Speak(event.message),))
        if isinstance(event, ActionTapped) and event.action == "retry" and not state.sealing \
                and state.packet is None:
            return self._seal(dossier, ctx)
        if isinstance(event, NextTapped) and state.packet is not None:
            return Reply(state, dossier, go=END)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        packet = state.packet
        if packet is None:
            texts = _texts(dossier)
            headline = ctx.t(f"{texts}.failed") if state.error else ctx.t(f"{texts}.sealing")
            return StatusView("rejected" if state.error else "sealing", headline, state.error, "", "", "",
                              0, False, "", False)
        key = packet.state if packet.state in ("pushed", "queued", "received", "rejected") else "received"
        texts = _texts(dossier)
        return StatusView(key, ctx.t(f"{texts}.{key}"), ctx.t(f"{texts}.detail.{key}"),
                          packet.packet_id, packet.digest,
                          _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(packet.sealed_at)),
                          int(max(0, ctx.wall - packet.sealed_at) // 60), False, "", False)

    def prompt(self, spec, state, dossier, ctx):
        return ctx.t("refusal.voice.served" if _texts(dossier) == "refusal.status" else spec.prompt)

    def title(self, spec, state, dossier, ctx):
        """A refusal is not a proof of service: the title says what was recorded (拒绝签收已记录)."""
        return ctx.t("refusal.step.served" if _texts(dossier) == "refusal.status" else spec.title)
