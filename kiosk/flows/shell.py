"""The shell: navigation and the session lifecycle (attract, home, idle, admin) as one pure
state machine, hosting the journey engine for services that have a journey.

``transition(state, event) -> (state, effects)``: no Kivy, no clock, no I/O. Time arrives inside
events (``at``, seconds on a monotonic clock) so tests drive a 90-second idle timeout instantly.
Every screen except the attract screen belongs to a session; leaving the attract screen starts
one, returning to it ends (wipes) it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kiosk.flows import engine, news
from kiosk.flows.base import ClockTicked, Effect, Event, UserEvent
from kiosk.flows.catalog import service_by_id
from kiosk.flows.dossier import Identity
from kiosk.flows.effects import Speak
from kiosk.flows.events import CardRead, ReplayTapped
from kiosk.flows.steps.base import Context

Screen = str
"""attract | home | service (a landing page) | journey | admin_pin | admin."""

WARNING_TEXT = "还需要更多时间吗？"
WELCOME_TEXT = "欢迎使用诉讼服务自助终端，请选择要办理的业务。"


# --- policy and state ---------------------------------------------------------------------


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


MODE_NAMES = ("normal", "elderly", "high_contrast", "elderly_high_contrast")
IDLE_FACTOR = {"elderly": 2.0, "elderly_high_contrast": 2.0}
"""Elderly mode waits twice as long before the idle warning (and during it)."""
LANGUAGES = ("zh", "en")


def toggled(mode: str, what: str) -> str:
    """``mode`` with 适老模式 (``what="elderly"``) or 高对比度 (``"high_contrast"``) flipped."""
    elderly = mode.startswith("elderly")
    contrast = mode.endswith("high_contrast")
    if what == "elderly":
        elderly = not elderly
    elif what == "high_contrast":
        contrast = not contrast
    else:
        return mode
    return {(False, False): "normal", (True, False): "elderly", (False, True): "high_contrast",
            (True, True): "elderly_high_contrast"}[(elderly, contrast)]


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

    @property
    def in_session(self) -> bool:
        return self.screen != "attract"

    @property
    def warning_seconds_left(self) -> int | None:
        if self.warning_until is None:
            return None
        return max(0, math.ceil(self.warning_until - self.now))


# --- events (past tense; ``at`` is stamped by the controller) -----------------------------


@dataclass(frozen=True)
class ScreenTouched(UserEvent):
    """A touch no button claimed: on the attract screen it starts a session."""


@dataclass(frozen=True)
class CardTapped(UserEvent):
    """An ID card or badge was put on a reader (sent by the device worker)."""

    reader: str = "idcard"


@dataclass(frozen=True)
class TileTapped(UserEvent):
    service: str


@dataclass(frozen=True)
class BackTapped(UserEvent):
    pass


@dataclass(frozen=True)
class EndTapped(UserEvent):
    """The litigant chose to finish (结束办理 / 退出)."""


@dataclass(frozen=True)
class MoreTimeTapped(UserEvent):
    pass


@dataclass(frozen=True)
class AdminTapped(UserEvent):
    pass


@dataclass(frozen=True)
class PinSubmitted(UserEvent):
    pin: str = field(repr=False)


@dataclass(frozen=True)
class PinChecked(Event):
    """Result of a PIN check run off the main thread."""

    ok: bool


@dataclass(frozen=True)
class LogoutTapped(UserEvent):
    pass


@dataclass(frozen=True)
class LanguageChosen(UserEvent):
    """中文 / English tapped on the accessibility bar (or a foreign card read)."""

    lang: str = "zh"


@dataclass(frozen=True)
class ModeToggled(UserEvent):
    """适老模式 or 高对比度 tapped: ``what`` is ``elderly`` or ``high_contrast``."""

    what: str = "elderly"


@dataclass(frozen=True)
class VolumeTapped(UserEvent):
    """音量 − / + tapped: ``step`` percentage points."""

    step: int = 10


@dataclass(frozen=True)
class StaffBadgeRead(Event):
    """A staff badge on the PC/SC reader, already verified (``kiosk.staff``): opens admin."""

    staff_id: str = ""


USER_EVENTS = (UserEvent,)
"""Kept for older callers: every event a person caused subclasses ``UserEvent``."""


# --- effects (imperative; executed by the controller) ---------------------------------------


@dataclass(frozen=True)
class StartSession(Effect):
    pass


@dataclass(frozen=True)
class EndSession(Effect):
    reason: Literal["finished", "timeout", "logout"]


@dataclass(frozen=True)
class VerifyPin(Effect):
    pin: str = field(repr=False)


@dataclass(frozen=True)
class RefreshAdminStatus(Effect):
    pass


@dataclass(frozen=True)
class TuneVoice(Effect):
    """The voice follows the session: its language, elderly rate, a volume step."""

    lang: str = "zh"
    mode: str = "normal"
    volume_step: int = 0


@dataclass(frozen=True)
class ReplayVoice(Effect):
    """再听一遍 outside a journey: the voice says its last prompt again."""


Result = tuple[NavState, tuple[Effect, ...]]


# --- transition ---------------------------------------------------------------------------


def initial_state(policy: Policy, now: float = 0.0, env: Env | None = None) -> NavState:
    return NavState(policy=policy, now=now, last_activity=now, env=env or Env(), mode=policy.mode)


def transition(state: NavState, event: Event) -> Result:
    """The next state and the effects to run; unknown or out-of-place events change nothing."""
    state = replace(state, now=max(state.now, event.at), wall=max(state.wall, event.wall))
    if isinstance(event, PinChecked):
        return _pin_checked(state, event)
    if isinstance(event, StaffBadgeRead):
        return _staff_badge(state)
    if isinstance(event, (LanguageChosen, ModeToggled, VolumeTapped)):
        return _a11y(state, event)
    if isinstance(event, CardRead) and event.identity.card_type in FOREIGN_CARDS \
            and state.lang != "en":  # its holder may not read Chinese: switch before anything
        state = replace(state, lang="en")
        state, effects = transition(state, event)
        return state, (_tune(state),) + effects
    if not state.in_session:
        return _from_attract(state, event)
    if isinstance(event, ClockTicked):
        state, effects = _tick(state)
        if state.journey is not None and state.warning_until is None:
            return _in_journey(state, event, effects)
        return state, effects
    if isinstance(event, UserEvent):
        state = replace(state, last_activity=state.now)
    if state.warning_until is not None:
        return _during_warning(state, event)
    return _in_session(state, event)


FOREIGN_CARDS = frozenset({"foreign_permanent_2017", "foreign_permanent_2023"})


def _said(state: NavState, key: str, fallback: str) -> str:
    """A spoken sentence in the session's language (the fallback without a catalogue)."""
    texts = state.env.texts
    return texts.t(key, state.lang) if texts is not None else fallback


