"""须知: the notice must be read to its end before it can be accepted (rules §6, §11)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.events import NextTapped, ScrolledToEnd
from kiosk.flows.steps.base import NEXT, Reply, Step


@dataclass(frozen=True)
class NoticeState:
    read_to_end: bool = False


@dataclass(frozen=True)
class NoticeView:
    title: str
    body: str
    can_accept: bool
    accept_label: str
    hint: str


class Notice(Step):
    kind = "notice"

    def initial(self, spec, dossier, ctx):
        return NoticeState()

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ScrolledToEnd):
            return Reply(replace(state, read_to_end=True), dossier)
        if isinstance(event, NextTapped) and state.read_to_end:
            dossier = replace(dossier, notice_accepted=True).logged(
                event.wall, "notice_accepted", notice=spec.params["text"])
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        return NoticeView(ctx.t(spec.title), ctx.t(spec.params["text"]), state.read_to_end,
                          ctx.t("step.notice.accept"),
                          "" if state.read_to_end else ctx.t("step.notice.scroll_hint"))
