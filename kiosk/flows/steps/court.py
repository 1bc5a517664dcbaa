"""The jurisdiction court: searched by name or pinyin initials, checked against the case type.

For an appeal or a retrial the litigant names the court that decided, and the court above is
computed; for a first enforcement it is the court that decided (``journeys.case_types``). The
kiosk's own court is the cooperating court and is shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.effects import Speak
from kiosk.flows.events import FieldEdited, NextTapped, OptionChosen
from kiosk.flows.rules.case_types import case_type_of, jurisdiction
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.spoken import speakable

MAX_RESULTS = 8


@dataclass(frozen=True)
class CourtState:
    query: str = ""
    chosen: str = ""


@dataclass(frozen=True)
class CourtView:
    question: str
    query: str
    results: tuple[tuple[str, str, str], ...]
    """(code, name, level text)."""
    chosen: str
    jurisdiction: str
    """The court the filing goes to, with the rule and clause, or the problem."""
    rule: str
    """The rule of law with its clause, as the voice reads it."""
    rule_brief: str
    """The rule without its clause: what the screen shows where the whole does not fit."""
    problem: str
    cooperating: str
    can_continue: bool


class CourtChoice(Step):
    kind = "court"

    def initial(self, spec, dossier, ctx):
        if dossier.supersedes and dossier.court:  # a resubmission: the court chosen the first time
            rule = case_type_of(dossier.case_type).court_rule if case_type_of(dossier.case_type) else ""
            return CourtState(chosen=dossier.court if rule == "first_instance" else dossier.origin_court)
        return CourtState()

    def _resolve(self, dossier, state, ctx):
        case_type = case_type_of(dossier.case_type)
        if case_type.court_rule == "first_instance":
            return jurisdiction(case_type, ctx.courts, state.chosen, "")
        return jurisdiction(case_type, ctx.courts, "", state.chosen)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, FieldEdited) and event.target == "court_query":
            return Reply(replace(state, query=event.value.strip()), dossier)
        if isinstance(event, OptionChosen) and ctx.courts.by_code(event.value) is not None:
            state = replace(state, chosen=event.value)
            court, _problem = self._resolve(dossier, state, ctx)
            origin = "" if case_type_of(dossier.case_type).court_rule == "first_instance" else event.value
            dossier = replace(dossier, court=court.code if court else "", origin_court=origin)
            heard = Speak(speakable(self.prompt(spec, state, dossier, ctx), ctx.lang))
            return Reply(state, dossier.logged(event.wall, "court_chosen", chosen=event.value,
                                               jurisdiction=dossier.court), (heard,))
        if isinstance(event, NextTapped) and dossier.court:
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def prompt(self, spec, state, dossier, ctx):
        """Before a choice, how to search; after it, where the filing goes and by which rule,
        whole with its clause (the screen may show it without), or why the choice is wrong."""
        if not state.chosen:
            return ctx.t(spec.prompt)
        view = self.view(spec, state, dossier, ctx)
        said = view.jurisdiction or view.problem
        # The rule is the law's own Chinese words: the English voice cannot read them.
        return f"{said}。{view.rule}" if view.jurisdiction and ctx.lang == "zh" else said

    def view(self, spec, state, dossier, ctx):
        case_type = case_type_of(dossier.case_type)
        found = ctx.courts.search(state.query)
        results = tuple((c.code, c.name, ctx.t(f"court.level.{c.level}")) for c in found[:MAX_RESULTS])
        court, problem = self._resolve(dossier, state, ctx) if state.chosen else (None, "")
        own = ctx.courts.by_code(ctx.kiosk_court)
        question = case_type.origin_question or ctx.t("court.question")
        return CourtView(
            question=ctx.t("court.choose", what=question), query=state.query, results=results,
            chosen=state.chosen,
            jurisdiction=ctx.t("court.goes_to", court=court.name) if court else "",
            rule=f"{case_type.rule_text}（{case_type.rule_source}）", rule_brief=case_type.rule_text,
            problem=ctx.t(f"check.{problem}") if problem else "",
            cooperating=ctx.t("court.cooperating", court=own.name if own else ctx.kiosk_court),
            can_continue=court is not None)
