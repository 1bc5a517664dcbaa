"""What the shell keeps between events: the site's policy (timeouts, admin limits, display mode),
what journeys read besides events (``Env``), the wrong-PIN count that outlives a session, and
``NavState`` itself. Data only, so every other part of the shell can import it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from kiosk.flows.base import Effect
from kiosk.flows.dossier import Identity
from kiosk.flows.steps.base import Context

Screen = str
"""attract | home | service (a landing page) | journey | admin_pin | admin."""


@dataclass(frozen=True)
class Policy:
    """Timeouts and admin limits, copied once from settings.ui."""

    idle_timeout_s: float = 90.0
    idle_warning_s: float = 20.0
    admin_max_attempts: int = 5
    admin_lockout_s: float = 300.0
    mode: str = "normal"
    """The site's display mode (``ui.mode``): every session starts in it."""

    @classmethod
    def from_ui(cls, ui) -> Policy:
        return cls(ui.idle_timeout_s, ui.idle_warning_s, ui.admin_max_attempts, ui.admin_lockout_s,
                   getattr(ui, "mode", "normal") or "normal")


@dataclass(frozen=True)
class Env:
    """What journeys read besides events: the journeys, the court directory, the catalogue."""

    journeys: dict = field(default_factory=dict)
    courts: Any = None
    kiosk_court: str = ""
    texts: Any = None
    receipt_deadline_s: float = 15 * 60

    def context(self, state: "NavState") -> Context:
        return Context(self.courts, self.kiosk_court, self.texts, state.lang, state.now, state.wall,
                       self.receipt_deadline_s)


@dataclass(frozen=True)
class AdminGate:
    """Wrong-PIN counting; survives the end of a session so leaving does not reset the count."""

    failures: int = 0
    locked_until: float | None = None
    checking: bool = False
    last_wrong: bool = False

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclass(frozen=True)
class NavState:
    policy: Policy = field(default_factory=Policy)
    screen: Screen = "attract"
    service: str | None = None
    now: float = 0.0
    last_activity: float = 0.0
    warning_until: float | None = None
    gate: AdminGate = field(default_factory=AdminGate)
    journey: Any = None
    """``engine.JourneyState`` while a service's journey runs."""
    identity: Identity | None = field(default=None, repr=False)
    """The card read in this session (wiped with it); journeys pre-fill the applicant from it."""
    lang: str = "zh"
    mode: str = "normal"
    """This session's display mode (适老模式 / 高对比度 tapped); back to the site's at its end."""
    wall: float = 0.0
    env: Env = field(default_factory=Env, compare=False, repr=False)
    news: Any = None
    """``kiosk.flows.news.News`` to show once (new judge replies, documents), wiped with the session."""
    news_for: str = field(default="", repr=False)
    """Whose news was asked for in this session (the card's number; wiped with the session)."""
    news_ticket: int = 0
    unseen: tuple = ()
    """``DocumentShown`` effects of answers that arrived under the idle warning: run once the
    warning is dismissed (the step on screen again), dropped if the session times out."""

    @property
    def in_session(self) -> bool:
        return self.screen != "attract"

    @property
    def warning_seconds_left(self) -> int | None:
        if self.warning_until is None:
            return None
        return max(0, math.ceil(self.warning_until - self.now))


Result = tuple[NavState, tuple[Effect, ...]]


def initial_state(policy: Policy, now: float = 0.0, env: Env | None = None) -> NavState:
    return NavState(policy=policy, now=now, last_activity=now, env=env or Env(), mode=policy.mode)
