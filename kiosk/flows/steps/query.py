"""A live question to the court and its answer on screen: 我的案件 (``kind = "cases"``: each case
with its status, judge and clerk, hearings and deadlines, and this person's filings with their
state) or the conversation with the judge (``"messages"``: this person's messages in the case,
sent / read / replied, with the judge's replies).

Asked on arrival (and on 重试); a court that does not answer within 5 s gets a plain sentence and
a retry, never a spinner forever. The answer lives in this step's state only: the session's end
wipes it, nothing is kept on the kiosk.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.flows.effects import AskCourt, Speak
from kiosk.flows.events import ActionTapped, CourtAnswered, CourtUnreachable, NextTapped
from kiosk.flows.steps.base import END, NEXT, Handoff, Reply, Step


@dataclass(frozen=True)
class QueryState:
    status: str = "asking"  # asking | ok | unknown_case | not_party | bad_request | unreachable
    data: Any = field(default=None, repr=False)
    code: str = ""
    ticket: int = 0
    preparing: str = ""
    """Correct and resubmit: the rejected packet whose contents are being fetched from the court."""
    note: str = ""


@dataclass(frozen=True)
class Card:
    """One block on the answer screen: a title, a state badge (tone ok | wait | bad | info), lines."""

    title: str
    badge: str = ""
    tone: str = "info"
    lines: tuple[str, ...] = ()
    action: str = ""
    """An intent the card offers (``resubmit``), sent as ``ActionTapped(action, action_arg)``."""
    action_arg: str = ""
    action_label: str = ""
    data: tuple[str, ...] = ()
    """What the court wrote in it (case number, names, its status and reasons): shown as written
    in every language (the accessibility audit's declared data)."""


@dataclass(frozen=True)
class QueryView:
    kind: str
    status: str
    headline: str
    message: str
    cards: tuple[Card, ...]
    can_retry: bool
    primary: str
    can_continue: bool
    retry_label: str = "重试"


def _who(dossier):
    if dossier.applicant is not None:
        return dossier.applicant
    return dossier.agent.identity if dossier.agent is not None else None


def _when(wall) -> str:
    return _time.strftime("%Y-%m-%d %H:%M", _time.localtime(wall)) if wall else ""


class Query(Step):
    kind = "query"

    def initial(self, spec, dossier, ctx):
        return QueryState()

    def _ask(self, spec, state, dossier, ctx):
        who = _who(dossier)
        kind = spec.params.get("kind", "cases")
        ticket = (state.ticket if state else 0) + 1
        if who is None:
            return Reply(QueryState("unreachable", code="query.no_identity", ticket=ticket), dossier)
        dossier = dossier.logged(ctx.wall, "court_query", kind=kind)
        return Reply(QueryState("asking", ticket=ticket), dossier,
                     (AskCourt(kind, who.id_number, dossier.case_ref if kind == "messages" else "", ticket),))

    def enter(self, spec, state, dossier, ctx):
        return self._ask(spec, state, dossier, ctx)

    def _resubmit(self, state, dossier, event, ctx):
        """更正后重新提交: fetch the rejected packet's contents from the court, then open the filing."""
        who = _who(dossier)
        filing = next((f for f in (state.data or {}).get("filings", [])
                       if f.get("packet_id") == event.arg and f.get("state") == "rejected"), None)
        if who is None or filing is None or dossier.applicant is None or state.preparing:
            return Reply(state, dossier)
        ticket = state.ticket + 1
        dossier = dossier.logged(event.wall, "resubmit_asked", packet=event.arg)
        return Reply(replace(state, ticket=ticket, preparing=event.arg, note=ctx.t("cf.preparing")), dossier,
                     (AskCourt("resubmit", who.id_number, "", ticket, packet_id=event.arg),))

    def _prepared(self, state, dossier, event, ctx):
        from kiosk.flows.rules.resubmit import RESUBMIT_JOURNEY, seed_dossier

        packet_id, state = state.preparing, replace(state, preparing="")
        data = event.data if isinstance(event, CourtAnswered) else None
        journey = RESUBMIT_JOURNEY.get((data or {}).get("service", ""))
        if event.status != "ok" or not data or data.get("packet_id") != packet_id or journey is None:
            state = replace(state, note=ctx.t("cf.failed"))
            return Reply(state, dossier.logged(event.wall, "resubmit_unavailable", packet=packet_id),
                         (Speak(state.note),))
        seed = seed_dossier(data, dossier.applicant, ctx)
        return Reply(replace(state, note=""), dossier.logged(event.wall, "resubmit_opened", packet=packet_id),
                     (Speak(ctx.t("cf.voice_resubmit")),), go=Handoff(journey, seed))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, (CourtAnswered, CourtUnreachable)) and event.ticket == state.ticket \
                and state.preparing and event.kind == "resubmit":
            if isinstance(event, CourtUnreachable):
                state = replace(state, preparing="", note=ctx.t(f"q.{event.code}"))
                return Reply(state, dossier, (Speak(state.note),))
            return self._prepared(state, dossier, event, ctx)
        if isinstance(event, ActionTapped) and event.action == "resubmit" and state.status == "ok":
            return self._resubmit(state, dossier, event, ctx)
        if isinstance(event, (CourtAnswered, CourtUnreachable)) and event.ticket == state.ticket \
                and state.status == "asking":
            if isinstance(event, CourtAnswered):
                state = replace(state, status=event.status, data=event.data)
                dossier = dossier.logged(event.wall, "court_answered_query", kind=event.kind,
                                         status=event.status)
            else:
                state = replace(state, status="unreachable", code=event.code)
                dossier = dossier.logged(event.wall, "court_unreachable", kind=event.kind, code=event.code)
            return Reply(state, dossier, (Speak(self.prompt(spec, state, dossier, ctx)),))
        if isinstance(event, ActionTapped) and event.action == "retry" and state.status != "asking":
            return self._ask(spec, state, dossier, ctx)
        if isinstance(event, NextTapped) and self._can_continue(spec, state):
            return Reply(state, dossier, go=NEXT if spec.params.get("kind") == "messages" else END)
        return Reply(state, dossier)

    def _can_continue(self, spec, state) -> bool:
        if spec.params.get("kind") == "messages":
            return state.status == "ok"
        return state.status != "asking"

    def prompt(self, spec, state, dossier, ctx):
        if state is None or state.status == "asking":
            return ctx.t(spec.prompt)
        return self._headline(spec, state, dossier, ctx)

    def _headline(self, spec, state, dossier, ctx) -> str:
        kind = spec.params.get("kind", "cases")
        if state.status == "asking":
            return ctx.t("q.asking")
        if state.status == "unreachable":
            return ctx.t(f"q.{state.code}")
        if state.status != "ok":
            return ctx.t(f"q.status.{state.status}", case=dossier.case_ref)
        data = state.data or {}
        if kind == "messages":
            count = len(data.get("messages", []))
            return ctx.t("q.messages.some", count=count) if count else ctx.t("q.messages.none")
        cases, filings = data.get("cases", []), data.get("filings", [])
        if not cases and not filings:
            return ctx.t("q.cases.none")
        return ctx.t("q.cases.some", cases=len(cases), filings=len(filings))

    def view(self, spec, state, dossier, ctx):
        kind = spec.params.get("kind", "cases")
        cards: tuple[Card, ...] = ()
        message = ""
        if state.status == "ok":
            cards = (messages_cards(state.data or {}, ctx) if kind == "messages"
                     else cases_cards(state.data or {}, ctx))
            if not cards:
                message = ctx.t(f"q.{kind}.none_detail")
        elif state.status == "unreachable":
            message = ctx.t("q.unreachable_detail")
        elif state.status != "asking":
            message = ctx.t("q.status_detail")
        if state.note:
            message = state.note
        primary = ctx.t("q.write") if kind == "messages" else ctx.t("common.done")
        return QueryView(kind, state.status, self._headline(spec, state, dossier, ctx), message, cards,
                         state.status not in ("asking", "ok"), primary, self._can_continue(spec, state),
                         ctx.t("q.retry"))


