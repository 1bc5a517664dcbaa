"""The journey engine: a journey is an ordered map of reusable steps; this runs one.

``start_journey`` and ``journey_transition`` are pure, like the shell's ``transition``. The
engine owns only the moving between steps (next in order, a branch, back along the trail, skips)
and the voice prompt on arrival; what a step does is its kind's business (``kiosk.flows.steps``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.flows.base import Effect, Event
from kiosk.flows.dossier import Dossier, Identity
from kiosk.flows.effects import Speak
from kiosk.spoken import speakable
from kiosk.flows.events import ReplayTapped
from kiosk.flows.steps import capture_events
from kiosk.flows.steps.base import BACK, END, NEXT, Context, Handoff, Step, StepSpec
from kiosk.flows.steps.capture_events import GLOBAL_EVENTS


@dataclass(frozen=True)
class Journey:
    """A service as data: its steps in order and what its packet is."""

    id: str
    service: str
    title: str
    steps: tuple[StepSpec, ...]
    packet_kind: str = "filing"
    case_types: tuple[str, ...] = ()

    def spec(self, step_id: str) -> StepSpec:
        for spec in self.steps:
            if spec.id == step_id:
                return spec
        raise KeyError(f"journey {self.id} has no step {step_id!r}")

    def after(self, step_id: str) -> str | None:
        ids = [s.id for s in self.steps]
        i = ids.index(step_id)
        return ids[i + 1] if i + 1 < len(ids) else None


@dataclass(frozen=True)
class JourneyState:
    journey: Journey = field(compare=False)
    step: str
    states: dict[str, Any]
    dossier: Dossier
    trail: tuple[str, ...] = ()
    resume: str = ""
    """Set when the check step sent the person to fix something: the fixed step's 下一步 returns there."""

    @property
    def spec(self) -> StepSpec:
        return self.journey.spec(self.step)


def step_kinds() -> dict[str, Step]:
    from kiosk.flows.steps.registry import STEP_KINDS

    return STEP_KINDS


def _kind(spec: StepSpec) -> Step:
    return step_kinds()[spec.kind]


def start_journey(journey: Journey, ctx: Context, identity: Identity | None = None,
                  seed: Dossier | None = None):
    """Arrive at the first step; ``identity`` is a card already read in this session; ``seed`` a
    dossier to start from (a rejected filing's contents, for correct and resubmit)."""
    if seed is not None:
        dossier = replace(seed, service=journey.service, applicant=identity or seed.applicant,
                          lang=ctx.lang, audit=())
        dossier = dossier.logged(ctx.wall, "journey_started", journey=journey.id,
                                 supersedes=seed.supersedes)
    else:
        dossier = Dossier(service=journey.service, applicant=identity, lang=ctx.lang)
        dossier = dossier.logged(ctx.wall, "journey_started", journey=journey.id)
    js = JourneyState(journey, journey.steps[0].id, {}, dossier)
    return _arrive(js, journey.steps[0].id, ctx, push=False)


def journey_transition(js: JourneyState, event: Event, ctx: Context):
    """(new state or None when the journey ended, effects)."""
    spec = js.spec
    kind = _kind(spec)
    state = js.states.get(spec.id)
    if isinstance(event, GLOBAL_EVENTS):
        js = replace(js, dossier=capture_events.apply(js.dossier, event))
    if isinstance(event, ReplayTapped):
        return js, (Speak(speakable(kind.prompt(spec, state, js.dossier, ctx), ctx.lang)),)
    reply = kind.handle(spec, state, js.dossier, event, ctx)
    js = replace(js, states={**js.states, spec.id: reply.state}, dossier=reply.dossier)
    if reply.go is None:
        return js, reply.effects
    if reply.go == END:
        return None, reply.effects
    if isinstance(reply.go, Handoff):  # the shell opens the other journey
        return reply.go, reply.effects
    if reply.go == BACK:
        if not js.trail:
            return None, reply.effects
        previous = js.trail[-1]
        moved, effects = _arrive(replace(js, trail=js.trail[:-1]), previous, ctx, push=False)
        return moved, reply.effects + effects
    if reply.go == NEXT and js.resume:
        target, js = js.resume, replace(js, resume="")
    elif reply.go == NEXT:
        target = _next_id(js, spec)
    else:  # a jump to a named step (the check's "fix" buttons): come back here afterwards
        target, js = reply.go, replace(js, resume=spec.id)
    if target is None:
        return None, reply.effects
    moved, effects = _arrive(js, target, ctx, push=True)
    return moved, reply.effects + effects


def back(js: JourneyState, ctx: Context):
    """The footer's 返回: the previous step, or None (leave the journey) at the first. Steps after
    the packet is sealed have no way back (``no_back``)."""
    if js.spec.params.get("no_back"):
        return js, ()
    if not js.trail:
        return None, ()
    return _arrive(replace(js, trail=js.trail[:-1], resume=""), js.trail[-1], ctx, push=False)


def _next_id(js: JourneyState, spec: StepSpec) -> str | None:
    if callable(spec.next):
        return spec.next(js.dossier)
    return spec.next or js.journey.after(spec.id)


def _arrive(js: JourneyState, step_id: str, ctx: Context, *, push: bool):
    journey = js.journey
    effects: tuple[Effect, ...] = ()
    trail = js.trail + ((js.step,) if push else ())
    while True:
        spec = journey.spec(step_id)
        if spec.skip is None or not spec.skip(js.dossier):
            break
        following = _next_id(js, spec) if push else (trail[-1] if trail else None)
        if following is None:
            return None, effects
        if not push:
            trail = trail[:-1]
        step_id = following
    kind = _kind(spec)
    state = js.states.get(spec.id)
    if state is None:
        state = kind.initial(spec, js.dossier, ctx)
    reply = kind.enter(spec, state, js.dossier, ctx)
    js = replace(js, step=spec.id, trail=trail, states={**js.states, spec.id: reply.state},
                 dossier=reply.dossier.logged(ctx.wall, "step", step=spec.id))
    effects += (Speak(speakable(kind.prompt(spec, reply.state, js.dossier, ctx), ctx.lang)),) \
        + reply.effects
    return js, effects


def title_of(js: JourneyState, ctx: Context) -> str:
    """The current step's page title (its kind may word it from the dossier)."""
    spec = js.spec
    return _kind(spec).title(spec, js.states.get(spec.id), js.dossier, ctx)


def view_of(js: JourneyState, ctx: Context) -> tuple[str, Any]:
    """(step kind, the kind's view) of the current step."""
    spec = js.spec
    kind = _kind(spec)
    return spec.kind, kind.view(spec, js.states.get(spec.id), js.dossier, ctx)
