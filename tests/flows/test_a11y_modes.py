"""Elderly mode: longer idle timeouts and slower speech; other modes leave them alone."""

from __future__ import annotations

import pytest

from config.settings import UI
from kiosk.a11y.modes import effective_ui

pytestmark = pytest.mark.unit


def test_elderly_doubles_the_idle_time_and_slows_speech():
    ui = UI(idle_timeout_s=90, idle_warning_s=20, voice_rate_wpm=150)
    elderly = effective_ui(ui, "elderly")
    assert (elderly.idle_timeout_s, elderly.idle_warning_s) == (180, 40)
    assert elderly.voice_rate_wpm == 120 and elderly.mode == "elderly"
    same = effective_ui(ui, "high_contrast")
    assert (same.idle_timeout_s, same.idle_warning_s, same.voice_rate_wpm) == (90, 20, 150)
    with pytest.raises(KeyError):
        effective_ui(ui, "giant")