def _court(ctx, code: str) -> str:
    court = ctx.courts.by_code(code) if code else None
    return court.name if court else code


def cases_cards(data: dict, ctx) -> tuple[Card, ...]:
    cards = []
    for case in data.get("cases", []):
        lines = []
        if case.get("court"):
            lines.append(ctx.t("q.case.court", court=_court(ctx, case["court"])))
        if case.get("case_type") or case.get("cause"):
            cause = f"（{case['cause']}）" if case.get("cause") else ""
            lines.append(ctx.t("q.case.type", case_type=case.get("case_type", ""), cause=cause))
        if case.get("judge") or case.get("clerk"):
            lines.append(ctx.t("q.case.judge", judge=case.get("judge") or "—", clerk=case.get("clerk") or "—"))
        for hearing in case.get("hearings", []):
            lines.append(ctx.t("q.case.hearing", at=hearing.get("at", ""), room=hearing.get("room", "")))
        for deadline in case.get("deadlines", []):
            lines.append(ctx.t("q.case.deadline", due=deadline.get("due", ""), what=deadline.get("what", "")))
        if case.get("role"):
            lines.append(ctx.t("q.case.role", role=ctx.t(f"q.role.{case['role']}") if ctx.texts.has(
                f"q.role.{case['role']}") else case["role"]))
        said = (case["case_number"], case.get("status") or "", _court(ctx, case.get("court", "")),
                case.get("case_type", ""), case.get("cause", ""), case.get("judge", ""), case.get("clerk", ""),
                *(h.get(k, "") for h in case.get("hearings", []) for k in ("at", "room")),
                *(d.get(k, "") for d in case.get("deadlines", []) for k in ("due", "what")))
        cards.append(Card(case["case_number"], case.get("status") or "", "info", tuple(lines),
                          data=tuple(v for v in said if v)))
    for filing in data.get("filings", []):
        state = filing.get("state", "pushed")
        service = filing.get("service", "")
        if filing.get("kind") == "service_proof" or service in PROOF_SERVICES:
            cards.append(proof_card(filing, ctx))
            continue
        name = next((ctx.t(key) for key in (f"service_name.{service}", f"q.packet_service.{service}")
                     if ctx.texts.has(key)), service)
        lines = [ctx.t("q.filing.sealed", at=_when(filing.get("sealed_at"))),
                 ctx.t("q.filing.court", court=_court(ctx, filing.get("court", "")))]
        if state == "accepted":
            lines.append(ctx.t("q.filing.case_number", case_number=filing.get("case_number", "")))
            if filing.get("fee_yuan") is not None:
                lines.append(ctx.t("q.filing.fee", fee=f"{float(filing['fee_yuan']):.2f}"))
        elif state == "rejected":
            lines.append(ctx.t("q.filing.reason", reason=filing.get("reason") or "—"))
            lines.append(ctx.t("q.filing.objection"))
            lines.append(ctx.t("cf.objection_where", court=_court(ctx, filing.get("court", "")) or ctx.t("cf.court_unknown")))
        else:
            lines.append(ctx.t(f"q.filing.detail.{state}"))
        lines.append(ctx.t("q.filing.packet", packet_id=filing.get("packet_id", "")[:13]))
        tone = {"accepted": "ok", "rejected": "bad"}.get(state, "wait")
        from kiosk.flows.rules.resubmit import RESUBMIT_JOURNEY

        resubmit = state == "rejected" and service in RESUBMIT_JOURNEY
        said = (_court(ctx, filing.get("court", "")), filing.get("reason") or "", filing.get("case_number") or "")
        cards.append(Card(name, ctx.t(f"q.filing.state.{state}"), tone, tuple(lines),
                          "resubmit" if resubmit else "", filing.get("packet_id", "") if resubmit else "",
                          ctx.t("cf.resubmit") if resubmit else "", tuple(v for v in said if v)))
    return tuple(cards)


