"""The status of a proof of payment: the status step's push, receipt and 15-minute clock, then the
court's signed answer: confirmed (the 电子交费单 printed at once, annex 3) or not accepted with
the reason (upload again within the time)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.effects import DocumentShown, PrintReceipt, Speak, WatchFeeAnswer
from kiosk.flows.events import ActionTapped, FeeAnswered, ReceiptPrinted, ReceiptPrintFailed
from kiosk.flows.rules.fees import slip_lines
from kiosk.flows.steps.base import Reply
from kiosk.flows.steps.submit import Status, StatusState


@dataclass(frozen=True)
class FeeStatusState(StatusState):
    slip: dict | None = None
    slip_print: str = ""  # "" | printing | printed | failed:<message>


class FeeStatus(Status):
    kind = "fee_status"

    def initial(self, spec, dossier, ctx):
        return FeeStatusState()

    def enter(self, spec, state, dossier, ctx):
        if dossier.packet is None:
            return Reply(state, dossier)
        who = dossier.applicant
        return Reply(state, dossier, (WatchFeeAnswer(dossier.packet.packet_id, who.id_number if who else ""),))

    def _print(self, state, dossier, ctx, wall, again=False):
        title, lines, qr, footer = slip_lines(state.slip, dossier.applicant, ctx.t)
        dossier = dossier.logged(wall, "fee_slip_printed", slip_no=state.slip.get("slip_no", ""), again=again)
        return replace(state, slip_print="printing"), dossier, PrintReceipt(title, lines, qr, footer)

    def handle(self, spec, state, dossier, event, ctx):
        packet = dossier.packet
        if isinstance(event, FeeAnswered) and packet is not None and event.packet_id == packet.packet_id:
            # this step is on screen: the answer is seen now (closed at the session's end)
            paid = event.state == "paid" and isinstance(event.slip, dict)
            seen = (DocumentShown(event.doc_id, "paid" if paid else "shown"),) if event.doc_id else ()
            if paid:
                dossier = replace(dossier, packet=replace(packet, state="paid", reason=""))
                dossier = dossier.logged(event.wall, "court_answered", state="paid",
                                         slip_no=event.slip.get("slip_no", ""))
                state, dossier, effect = self._print(replace(state, slip=event.slip), dossier, ctx, event.wall)
                return Reply(state, dossier, (effect, Speak(ctx.t("fee.status.paid_said"))) + seen)
            dossier = replace(dossier, packet=replace(packet, state="rejected", reason=event.reason))
            dossier = dossier.logged(event.wall, "court_answered", state="rejected")
            return Reply(state, dossier, (Speak(ctx.t("fee.status.rejected_said") + event.reason),) + seen)
        if isinstance(event, (ReceiptPrinted, ReceiptPrintFailed)) and state.slip_print == "printing":
            done = "printed" if isinstance(event, ReceiptPrinted) else f"failed:{event.message}"
            return Reply(replace(state, slip_print=done), dossier)
        if isinstance(event, ActionTapped) and event.action == "reprint" and state.slip is not None:
            state, dossier, effect = self._print(state, dossier, ctx, event.wall, again=True)
            return Reply(state, dossier, (effect,))
        return super().handle(spec, state, dossier, event, ctx)

    def view(self, spec, state, dossier, ctx):
        view = super().view(spec, state, dossier, ctx)
        if state.slip is None:
            return view
        slip = state.slip
        printed = state.slip_print
        receipt = (ctx.t("fee.slip.printed") if printed == "printed"
                   else ctx.t("fee.slip.failed", reason=printed[7:]) if printed.startswith("failed:")
                   else ctx.t("fee.slip.printing"))
        return replace(view, detail=ctx.t("fee.status.detail.paid_slip", slip_no=slip.get("slip_no", ""),
                                          amount=slip.get("amount_yuan", "")),
                       receipt=receipt, can_reprint=printed.startswith("failed:"),
                       reprint_label=ctx.t("fee.slip.reprint"))
