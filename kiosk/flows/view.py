"""What the screens render: one immutable view state built from the navigation state.

Screens import only this module and ``catalog`` from the core; they send the navigation events
(``kiosk.flows.navigation``) back as intents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from typing import Any

from kiosk.flows import engine
from kiosk.flows.catalog import SERVICES, ServiceInfo, service_by_id
from kiosk.flows.news import view as news_view
from kiosk.flows.shell import NavState

NOT_CONNECTED = "未连接"
UNKNOWN = "—"


@dataclass(frozen=True)
class WarningView:
    seconds_left: int


@dataclass(frozen=True)
class PinView:
    locked: bool = False
    lock_seconds_left: int = 0
    attempts_left: int = 0
    checking: bool = False
    wrong: bool = False


@dataclass(frozen=True)
class AdminInfo:
    """Facts for the admin screen; device and queue values stay placeholders until wired."""

    kiosk_id: str = UNKNOWN
    config: tuple[tuple[str, str], ...] = ()
    devices: tuple[tuple[str, str], ...] = ()
    queue_depth: str = UNKNOWN
    attention: tuple[str, ...] = ()
    """What needs staff: receipts overdue past 15 minutes, packets parked with their reason."""


@dataclass(frozen=True)
class StepFrame:
    """What every step screen shows around its body: the journey, the step, the way back."""

    kind: str
    journey_title: str
    title: str
    number: int
    count: int
    can_back: bool
    back_label: str
    end_label: str
    replay_label: str
    progress: str
    body: Any
    """The step kind's own view (``kiosk.flows.steps.<kind>``)."""


@dataclass(frozen=True)
class ViewState:
    screen: str
    court_name: str
    location: str = ""
    services: tuple[ServiceInfo, ...] = SERVICES
    service: ServiceInfo | None = None
    warning: WarningView | None = None
    pin: PinView = field(default_factory=PinView)
    admin: AdminInfo = field(default_factory=AdminInfo)
    step: StepFrame | None = None
    lang: str = "zh"
    mode: str = "normal"
    """The session's display mode (screens.theme.MODES); the root rebuilds its screens on a change."""
    news: Any = None
    """``kiosk.flows.news.NewsView`` over whatever screen is open (new replies at the ID tap)."""


def step_frame(state: NavState) -> StepFrame:
    js = state.journey
    ctx = state.env.context(state)
    kind, body = engine.view_of(js, ctx)
    # Steps this dossier passes over (another branch, a first-instance case's origin court) are
    # not counted: "第 2 步，共 2 步" for a two-step way through a journey of eleven.
    ids = [s.id for s in js.journey.steps if s.id == js.step or s.skip is None or not s.skip(js.dossier)]
    number, count = ids.index(js.step) + 1, len(ids)
    return StepFrame(kind, ctx.t(js.journey.title), engine.title_of(js, ctx), number, count,
                     not js.spec.params.get("no_back"), ctx.t("common.back"), ctx.t("common.end"),
                     ctx.t("common.replay"), ctx.t("common.step_of", number=number, count=count), body)


def render_view(state: NavState, court_name: str, location: str, admin: AdminInfo) -> ViewState:
    """Pure: the same state always renders the same view (screenshots are reproducible)."""
    seconds = state.warning_seconds_left
    gate = state.gate
    locked = gate.locked(state.now)
    pin = PinView(
        locked=locked,
        lock_seconds_left=max(0, math.ceil(gate.locked_until - state.now)) if locked else 0,
        attempts_left=state.policy.admin_max_attempts - gate.failures,
        checking=gate.checking,
        wrong=gate.last_wrong,
    )
    frame = step_frame(state) if state.journey is not None else None
    return ViewState(
        screen=f"step.{frame.kind}" if frame else state.screen,
        step=frame,
        lang=state.lang,
        mode=state.mode,
        court_name=court_name,
        location=location,
        service=service_by_id(state.service) if state.service else None,
        warning=WarningView(seconds) if seconds is not None else None,
        pin=pin,
        admin=admin if state.screen == "admin" else AdminInfo(),
        news=news_view(state),
    )
