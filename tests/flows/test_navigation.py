"""The navigation state machine, without Kivy: every rule of the session lifecycle."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.flows.catalog import SERVICES
from kiosk.flows.navigation import (
    WARNING_TEXT,
    AdminTapped,
    BackTapped,
    CardTapped,
    ClockTicked,
    EndSession,
    EndTapped,
    LogoutTapped,
    MoreTimeTapped,
    PinChecked,
    PinSubmitted,
    Policy,
    RefreshAdminStatus,
    ScreenTouched,
    Speak,
    StartSession,
    TileTapped,
    VerifyPin,
    initial_state,
    transition,
)

pytestmark = pytest.mark.unit

POLICY = Policy(idle_timeout_s=90, idle_warning_s=20, admin_max_attempts=5, admin_lockout_s=300)


def run(state, *events):
    """Apply events in order; return the final state and all effects."""
    effects = []
    for event in events:
        state, new = transition(state, event)
        effects.extend(new)
    return state, effects


@pytest.fixture
def attract():
    return initial_state(POLICY, now=0.0)


@pytest.fixture
def home(attract):
    state, _ = transition(attract, ScreenTouched(at=1.0))
    return state


def test_first_touch_starts_a_session_on_home(attract):
    state, effects = transition(attract, ScreenTouched(at=5.0))
    assert state.screen == "home" and state.in_session
    assert effects[0] == StartSession()
    assert state.last_activity == 5.0


def test_card_tap_starts_a_session_too(attract):
    state, effects = transition(attract, CardTapped(at=1.0))
    assert state.screen == "home"
    assert StartSession() in effects


def test_attract_ignores_everything_else(attract):
    for event in (TileTapped("case_filing"), BackTapped(), EndTapped(), MoreTimeTapped(),
                  LogoutTapped(), PinSubmitted("1234"), ClockTicked(at=10_000)):
        state, effects = transition(attract, event)
        assert state.screen == "attract" and effects == ()


def test_tile_opens_its_service_and_back_returns_home(home):
    state, effects = transition(home, TileTapped("fee_payment", at=2.0))
    assert (state.screen, state.service, effects) == ("service", "fee_payment", ())
    state, _ = transition(state, BackTapped(at=3.0))
    assert (state.screen, state.service) == ("home", None)


@pytest.mark.parametrize("service", [s.id for s in SERVICES])
def test_every_catalogued_tile_has_a_screen(home, service):
    state, _ = transition(home, TileTapped(service))
    assert state.screen == "service" and state.service == service


def test_unknown_tile_is_ignored(home):
    state, effects = transition(home, TileTapped("no_such_service"))
    assert state == home and effects == ()


def test_end_wipes_and_returns_to_attract(home):
    state, _ = transition(home, TileTapped("case_query"))
    state, effects = transition(state, EndTapped(at=4.0))
    assert state.screen == "attract" and state.service is None
    assert effects == (EndSession("finished"),)


def test_idle_timeout_warns_counts_down_and_wipes(home):
    state, effects = run(home, ClockTicked(at=90.9))
    assert state.warning_until is None and effects == []
    state, effects = run(state, ClockTicked(at=91.0))
    assert state.warning_seconds_left == 20
    assert effects == [Speak(WARNING_TEXT)]
    state, _ = run(state, ClockTicked(at=96.2))
    assert state.warning_seconds_left == 15
    state, effects = run(state, ClockTicked(at=111.0))
    assert state.screen == "attract" and state.warning_until is None
    assert effects == [EndSession("timeout")]


def test_activity_postpones_the_warning(home):
    state, _ = run(home, ClockTicked(at=80), TileTapped("petition", at=80), ClockTicked(at=160))
    assert state.warning_until is None
    state, _ = run(state, ClockTicked(at=170))
    assert state.warning_until == 190


@pytest.mark.parametrize("answer", [MoreTimeTapped(at=95), ScreenTouched(at=95), CardTapped(at=95)])
def test_more_time_or_any_touch_dismisses_the_warning(home, answer):
    state, _ = run(home, ClockTicked(at=91), answer)
    assert state.warning_until is None and state.screen == "home"
    state, _ = run(state, ClockTicked(at=95 + 89))
    assert state.warning_until is None  # the full timeout starts again


def test_end_during_warning_finishes_at_once(home):
    state, effects = run(home, ClockTicked(at=91), EndTapped(at=92))
    assert state.screen == "attract" and effects[-1] == EndSession("finished")


def test_tiles_are_inert_while_warning_shows(home):
    state, _ = run(home, ClockTicked(at=91))
    after, effects = transition(state, TileTapped("case_filing", at=92))
    assert after.screen == "home" and after.warning_until is not None and effects == ()


# --- admin ---------------------------------------------------------------------------------


@pytest.fixture
def pin_pad(attract):
    state, effects = transition(attract, AdminTapped(at=1.0))
    assert effects == (StartSession(),)
    return state


def test_pin_is_verified_off_the_state_machine(pin_pad):
    state, effects = transition(pin_pad, PinSubmitted("246810", at=2))
    assert state.gate.checking and effects == (VerifyPin("246810"),)
    again, effects = transition(state, PinSubmitted("246810", at=2))
    assert effects == ()  # one check at a time
    state, effects = transition(state, PinChecked(True, at=3))
    assert state.screen == "admin" and effects == (RefreshAdminStatus(),)
    state, effects = transition(state, LogoutTapped(at=4))
    assert state.screen == "attract" and effects == (EndSession("logout"),)


def test_empty_pin_is_not_checked(pin_pad):
    state, effects = transition(pin_pad, PinSubmitted("", at=2))
    assert effects == () and not state.gate.checking


def wrong(state, n, start=10.0):
    for i in range(n):
        state, _ = run(state, PinSubmitted("1111", at=start + i), PinChecked(False, at=start + i))
    return state


def test_five_wrong_pins_lock_the_admin_screen(pin_pad):
    state = wrong(pin_pad, 4)
    assert state.gate.failures == 4 and not state.gate.locked(state.now)
    state = wrong(state, 1, start=20)
    assert state.gate.locked(20) and state.gate.locked_until == 320
    locked, effects = transition(state, PinSubmitted("246810", at=30))
    assert effects == () and locked.screen == "admin_pin"


def test_lock_expires_after_lockout(pin_pad):
    state = wrong(pin_pad, 5)
    state, effects = transition(state, PinSubmitted("246810", at=14 + 300))
    assert effects == (VerifyPin("246810"),)


def test_leaving_does_not_reset_the_count(pin_pad):
    state = wrong(pin_pad, 4)
    state, _ = run(state, BackTapped(at=30), AdminTapped(at=31))
    assert state.screen == "admin_pin" and state.gate.failures == 4
    state = wrong(state, 1, start=40)
    assert state.gate.locked(41)


def test_wrong_answer_after_leaving_still_counts(pin_pad):
    state, _ = run(pin_pad, PinSubmitted("1111", at=2), BackTapped(at=2.1),
                   PinChecked(False, at=2.2))
    assert state.gate.failures == 1 and state.screen == "attract"


def test_late_success_after_leaving_does_not_open_admin(pin_pad):
    state, _ = run(pin_pad, PinSubmitted("246810", at=2), BackTapped(at=2.1),
                   PinChecked(True, at=2.2))
    assert state.screen == "attract"


def test_admin_screens_time_out_like_any_other(pin_pad):
    state, _ = run(pin_pad, PinSubmitted("246810", at=2), PinChecked(True, at=2.1),
                   ClockTicked(at=100), ClockTicked(at=120))
    assert state.screen == "attract"


# --- properties ------------------------------------------------------------------------------

EVENTS = st.one_of(
    st.builds(ScreenTouched), st.builds(CardTapped), st.builds(BackTapped), st.builds(EndTapped),
    st.builds(MoreTimeTapped), st.builds(AdminTapped), st.builds(LogoutTapped),
    st.builds(ClockTicked),
    st.builds(TileTapped, st.sampled_from([s.id for s in SERVICES] + ["bogus", ""])),
    st.builds(PinSubmitted, st.text(max_size=6)),
    st.builds(PinChecked, st.booleans()),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(EVENTS, st.floats(0, 200)), max_size=40))
def test_invariants_hold_for_any_event_sequence(steps):
    state = initial_state(POLICY)
    open_sessions = 0
    for event, gap in steps:
        event = type(event)(**{**event.__dict__, "at": state.now + gap})
        state, effects = transition(state, event)
        for effect in effects:
            if isinstance(effect, StartSession):
                assert open_sessions == 0
                open_sessions += 1
            if isinstance(effect, EndSession):
                assert open_sessions == 1
                open_sessions -= 1
        assert open_sessions == int(state.in_session)
        assert (state.service is not None) == (state.screen == "service")
        if state.screen == "attract":
            assert state.warning_until is None
        assert 0 <= state.gate.failures < POLICY.admin_max_attempts