def _tune(state: NavState, volume_step: int = 0) -> TuneVoice:
    return TuneVoice(state.lang, state.mode, volume_step)


def _a11y(state: NavState, event: Event) -> Result:
    """Language, mode and volume: on any screen (the attract screen too), for this session only;
    the current screen and journey stay where they are."""
    if isinstance(event, UserEvent):
        state = replace(state, last_activity=state.now)
    if isinstance(event, LanguageChosen):
        if event.lang not in LANGUAGES:
            return state, ()
        state = replace(state, lang=event.lang)
        if state.journey is not None:  # the step's prompt again, in the new language
            js, said = engine.journey_transition(state.journey, ReplayTapped(at=state.now),
                                                 state.env.context(state))
            return replace(state, journey=js), (_tune(state),) + said
    elif isinstance(event, ModeToggled):
        state = replace(state, mode=toggled(state.mode, event.what))
    else:
        return state, (_tune(state, max(-50, min(50, event.step))),)
    return state, (_tune(state),)


def _staff_badge(state: NavState) -> Result:
    """A verified staff badge: straight to the admin screen (ending any litigant's session)."""
    if state.screen in ("admin", "journey"):
        return state, ()  # never end a litigant's journey half-way: they would lose their work
    if state.in_session:
        state, _ = end_session(state, "logout")
    opened = replace(state, screen="admin", last_activity=state.now, warning_until=None,
                     gate=AdminGate() if not state.gate.locked(state.now) else state.gate)
    return opened, (StartSession(), RefreshAdminStatus())


def _from_attract(state: NavState, event: Event) -> Result:
    if isinstance(event, (ScreenTouched, CardTapped, CardRead)):
        identity = event.identity if isinstance(event, CardRead) else None
        started = replace(state, screen="home", last_activity=state.now, warning_until=None,
                          identity=identity, journey=None)
        started, asked = news.ask_for(started, identity)
        return started, (StartSession(), Speak(_said(state, "access.welcome_voice", WELCOME_TEXT))) + asked
    if isinstance(event, AdminTapped):
        started = replace(state, screen="admin_pin", last_activity=state.now, warning_until=None,
                          gate=replace(state.gate, last_wrong=False))
        return started, (StartSession(),)
    return state, ()


def _tick(state: NavState) -> Result:
    if state.warning_until is not None:
        if state.now >= state.warning_until:
            return end_session(state, "timeout")
        return state, ()
    factor = IDLE_FACTOR.get(state.mode, 1.0)
    if state.now - state.last_activity >= state.policy.idle_timeout_s * factor:
        warned = replace(state, warning_until=state.now + state.policy.idle_warning_s * factor)
        return warned, (Speak(_said(state, "shell.more_time", WARNING_TEXT)),)
    return state, ()


