"""What every step kind implements, and the context a step may read.

A step is a pure machine: ``enter`` when the journey arrives at it, ``handle`` for each event,
``view`` for the screen of its kind. It returns a ``Reply``: its new state, the dossier (the
journey's gathered data), effects to run, and where to go (``NEXT``, ``BACK``, a step id, or
``END``). Steps never see Kivy, devices or the queue; their context is plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kiosk.flows.base import Effect, Event
from kiosk.flows.dossier import Dossier

NEXT, BACK, END = "@next", "@back", "@end"


@dataclass(frozen=True)
class StepSpec:
    """One step of a journey, as data: its kind, its texts, its parameters, what follows."""

    id: str
    kind: str
    title: str
    """Catalogue key of the step's title."""
    prompt: str
    """Catalogue key of what the voice says when the step appears."""
    params: Mapping[str, Any] = field(default_factory=dict)
    next: str | Callable[[Dossier], str] | None = None
    """The following step id, or a function of the dossier (a branch); None = the next in order."""
    skip: Callable[[Dossier], bool] | None = None
    """Pass over this step when it answers True (e.g. no origin court for a first-instance case)."""


@dataclass(frozen=True)
class Context:
    """Plain data a step may read: the court directory, rules, the catalogue, the clocks."""

    courts: Any
    """``config.courts.CourtDirectory``."""
    kiosk_court: str
    """The code of the court where this kiosk stands (the cooperating court)."""
    texts: Any
    """``kiosk.texts.Catalogue``."""
    lang: str = "zh"
    now: float = 0.0
    wall: float = 0.0
    receipt_deadline_s: float = 15 * 60

    def t(self, key: str, **fmt) -> str:
        return self.texts.t(key, self.lang, **fmt)


@dataclass(frozen=True)
class Handoff:
    """``Reply.go`` that ends this journey and opens another with a pre-filled dossier (my cases →
    correct and resubmit a rejected filing); the shell starts it with the session's card."""

    journey: str
    seed: Dossier


@dataclass(frozen=True)
class Reply:
    state: Any
    dossier: Dossier
    effects: tuple[Effect, ...] = ()
    go: "str | Handoff | None" = None


class Step:
    """Base class of the step kinds; subclasses override what they need."""

    kind: ClassVar[str] = ""

    def initial(self, spec: StepSpec, dossier: Dossier, ctx: Context) -> Any:
        return None

    def enter(self, spec: StepSpec, state: Any, dossier: Dossier, ctx: Context) -> Reply:
        return Reply(state, dossier)

    def handle(self, spec: StepSpec, state: Any, dossier: Dossier, event: Event,
               ctx: Context) -> Reply:
        return Reply(state, dossier)

    def view(self, spec: StepSpec, state: Any, dossier: Dossier, ctx: Context) -> Any:
        return None

    def prompt(self, spec: StepSpec, state: Any, dossier: Dossier, ctx: Context) -> str:
        """What the voice says on arrival (and on 再听一遍)."""
        return ctx.t(spec.prompt)

    def title(self, spec: StepSpec, state: Any, dossier: Dossier, ctx: Context) -> str:
        """The page title; a kind whose step can end in different ways names what happened."""
        return ctx.t(spec.title)
