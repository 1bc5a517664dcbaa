"""The shell: navigation and the session lifecycle (attract, home, idle, admin) as one pure
state machine, hosting the journey engine for services that have a journey.

``transition(state, event) -> (state, effects)``: no Kivy, no clock, no I/O. Time arrives inside
events (``at``, seconds on a monotonic clock) so tests drive a 90-second idle timeout instantly.
Every screen except the attract screen belongs to a session; leaving the attract screen starts
one, returning to it ends (wipes) it.

One module per part: ``state`` (policy, ``NavState``), ``events`` and ``effects`` (its
vocabulary), ``lifecycle`` (start, idle warning, end), ``access`` (language, mode, volume),
``admin`` (PIN and staff badge) and ``routing`` (``transition``, hosting the journeys). Every
public name is importable from here, as callers always have.
"""

from __future__ import annotations

from kiosk.flows.shell.access import FOREIGN_CARDS, IDLE_FACTOR, LANGUAGES, MODE_NAMES, toggled
from kiosk.flows.shell.effects import EndSession, RefreshAdminStatus, ReplayVoice, StartSession, TuneVoice, VerifyPin
from kiosk.flows.shell.events import (USER_EVENTS, AdminTapped, BackTapped, CardTapped, EndTapped, LanguageChosen,
                                      LogoutTapped, ModeToggled, MoreTimeTapped, PinChecked, PinSubmitted,
                                      ScreenTouched, StaffBadgeRead, TileTapped, VolumeTapped)
from kiosk.flows.shell.lifecycle import WARNING_TEXT, WELCOME_TEXT, end_session
from kiosk.flows.shell.routing import transition
from kiosk.flows.shell.state import AdminGate, Env, NavState, Policy, Result, Screen, initial_state

__all__ = [
    "FOREIGN_CARDS", "IDLE_FACTOR", "LANGUAGES", "MODE_NAMES", "toggled",
    "EndSession", "RefreshAdminStatus", "ReplayVoice", "StartSession", "TuneVoice", "VerifyPin",
    "USER_EVENTS", "AdminTapped", "BackTapped", "CardTapped", "EndTapped", "LanguageChosen", "LogoutTapped",
    "ModeToggled", "MoreTimeTapped", "PinChecked", "PinSubmitted", "ScreenTouched", "StaffBadgeRead",
    "TileTapped", "VolumeTapped",
    "WARNING_TEXT", "WELCOME_TEXT", "end_session",
    "transition",
    "AdminGate", "Env", "NavState", "Policy", "Result", "Screen", "initial_state",
]