def _during_warning(state: NavState, event: Event) -> Result:
    if isinstance(event, EndTapped):
        return end_session(state, "finished")
    if isinstance(event, (MoreTimeTapped, ScreenTouched, CardTapped)):
        return replace(state, warning_until=None), ()
    if state.journey is not None and not isinstance(event, UserEvent):
        return _in_journey(state, event, ())  # a worker's answer still lands in the dossier
    return state, ()


def _in_session(state: NavState, event: Event) -> Result:
    if isinstance(event, EndTapped):
        return end_session(state, "finished")
    if isinstance(event, ReplayTapped) and state.journey is None:
        return state, (ReplayVoice(),)
    if news.is_answer(state, event):
        return news.answered(state, event)
    if isinstance(event, (news.NewsOpened, news.NewsDismissed)):
        return news.tapped(state, event)
    if isinstance(event, CardRead) and state.journey is None:
        return news.ask_for(replace(state, identity=event.identity), event.identity)
    if state.screen == "home" and isinstance(event, TileTapped):
        if service_by_id(event.service) is None:
            return state, ()
        journey = state.env.journeys.get(event.service)
        if journey is not None:
            js, effects = engine.start_journey(journey, state.env.context(state), state.identity)
            return replace(state, screen="journey", service=event.service, journey=js), effects
        return replace(state, screen="service", service=event.service), ()
    if state.screen == "journey":
        if isinstance(event, BackTapped):
            js, effects = engine.back(state.journey, state.env.context(state))
            return _journey_moved(state, js, effects)
        return _in_journey(state, event, ())
    if state.screen == "service" and isinstance(event, BackTapped):
        return replace(state, screen="home", service=None), ()
    if state.screen == "admin_pin":
        return _admin_pin(state, event)
    if state.screen == "admin" and isinstance(event, LogoutTapped):
        return end_session(state, "logout")
    return state, ()


def _in_journey(state: NavState, event: Event, effects: tuple[Effect, ...]) -> Result:
    js, more = engine.journey_transition(state.journey, event, state.env.context(state))
    if isinstance(event, CardRead) and isinstance(js, engine.JourneyState) \
            and js.dossier.applicant is event.identity:
        state = replace(state, identity=event.identity)
    if isinstance(event, CardRead):  # the card on any step: what is new for this person, once
        state, asked = news.ask_for(state, event.identity)
        more = more + asked
    return _journey_moved(state, js, effects + more)


def _journey_moved(state: NavState, js, effects: tuple[Effect, ...]) -> Result:
    from kiosk.flows.steps.base import Handoff

    if isinstance(js, Handoff) and state.env.journeys.get(js.journey) is not None:
        nxt, more = engine.start_journey(state.env.journeys[js.journey], state.env.context(state),
                                         state.identity, seed=js.seed)
        if nxt is not None:
            return replace(state, screen="journey", service=js.journey, journey=nxt), effects + more
        js = None
    if js is None or isinstance(js, Handoff):  # the journey ended (done, or 返回 from its first step): back to the services
        return replace(state, screen="home", service=None, journey=None), effects
    return replace(state, journey=js), effects


def _admin_pin(state: NavState, event: Event) -> Result:
    if isinstance(event, BackTapped):
        return end_session(state, "finished")
    if isinstance(event, PinSubmitted):
        gate = state.gate
        if gate.locked(state.now) or gate.checking or not event.pin:
            return state, ()
        if gate.locked_until is not None:  # a past lock-out has expired
            gate = replace(gate, locked_until=None)
        return replace(state, gate=replace(gate, checking=True)), (VerifyPin(event.pin),)
    return state, ()


def _pin_checked(state: NavState, event: PinChecked) -> Result:
    """Count every wrong answer, even one that arrives after the session ended."""
    gate = replace(state.gate, checking=False)
    if not event.ok:
        failures = gate.failures + 1
        if failures >= state.policy.admin_max_attempts:
            gate = replace(gate, failures=0, locked_until=state.now + state.policy.admin_lockout_s,
                           last_wrong=True)
        else:
            gate = replace(gate, failures=failures, last_wrong=True)
        return replace(state, gate=gate), ()
    if state.screen != "admin_pin" or not state.gate.checking:
        return replace(state, gate=gate), ()  # stale success: the person has gone
    gate = AdminGate()
    return replace(state, screen="admin", gate=gate), (RefreshAdminStatus(),)


def end_session(state: NavState, reason: Literal["finished", "timeout", "logout"]) -> Result:
    """Back to the attract screen; the controller wipes the session."""
    ended = replace(state, screen="attract", service=None, warning_until=None, journey=None,
                    identity=None, lang="zh", mode=state.policy.mode, news=None, news_for="",
                    gate=replace(state.gate, checking=False, last_wrong=False))
    return ended, (EndSession(reason),)