PROOF_SERVICES = ("service_proof", "service_refusal")
"""A proof of service's packet (signed, or the refusal): named by its document, not its service id."""


def proof_card(filing: dict, ctx) -> Card:
    """送达回证 in My cases as the litigant knows it: which document, signed for or refused (and
    why), when, and whether the court has the record. An older court sends no ``proof``: the
    service still tells a signature from a refusal."""
    proof = filing.get("proof") if isinstance(filing.get("proof"), dict) else {}
    how = "refused" if proof.get("decision") == "refused" or filing.get("service") == "service_refusal" \
        else "signed"
    document = str(proof.get("title") or "")
    title = ctx.t(f"q.proof.title.{how}", document=document) if document else ctx.t(f"q.proof.untitled.{how}")
    case = str(proof.get("case_ref") or filing.get("case_number") or "")
    court = _court(ctx, filing.get("court", "")) or ctx.t("cf.court_unknown")
    reason = str(proof.get("reason") or "") if how == "refused" else ""
    lines = [ctx.t(f"q.proof.at.{how}", at=_when(proof.get("at") or filing.get("sealed_at")))]
    if case:
        lines.insert(0, ctx.t("q.proof.case", case=case))
    if reason:
        lines.append(ctx.t("q.proof.reason", reason=reason))
    arrived = filing.get("state") in ("received", "accepted")
    lines.append(ctx.t("q.proof.received" if arrived else "q.proof.pushed", court=court))
    said = (document, case, reason, court)
    return Card(title, ctx.t(f"q.proof.badge.{how}"), "info" if how == "refused" else "ok", tuple(lines),
                data=tuple(v for v in said if v))


def messages_cards(data: dict, ctx) -> tuple[Card, ...]:
    cards = []
    for m in data.get("messages", []):
        lines = [m.get("text") or ""]
        if m.get("state") == "replied":
            lines.append(ctx.t("q.message.reply", judge=m.get("replied_by") or "", at=_when(m.get("replied_at")),
                               reply=m.get("reply", "")))
        tone = {"replied": "ok", "read": "info"}.get(m.get("state"), "wait")
        said = (m.get("text") or "", m.get("reply") or "", m.get("replied_by") or "")
        cards.append(Card(ctx.t("q.message.title", at=_when(m.get("sent_at"))),
                          ctx.t(f"q.message.state.{m.get('state', 'sent')}"), tone, tuple(lines),
                          data=tuple(v for v in said if v)))
    if data.get("judge") and cards:
        head = Card(data.get("case_number", ""), "", "info",
                    (ctx.t("q.case.judge", judge=data["judge"], clerk=data.get("clerk") or "—"),),
                    data=tuple(v for v in (data.get("case_number"), data["judge"], data.get("clerk")) if v))
        cards.insert(0, head)
    return tuple(cards)
