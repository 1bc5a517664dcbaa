"""Language, display mode, volume and staff badges in the navigation state machine (pure)."""

from __future__ import annotations

import pytest

from kiosk.flows.dossier import Identity
from kiosk.flows.events import CardRead, ReplayTapped
from kiosk.flows.navigation import ClockTicked, EndTapped, Policy, ScreenTouched, TileTapped
from kiosk.flows.shell import (LanguageChosen, ModeToggled, RefreshAdminStatus, ReplayVoice,
                               StaffBadgeRead, StartSession, TuneVoice, VolumeTapped,
                               initial_state, toggled, transition)
from kiosk.flows.view import render_view
from kiosk.flows.view import AdminInfo

pytestmark = pytest.mark.unit
POLICY = Policy(idle_timeout_s=90, idle_warning_s=20, mode="normal")
FOREIGN = Identity(name="史密斯", id_number="USA310012199003074517", card_type="foreign_permanent_2023",
                   name_en="SMITH, JOHN")


@pytest.fixture(scope="module")
def env():
    from config.loader import load_settings
    from kiosk.bootstrap import journey_env

    return journey_env(load_settings(None, use_site_default=False))


def run(state, *events):
    effects = []
    for event in events:
        state, new = transition(state, event)
        effects.extend(new)
    return state, effects


def view(state):
    return render_view(state, "巩义市人民法院", "", AdminInfo())


def test_language_switch_keeps_the_step_and_says_its_prompt_again_in_english(env):
    state = initial_state(POLICY, 0.0, env)
    state, _ = run(state, ScreenTouched(at=1), TileTapped("case_filing", at=2))
    step = state.journey.step
    state, effects = run(state, LanguageChosen("en", at=3))
    assert state.lang == "en" and state.journey.step == step and state.screen == "journey"
    assert view(state).lang == "en" and view(state).step.title.isascii()
    spoken = [e.text for e in effects if type(e).__name__ == "Speak"]
    assert spoken and spoken[0].isascii()  # the notice's prompt, in English
    assert TuneVoice("en", "normal", 0) in effects
    state, _ = run(state, LanguageChosen("fr", at=4))  # no such catalogue: nothing changes
    assert state.lang == "en"


def test_foreign_residence_card_switches_to_english_before_anything_is_said(env):
    state = initial_state(POLICY, 0.0, env)
    state, effects = run(state, CardRead(FOREIGN, at=1))
    assert state.screen == "home" and state.lang == "en" and state.identity is FOREIGN
    assert isinstance(effects[0], TuneVoice) and effects[0].lang == "en"
    welcome = [e.text for e in effects if type(e).__name__ == "Speak"]
    assert welcome and welcome[0].startswith("Welcome")
    resident = Identity(name="张三", id_number="410181199003074517")
    other, _ = run(initial_state(POLICY, 0.0, env), CardRead(resident, at=1))
    assert other.lang == "zh"


def test_session_end_forgets_language_and_mode(env):
    state = initial_state(POLICY, 0.0, env)
    state, _ = run(state, ScreenTouched(at=1), LanguageChosen("en", at=2),
                   ModeToggled("elderly", at=3))
    assert (state.lang, state.mode, view(state).mode) == ("en", "elderly", "elderly")
    state, _ = run(state, EndTapped(at=4))
    assert (state.screen, state.lang, state.mode) == ("attract", "zh", "normal")
    site = initial_state(Policy(mode="high_contrast"), 0.0, env)
    site, _ = run(site, ScreenTouched(at=1), ModeToggled("elderly", at=2), EndTapped(at=3))
    assert site.mode == "high_contrast"  # back to the site's own mode


def test_mode_toggles_combine():
    assert toggled("normal", "elderly") == "elderly"
    assert toggled("elderly", "high_contrast") == "elderly_high_contrast"
    assert toggled("elderly_high_contrast", "elderly") == "high_contrast"
    assert toggled("high_contrast", "high_contrast") == "normal"
    assert toggled("normal", "bogus") == "normal"


def test_elderly_mode_waits_twice_as_long_before_the_idle_warning():
    state = initial_state(POLICY, 0.0)
    state, _ = run(state, ScreenTouched(at=0), ModeToggled("elderly", at=0))
    state, _ = run(state, ClockTicked(at=150))
    assert state.warning_until is None  # 150 s < 2 × 90 s
    state, _ = run(state, ClockTicked(at=181))
    assert state.warning_until == pytest.approx(181 + 40)


def test_volume_and_replay_outside_a_journey_are_effects_for_the_voice():
    state = initial_state(POLICY, 0.0)
    state, effects = run(state, ScreenTouched(at=1), VolumeTapped(-10, at=2), ReplayTapped(at=3))
    assert TuneVoice("zh", "normal", -10) in effects and ReplayVoice() in effects
    _, effects = run(state, VolumeTapped(500, at=4))
    assert effects == [TuneVoice("zh", "normal", 50)]  # clamped


def test_staff_badge_opens_admin_from_attract_or_home_but_never_mid_journey(env):
    state = initial_state(POLICY, 0.0, env)
    opened, effects = run(state, StaffBadgeRead("04a1b2c3", at=1))
    assert opened.screen == "admin" and StartSession() in effects and RefreshAdminStatus() in effects
    home, _ = run(state, ScreenTouched(at=1))
    assert run(home, StaffBadgeRead("04a1b2c3", at=2))[0].screen == "admin"
    journey, _ = run(home, TileTapped("case_filing", at=2))
    still, effects = run(journey, StaffBadgeRead("04a1b2c3", at=3))
    assert still.screen == "journey" and still.journey == journey.journey and effects == []
