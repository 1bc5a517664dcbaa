"""Language, display mode and volume (the accessibility bar, or a foreign card read): on any
screen, the attract screen too, for this session only; the screen and the journey stay where
they are, and the voice is tuned to follow."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows import engine
from kiosk.flows.base import Event, UserEvent
from kiosk.flows.events import ReplayTapped
from kiosk.flows.shell.effects import TuneVoice
from kiosk.flows.shell.events import LanguageChosen, ModeToggled
from kiosk.flows.shell.state import NavState, Result

MODE_NAMES = ("normal", "elderly", "high_contrast", "elderly_high_contrast")
IDLE_FACTOR = {"elderly": 2.0, "elderly_high_contrast": 2.0}
"""Elderly mode waits twice as long before the idle warning (and during it)."""
LANGUAGES = ("zh", "en")
FOREIGN_CARDS = frozenset({"foreign_permanent_2017", "foreign_permanent_2023"})
"""Cards whose holder may not read Chinese: the session switches to English when one is read."""


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


def tune(state: NavState, volume_step: int = 0) -> TuneVoice:
    return TuneVoice(state.lang, state.mode, volume_step)


def accessibility(state: NavState, event: Event) -> Result:
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
            return replace(state, journey=js), (tune(state),) + said
    elif isinstance(event, ModeToggled):
        state = replace(state, mode=toggled(state.mode, event.what))
    else:
        return state, (tune(state, max(-50, min(50, event.step))),)
    return state, (tune(state),)
