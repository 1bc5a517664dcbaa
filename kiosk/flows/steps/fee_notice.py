"""The fee notices of the card holder, live from the court (rules §9, annex 3), and one notice in
full: the amount (said aloud as money), the payee account, the items, the deadline (7 days from
the notice) counting down, and the payment QR code built from the notice's payment reference.

An overdue notice says what happens next in the court's own words and offers no QR code; a
proof paid within the time may still be uploaded. A paid notice offers its 电子交费单 to print
again (annex 3). Notices are asked on arrival; a silent court gets a plain sentence after 5 s
and 重试. Nothing of the answer outlives the session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.effects import AskFeeNotices, PrintReceipt, Speak
from kiosk.flows.events import ActionTapped, CourtAnswered, CourtUnreachable, NextTapped, OptionChosen
from kiosk.flows.rules.fees import (Notice, capital, countdown, date_of, grouped, parse_notice, said,
                                    slip_lines, yuan)
from kiosk.flows.steps.base import END, NEXT, Reply, Step
from kiosk.flows.steps.query import _when, _who


@dataclass(frozen=True)
class FeeNoticeState:
    status: str = "asking"  # asking | ok | unreachable | bad_request
    notices: tuple[Notice, ...] = ()
    chosen: str = ""
    code: str = ""
    ticket: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class FeeRow:
    reference: str
    title: str
    badge: str
    tone: str  # ok | wait | bad | info
    lines: tuple[str, ...]
    open_label: str = ""


@dataclass(frozen=True)
class FeeDetail:
    reference: str
    amount_label: str
    amount: str
    capital: str
    items: tuple[str, ...]
    payee: tuple[str, ...]
    due: str
    countdown: str
    overdue: bool
    overdue_text: str
    qr: str
    qr_caption: str
    state_text: str
    tone: str
    data: tuple[str, ...] = ()
    """The notice's own words inside the lines above (case number, payee, bank, fee names, the
    amount in Chinese capitals): data, shown as written in every language."""


@dataclass(frozen=True)
class FeeNoticeView:
    status: str
    headline: str
    message: str
    can_retry: bool
    retry_label: str
    rows: tuple[FeeRow, ...]
    detail: FeeDetail | None
    primary: str
    can_continue: bool
    list_label: str = ""
    can_list: bool = False
    print_label: str = ""
    can_print: bool = False


def _tone(notice: Notice, wall: float) -> str:
    if notice.state == "paid":
        return "ok"
    if notice.overdue(wall):
        return "bad"
    return "wait" if notice.state == "proof_sent" else "info"


def _badge(notice: Notice, wall: float, ctx) -> str:
    if notice.state == "unpaid" and notice.overdue(wall):
        return ctx.t("fee.state.overdue")
    return ctx.t(f"fee.state.{notice.state}")


class FeeNoticeStep(Step):
    kind = "fee_notice"

    def initial(self, spec, dossier, ctx):
        return FeeNoticeState()

    def _ask(self, state, dossier, ctx):
        who = _who(dossier)
        ticket = (state.ticket if state else 0) + 1
        if who is None:
            return Reply(FeeNoticeState("unreachable", code="query.no_identity", ticket=ticket), dossier)
        dossier = dossier.logged(ctx.wall, "court_query", kind="fees")
        return Reply(FeeNoticeState("asking", ticket=ticket), dossier,
                     (AskFeeNotices("fees", who.id_number, "", ticket),))

    def enter(self, spec, state, dossier, ctx):
        if state is not None and state.status == "ok":
            return Reply(state, dossier)  # back from the scan: the notice stays chosen
        return self._ask(state, dossier, ctx)

    def _chosen(self, state) -> Notice | None:
        return next((n for n in state.notices if n.reference == state.chosen), None)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, (CourtAnswered, CourtUnreachable)) and event.ticket == state.ticket \
                and state.status == "asking":
            return self._answered(spec, state, dossier, event, ctx)
        if isinstance(event, ActionTapped):
            return self._action(spec, state, dossier, event, ctx)
        if isinstance(event, OptionChosen) and any(n.reference == event.value for n in state.notices):
            state = replace(state, chosen=event.value)
            dossier = dossier.logged(event.wall, "fee_notice_shown", reference=event.value)
            return Reply(state, dossier, (Speak(self.prompt(spec, state, dossier, ctx)),))
        if isinstance(event, NextTapped):
            notice = self._chosen(state)
            if notice is not None and notice.state != "paid":
                dossier = replace(dossier, court=notice.court, case_ref=notice.case_number,
                                  case_type="fee_payment", fee_notice=tuple(notice.as_json().items()))
                dossier = dossier.logged(event.wall, "fee_notice_chosen", reference=notice.reference,
                                         overdue=notice.overdue(ctx.wall))
                return Reply(state, dossier, go=NEXT)
            if state.status != "asking" and (notice is not None or not self._choosable(state)):
                return Reply(state, dossier, go=END)
        return Reply(state, dossier)

    def _choosable(self, state) -> bool:
        return state.status == "ok" and bool(state.notices)

    def _answered(self, spec, state, dossier, event, ctx):
        if isinstance(event, CourtUnreachable):
            state = replace(state, status="unreachable", code=event.code)
            dossier = dossier.logged(event.wall, "court_unreachable", kind="fees", code=event.code)
        elif event.status != "ok":
            state = replace(state, status="bad_request", code=event.status)
            dossier = dossier.logged(event.wall, "court_answered_query", kind="fees", status=event.status)
        else:
            data = event.data or {}
            raw = [n for n in data.get("notices", [])]
            notices = tuple(n for n in (parse_notice(r) for r in raw) if n is not None)
            dropped = int(data.get("dropped", 0)) + len(raw) - len(notices)
            chosen = notices[0].reference if len(notices) == 1 else ""
            state = replace(state, status="ok", notices=notices, chosen=chosen, dropped=dropped)
            dossier = dossier.logged(event.wall, "court_answered_query", kind="fees", status="ok",
                                     notices=len(notices), dropped=dropped)
        return Reply(state, dossier, (Speak(self.prompt(spec, state, dossier, ctx)),))

    def _action(self, spec, state, dossier, event, ctx):
        if event.action == "retry" and state.status not in ("asking", "ok"):
            return self._ask(state, dossier, ctx)
        if event.action == "list" and len(state.notices) > 1:
            return Reply(replace(state, chosen=""), dossier)
        notice = self._chosen(state)
        if event.action == "print_slip" and notice is not None and notice.slip:
            title, lines, qr, footer = slip_lines(notice.slip, dossier.applicant, ctx.t)
            dossier = dossier.logged(event.wall, "fee_slip_printed", reference=notice.reference, again=True)
            return Reply(state, dossier, (PrintReceipt(title, lines, qr, footer), Speak(ctx.t("fee.slip.printing"))))
        return Reply(state, dossier)

    # --- what is said and shown -------------------------------------------------------------
    def prompt(self, spec, state, dossier, ctx):
        if state is None or state.status == "asking":
            return ctx.t(spec.prompt)
        notice = self._chosen(state)
        if notice is None:
            return self._headline(state, ctx)
        amount = said(notice.amount, ctx.lang)
        if notice.state == "paid":
            return ctx.t("fee.voice.paid", amount=amount)
        if notice.overdue(ctx.wall):
            return ctx.t("fee.voice.overdue", amount=amount) + (notice.overdue_text or ctx.t("fee.overdue_default"))
        return ctx.t("fee.voice.detail", amount=amount, due=_spoken_date(notice, ctx),
                     countdown=countdown(notice, ctx.wall, ctx.t))

    def _headline(self, state, ctx) -> str:
        if state.status == "asking":
            return ctx.t("q.asking")
        if state.status == "unreachable":
            return ctx.t(f"q.{state.code}")
        if state.status != "ok":
            return ctx.t("q.status_detail")
        if not state.notices:
            return ctx.t("fee.none")
        if state.chosen:
            return ctx.t("fee.headline.one", case_number=self._chosen(state).case_number)
        return ctx.t("fee.headline.some", count=len(state.notices))

    def view(self, spec, state, dossier, ctx):
        notice = self._chosen(state)
        message = ""
        if state.status == "unreachable":
            message = ctx.t("q.unreachable_detail")
        elif state.status == "bad_request":
            message = ctx.t("q.status_detail")
        elif state.status == "ok" and not state.notices:
            message = ctx.t("fee.none_detail")
        rows = tuple(self._row(n, ctx) for n in state.notices) if notice is None else ()
        detail = self._detail(notice, ctx) if notice is not None else None
        if notice is not None and notice.state != "paid":
            primary, can = ctx.t("fee.upload"), True
        elif notice is not None or not self._choosable(state):
            primary, can = ctx.t("common.done"), state.status != "asking"
        else:
            primary, can = ctx.t("fee.choose"), False
        return FeeNoticeView(state.status, self._headline(state, ctx), message,
                             state.status in ("unreachable", "bad_request"), ctx.t("q.retry"), rows, detail,
                             primary, can, ctx.t("fee.back_to_list"), notice is not None and len(state.notices) > 1,
                             ctx.t("fee.print_slip"), notice is not None and bool(notice.slip))

    def _row(self, notice: Notice, ctx) -> FeeRow:
        lines = (ctx.t("fee.row.amount", amount=yuan(notice.amount)),
                 ctx.t("fee.row.notice", at=_when(notice.notice_at), due=date_of(notice.due_at)),
                 countdown(notice, ctx.wall, ctx.t) if notice.state == "unpaid" else ctx.t(
                     f"fee.row.{notice.state}"))
        return FeeRow(notice.reference, notice.case_number, _badge(notice, ctx.wall, ctx), _tone(notice, ctx.wall),
                      lines, ctx.t("fee.open"))

    def _detail(self, notice: Notice, ctx) -> FeeDetail:
        overdue = notice.overdue(ctx.wall)
        items = tuple(ctx.t("fee.item", name=name, amount=yuan(value)) for name, value in notice.items)
        payee = (ctx.t("fee.payee.name", account_name=notice.account_name),
                 ctx.t("fee.payee.account", account_no=notice.account_no),
                 ctx.t("fee.payee.bank", bank=notice.bank),
                 ctx.t("fee.payee.reference", reference=grouped(notice.reference)))
        show_qr = notice.state == "unpaid" and not overdue
        caption = ctx.t("fee.qr_caption") if show_qr else ""
        state_text = {"paid": ctx.t("fee.detail.paid", slip_no=(notice.slip or {}).get("slip_no", "")),
                      "proof_sent": ctx.t("fee.detail.proof_sent")}.get(notice.state, "")
        return FeeDetail(notice.reference, ctx.t("fee.amount_label"), ctx.t("fee.amount", amount=yuan(notice.amount)),
                         capital(notice.amount), items, payee,
                         ctx.t("fee.due", due=date_of(notice.due_at)),
                         countdown(notice, ctx.wall, ctx.t) if notice.state != "paid" else "",
                         overdue and notice.state != "paid",
                         (notice.overdue_text or ctx.t("fee.overdue_default")) if overdue else "",
                         notice.qr if show_qr else "", caption, state_text, _tone(notice, ctx.wall),
                         tuple(v for v in (notice.case_number, notice.account_name, notice.bank,
                                           capital(notice.amount), *(n for n, _v in notice.items)) if v))


def _spoken_date(notice: Notice, ctx) -> str:
    from kiosk import spoken

    return spoken.date(date_of(notice.due_at), ctx.lang)
