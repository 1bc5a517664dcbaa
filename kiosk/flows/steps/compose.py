"""A message typed for the judge (联系法官): one text field, written on the pinyin keyboard (or by
hand), at most ``max_chars`` characters; an over-long or empty one is explained, the text kept."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.dossier import Value
from kiosk.flows.events import ActionTapped, FieldEdited, FieldFocused, NextTapped
from kiosk.flows.steps.base import NEXT, Reply, Step

MAX_CHARS = 500


@dataclass(frozen=True)
class ComposeState:
    editing: bool = False
    error: str = ""


@dataclass(frozen=True)
class ComposeView:
    text: str
    count: str
    error: str
    case_number: str
    editing: bool
    editing_label: str
    can_continue: bool
    write_label: str = ""
    case_label: str = ""
    placeholder: str = ""
    next_label: str = ""


class Compose(Step):
    kind = "compose"

    def initial(self, spec, dossier, ctx):
        return ComposeState()

    def _limit(self, spec) -> int:
        return int(spec.params.get("max_chars", MAX_CHARS))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, FieldFocused) and event.target == "message":
            return Reply(replace(state, editing=True), dossier)
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=False), dossier)
        if isinstance(event, FieldEdited) and event.target == "message":
            text = event.value.strip()
            error = ""
            if len(text) > self._limit(spec):
                error = ctx.t("q.compose.too_long", limit=self._limit(spec), count=len(text))
            dossier = replace(dossier, message=Value(text, "typed") if text else None)
            return Reply(ComposeState(editing=False, error=error), dossier)
        if isinstance(event, NextTapped):
            text = dossier.message.value if dossier.message else ""
            if not text:
                return Reply(replace(state, error=ctx.t("q.compose.empty")), dossier)
            if len(text) > self._limit(spec):
                return Reply(state, dossier)
            return Reply(state, dossier.logged(event.wall, "message_written", chars=len(text)), go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        text = dossier.message.value if dossier.message else ""
        ok = bool(text) and len(text) <= self._limit(spec)
        return ComposeView(text, ctx.t("q.compose.count", count=len(text), limit=self._limit(spec)),
                           state.error, dossier.case_ref, state.editing, ctx.t("q.compose.label"),
                           ok and not state.editing,
                           ctx.t("q.compose.edit" if text else "q.compose.fill"),
                           ctx.t("q.compose.case", case=dossier.case_ref) if dossier.case_ref else "",
                           ctx.t("q.compose.placeholder"), ctx.t("common.next"))
