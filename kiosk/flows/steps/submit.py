"""Submit and status: seal the dossier into the outbox and push it; say and show "已推送至管辖法院"
at once (norms §10(4)); print the receipt; then wait for the court's signed receipt, and past 15
minutes without one say so and alert the staff (norms §8) — the packet stays queued, nothing lost.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, replace

from kiosk.flows.effects import (AlertStaff, DocumentShown, PrintReceipt, SealPacket, Speak, WatchAnswer,
                                 WatchPacket)
from kiosk.flows.base import ClockTicked
from kiosk.flows.events import ActionTapped, NextTapped, PacketSealed, PacketStateChanged, SealFailed
from kiosk.flows.rules.packet import filing_of, receipt_lines
from kiosk.flows.steps.base import END, NEXT, Reply, Step


@dataclass(frozen=True)
class SubmitState:
    sealing: bool = False
    error: str = ""


@dataclass(frozen=True)
class SubmitView:
    sealing: bool
    error: str
    done: bool


class Submit(Step):
    kind = "submit"

    def initial(self, spec, dossier, ctx):
        return SubmitState()

    def _seal(self, spec, dossier, ctx):
        return Reply(SubmitState(sealing=True), dossier.logged(ctx.wall, "submit"),
                     (SealPacket(filing_of(dossier, spec.params, ctx)),))

    def enter(self, spec, state, dossier, ctx):
        if dossier.packet is not None:
            return Reply(state, dossier)
        return self._seal(spec, dossier, ctx)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, PacketSealed):
            dossier = replace(dossier, packet=event.packet).logged(
                event.wall, "sealed", packet_id=event.packet.packet_id)
            title, lines, qr, footer = receipt_lines(dossier, spec.params, ctx)
            said = "submit.pushed" if event.packet.state == "pushed" else "submit.queued"
            effects = (Speak(ctx.t(said)), PrintReceipt(title, lines, qr, footer),
                       WatchPacket(event.packet.packet_id))
            return Reply(SubmitState(), dossier, effects, go=NEXT)
        if isinstance(event, SealFailed):
            return Reply(SubmitState(error=event.message), dossier, (Speak(event.message),))
        if isinstance(event, ActionTapped) and event.action == "retry" and not state.sealing:
            return self._seal(spec, dossier, ctx)
        if isinstance(event, NextTapped) and dossier.packet is not None:
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        return SubmitView(state.sealing, state.error, dossier.packet is not None)

    def prompt(self, spec, state, dossier, ctx):
        return ctx.t("submit.sealing")


@dataclass(frozen=True)
class StatusState:
    alerted: bool = False


@dataclass(frozen=True)
class StatusView:
    state: str
    headline: str
    detail: str
    packet_id: str
    digest: str
    sealed_at: str
    minutes: int
    overdue: bool
    receipt: str
    can_reprint: bool
    primary: str = ""
    """The main button's label when it does more than finish (文书领取: 领取打印); "" = 完成."""
    reprint_label: str = ""
    """A journey's own wording of the reprint button ("" = the receipt's)."""


def _overdue(dossier, ctx) -> bool:
    packet = dossier.packet
    return (packet is not None and packet.state in ("pushed", "queued")
            and ctx.wall - packet.sealed_at > ctx.receipt_deadline_s)


def _text(spec, ctx, key: str, **fmt) -> str:
    """``status.<key>``, or the journey's own wording (``params["texts"]``) when it has one."""
    prefix = spec.params.get("texts")
    if prefix and ctx.texts.has(f"{prefix}.{key}", ctx.lang):
        return ctx.t(f"{prefix}.{key}", **fmt)
    return ctx.t(f"status.{key}", **fmt)


class Status(Step):
    kind = "status"

    def initial(self, spec, dossier, ctx):
        return StatusState()

    def enter(self, spec, state, dossier, ctx):
        """``params["follow_answer"]``: also wait for the court's signed answer to this packet."""
        if spec.params.get("follow_answer") and dossier.packet is not None:
            return Reply(state, dossier, (WatchAnswer(dossier.packet.packet_id),))
        return Reply(state, dossier)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ClockTicked) and _overdue(dossier, ctx) and not state.alerted:
            packet = dossier.packet
            dossier = dossier.logged(event.wall, "receipt_overdue", packet_id=packet.packet_id)
            return Reply(replace(state, alerted=True), dossier,
                         (AlertStaff("receipt_overdue", packet.packet_id), Speak(ctx.t("status.overdue"))))
        if isinstance(event, ActionTapped) and event.action == "reprint" and dossier.packet:
            title, lines, qr, footer = receipt_lines(dossier, spec.params, ctx)
            return Reply(state, dossier, (PrintReceipt(title, lines, qr, footer),))
        if isinstance(event, PacketStateChanged) and dossier.packet \
                and event.packet_id == dossier.packet.packet_id and dossier.packet.state == event.state:
            # this step is on screen: the court's answer is seen now (closed at the session's end)
            effects = (DocumentShown(event.doc_id),) if event.doc_id else ()
            if event.state in spec.params.get("speak_answer", ()):  # said as well (文书领取: each answer spoken)
                effects += (Speak(_text(spec, ctx, event.state) + (event.reason or "")),)
            return Reply(state, dossier, effects)
        if isinstance(event, NextTapped):
            if dossier.packet is not None and dossier.packet.state in spec.params.get("continue_on", ()):
                return Reply(state, dossier, go=NEXT)
            return Reply(state, dossier, go=END)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        packet = dossier.packet
        if packet is None:
            return StatusView("none", ctx.t("status.none"), "", "", "", "", 0, False, "", False)
        key = "overdue" if _overdue(dossier, ctx) else packet.state
        minutes = int(max(0, ctx.wall - packet.sealed_at) // 60)
        receipt = packet.receipt_printed
        receipt_text = (ctx.t("status.receipt_printed") if receipt == "printed"
                        else ctx.t("status.receipt_failed", reason=receipt[7:]) if receipt.startswith("failed:")
                        else ctx.t("status.receipt_printing"))
        return StatusView(key, _text(spec, ctx, key),
                          packet.reason or _text(spec, ctx, f"detail.{key}"),
                          packet.packet_id, packet.digest,
                          _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(packet.sealed_at)),
                          minutes, key == "overdue", receipt_text, receipt.startswith("failed:"),
                          _text(spec, ctx, "primary") if key in spec.params.get("continue_on", ()) else "")

    def prompt(self, spec, state, dossier, ctx):
        packet = dossier.packet
        return _text(spec, ctx, packet.state) if packet else ctx.t("status.none")
