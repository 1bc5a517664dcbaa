"""文书领取: the documents the court sent for this person, found by the ID card at the reader or
by the pickup code from the court's SMS (typed on the keypad or read from its QR code).

Only documents whose court-signed manifest names this card's recipient tag are listed; the tag is
checked again here before a document becomes the one the viewer opens, so nothing addressed to
someone else is ever rendered. With a code and no card, the code opens the one document it was
issued for, within its validity. From here the person also asks for a document not yet sent
(``request``: the journey's request branch).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kiosk.flows.base import ClockTicked
from kiosk.flows.dossier import DocumentRef
from kiosk.flows.effects import FindDocuments, ListenQr
from kiosk.flows.events import (ActionTapped, CardFailed, CardRead, Collectable, DocumentsFound,
                                FieldEdited, FieldFocused, QrScanned)
from kiosk.flows.rules.documents import CODE, MAX_CODE_TRIES, code_from_scan, recipient_tag
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.steps.identify import card_problem

RETRY_S = 2.0
WAIT_NEW_S = 60.0
"""After the court answered a request with the document: look again this long for it to land."""


@dataclass(frozen=True)
class DocumentsState:
    status: str = "waiting"  # waiting (no card, no code) | finding | listed | failed
    ticket: int = 0
    items: tuple[Collectable, ...] = ()
    error: str = ""
    editing: bool = False
    code: str = ""
    tries: int = 0
    by_code: bool = False
    since: float = 0.0
    last_try: float = 0.0


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    title: str
    detail: str
    served: str
    case_ref: str = ""
    """The case number inside ``detail`` (data: shown as written in every language)."""


@dataclass(frozen=True)
class DocumentsView:
    status: str
    who: str
    rows: tuple[DocumentRow, ...]
    headline: str
    error: str
    editing: bool
    code: str
    can_request: bool
    can_code: bool
    labels: dict = field(compare=False, default_factory=dict)


def _tag(dossier) -> str:
    return recipient_tag(dossier.applicant.id_number) if dossier.applicant is not None else ""


class Documents(Step):
    kind = "documents"

    def initial(self, spec, dossier, ctx):
        return DocumentsState()

    def enter(self, spec, state, dossier, ctx):
        effects = (ListenQr(),)
        if dossier.applicant is not None:
            state = replace(state, status="finding", ticket=state.ticket + 1, since=ctx.now,
                            last_try=ctx.now, error="")
            effects += (FindDocuments(state.ticket, _tag(dossier)),)
        return Reply(state, dossier, effects)

    def _find(self, state, dossier, now, *, code="", doc_id=""):
        state = replace(state, status="finding", ticket=state.ticket + 1, error="", last_try=now,
                        by_code=bool(code) or state.by_code, code=code or state.code)
        return Reply(state, dossier, (FindDocuments(state.ticket, _tag(dossier), code or state.code,
                                                    doc_id),))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, CardRead):
            today = date.fromtimestamp(event.wall) if event.wall else date.today()
            problem = card_problem(event.identity, today)
            if problem:
                dossier = dossier.logged(event.wall, "idcard_refused", reason=problem)
                return Reply(replace(state, error=f"identify.error.{problem}"), dossier)
            dossier = replace(dossier, applicant=event.identity).logged(
                event.wall, "idcard_read", card_type=event.identity.card_type)
            return self._find(state, dossier, event.at)
        if isinstance(event, CardFailed):
            return Reply(replace(state, error=f"identify.error.{event.code}"), dossier)
        if isinstance(event, QrScanned):
            doc_id, code = code_from_scan(event.text)
            dossier = dossier.logged(event.wall, "qr_scanned")
            if not code:
                return Reply(replace(state, error="doc.error.qr"), dossier)
            return self._code(state, dossier, event, code, doc_id)
        if isinstance(event, FieldFocused) and event.target == "code":
            return Reply(replace(state, editing=True, error=""), dossier)
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=False), dossier)
        if isinstance(event, FieldEdited) and event.target == "code":
            code = event.value.strip()
            if not CODE.match(code):
                return Reply(replace(state, error="doc.error.code_format"), dossier)
            return self._code(replace(state, editing=False), dossier, event, code, "")
        if isinstance(event, DocumentsFound) and event.ticket == state.ticket:
            return self._found(spec, state, dossier, event, ctx)
        if isinstance(event, ClockTicked) and self._waiting_new(spec, state, event.at):
            return self._find(state, dossier, event.at)
        if isinstance(event, ActionTapped) and event.action == "open":
            return self._open(state, dossier, event)
        if isinstance(event, ActionTapped) and event.action == "request" and spec.params.get("can_request", True):
            if dossier.applicant is None:
                return Reply(replace(state, error="doc.error.card_for_request"), dossier)
            dossier = replace(dossier, document=None).logged(event.wall, "document_request_started")
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def _code(self, state, dossier, event, code, doc_id):
        if state.tries >= MAX_CODE_TRIES:
            return Reply(replace(state, error="doc.error.code_locked"), dossier)
        dossier = dossier.logged(event.wall, "pickup_code_entered")
        return self._find(state, dossier, event.at, code=code, doc_id=doc_id)

    def _waiting_new(self, spec, state, now) -> bool:
        """The request branch's pick-up: the court's answer came, its document may land a moment
        later; look again every few seconds for a while."""
        return (bool(spec.params.get("wait_for_new")) and state.status == "listed" and not state.items
                and now - state.since < WAIT_NEW_S and now - state.last_try >= RETRY_S)

    def _found(self, spec, state, dossier, event, ctx):
        if event.code:
            tries = state.tries + (1 if event.code in ("doc.error.code_wrong", "doc.error.code_expired") else 0)
            dossier = dossier.logged(event.wall, "documents_refused", code=event.code)
            return Reply(replace(state, status="listed" if state.items else "waiting", error=event.code,
                                 tries=tries), dossier)
        tag = _tag(dossier)
        # the worker filtered by tag already; a document for anyone else never reaches the list
        items = tuple(i for i in event.items if not tag or i.recipient == tag)
        dossier = dossier.logged(event.wall, "documents_listed", count=len(items), withheld=event.withheld,
                                 by_code=state.by_code)
        error = "doc.error.withheld" if event.withheld else ""
        return Reply(replace(state, status="listed", items=items, error=error), dossier)

    def _open(self, state, dossier, event):
        item = next((i for i in state.items if i.doc_id == event.arg), None)
        tag = _tag(dossier)
        if item is None or (tag and item.recipient != tag):
            dossier = dossier.logged(event.wall, "document_refused", doc=event.arg, reason="not_yours")
            return Reply(replace(state, error="doc.error.not_yours"), dossier)
        doc = DocumentRef(item.doc_id, item.title, item.path, item.sha256, kind="judgment",
                          case_ref=item.case_ref, court=item.court, recipient=item.recipient,
                          recipient_name=item.recipient_name, service_form=item.service_form)
        dossier = replace(dossier, document=doc).logged(event.wall, "document_chosen", doc=item.doc_id,
                                                        by_code=state.by_code)
        return Reply(state, dossier, go=NEXT)

    def view(self, spec, state, dossier, ctx):
        who = dossier.applicant
        rows = tuple(DocumentRow(
            i.doc_id, i.title,
            ctx.t("doc.row", doc_type=ctx.t(f"form.option.doc_type.{i.doc_type}") if i.doc_type
                  else ctx.t("doc.type_unknown"), case_ref=i.case_ref or "-", at=i.issued_at[:10]),
            ctx.t("doc.served") if i.served else "", i.case_ref) for i in state.items)
        if state.status == "finding":
            headline = ctx.t("doc.finding")
        elif state.status == "listed" and rows:
            headline = ctx.t("doc.listed", count=len(rows))
        elif state.status == "listed" and self._waiting_new(spec, state, ctx.now) or (
                state.status == "listed" and spec.params.get("wait_for_new") and ctx.now - state.since < WAIT_NEW_S):
            headline = ctx.t("doc.arriving")
        elif state.status == "listed":
            headline = ctx.t("doc.none")
        else:
            headline = ctx.t("doc.waiting")
        labels = {k: ctx.t(f"doc.label.{k}") for k in ("open", "request", "code", "code_label", "cancel",
                                                       "or_card", "backspace", "confirm")}
        return DocumentsView(state.status, f"{who.name}（{who.masked_number}）" if who else "", rows,
                             headline, ctx.t(state.error) if state.error else "", state.editing,
                             state.code if state.editing else "",
                             bool(spec.params.get("can_request", True)),
                             state.tries < MAX_CODE_TRIES, labels)

    def prompt(self, spec, state, dossier, ctx):
        if state is not None and state.error:
            return ctx.t(state.error)
        if state is not None and state.status == "listed":
            return ctx.t("doc.voice.listed", count=len(state.items)) if state.items else ctx.t("doc.voice.none")
        return ctx.t(spec.prompt)
