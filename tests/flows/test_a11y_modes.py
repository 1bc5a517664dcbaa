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


def test_a_foreign_permanent_residence_card_switches_to_english():
    from kiosk.a11y.modes import language_for_card
    from kiosk.texts import catalogue

    for card in ("foreign_permanent_2017", "foreign_permanent_2023"):
        assert language_for_card(card) == "en"
        assert catalogue().has(f"idcard.type.{card}", "en")
    assert language_for_card("resident") is None
    assert language_for_card("hmt_residence_permit") is None
