"""A session's life: a touch or a card on the attract screen starts one (welcome said, the court
asked what is new for the card's holder), idleness warns and then ends it, and its end wipes
everything of the person (card, journey, news, language and mode) — the PIN count excepted."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from kiosk.flows import news
from kiosk.flows.base import Event
from kiosk.flows.effects import Speak
from kiosk.flows.events import CardRead
from kiosk.flows.shell.access import IDLE_FACTOR
from kiosk.flows.shell.effects import EndSession, StartSession
from kiosk.flows.shell.events import AdminTapped, CardTapped, ScreenTouched
from kiosk.flows.shell.state import NavState, Result

WARNING_TEXT = "还需要更多时间吗？"
WELCOME_TEXT = "欢迎使用诉讼服务自助终端，请选择要办理的业务。"


def said(state: NavState, key: str, fallback: str) -> str:
    """A spoken sentence in the session's language (the fallback without a catalogue)."""
    texts = state.env.texts
    return texts.t(key, state.lang) if texts is not None else fallback


def from_attract(state: NavState, event: Event) -> Result:
    if isinstance(event, (ScreenTouched, CardTapped, CardRead)):
        identity = event.identity if isinstance(event, CardRead) else None
        started = replace(state, screen="home", last_activity=state.now, warning_until=None,
                          identity=identity, journey=None)
        started, asked = news.ask_for(started, identity)
        return started, (StartSession(), Speak(said(state, "access.welcome_voice", WELCOME_TEXT))) + asked
    if isinstance(event, AdminTapped):
        started = replace(state, screen="admin_pin", last_activity=state.now, warning_until=None,
                          gate=replace(state.gate, last_wrong=False))
        return started, (StartSession(),)
    return state, ()


def idle_tick(state: NavState) -> Result:
    """The clock in a session: the idle warning once the person has been still long enough, the
    session's end once the warning ran out."""
    if state.warning_until is not None:
        if state.now >= state.warning_until:
            return end_session(state, "timeout")
        return state, ()
    factor = IDLE_FACTOR.get(state.mode, 1.0)
    if state.now - state.last_activity >= state.policy.idle_timeout_s * factor:
        warned = replace(state, warning_until=state.now + state.policy.idle_warning_s * factor)
        return warned, (Speak(said(state, "shell.more_time", WARNING_TEXT)),)
    return state, ()


def end_session(state: NavState, reason: Literal["finished", "timeout", "logout"]) -> Result:
    """Back to the attract screen; the controller wipes the session."""
    ended = replace(state, screen="attract", service=None, warning_until=None, journey=None,
                    identity=None, lang="zh", mode=state.policy.mode, news=None, news_for="", unseen=(),
                    gate=replace(state.gate, checking=False, last_wrong=False))
    return ended, (EndSession(reason),)
