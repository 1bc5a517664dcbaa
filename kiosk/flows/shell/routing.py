"""``transition``: which part of the shell an event goes to — the accessibility bar, the admin
gate, the session's lifecycle, the home screen's tiles, the court's news, or the journey running
(hosted here, with the hand-over from one journey to the next and the way back home)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows import engine, news
from kiosk.flows.base import ClockTicked, Effect, Event, UserEvent
from kiosk.flows.catalog import service_by_id
from kiosk.flows.effects import DocumentShown
from kiosk.flows.events import CardRead, ReplayTapped
from kiosk.flows.shell.access import FOREIGN_CARDS, accessibility, tune
from kiosk.flows.shell.admin import admin_pin, pin_checked, staff_badge
from kiosk.flows.shell.effects import ReplayVoice
from kiosk.flows.shell.events import (BackTapped, CardTapped, EndTapped, LanguageChosen, LogoutTapped,
                                      ModeToggled, MoreTimeTapped, PinChecked, ScreenTouched,
                                      StaffBadgeRead, TileTapped, VolumeTapped)
from kiosk.flows.shell.lifecycle import end_session, from_attract, idle_tick
from kiosk.flows.shell.state import NavState, Result


def transition(state: NavState, event: Event) -> Result:
    """The next state and the effects to run; unknown or out-of-place events change nothing."""
    state = replace(state, now=max(state.now, event.at), wall=max(state.wall, event.wall))
    if isinstance(event, PinChecked):
        return pin_checked(state, event)
    if isinstance(event, StaffBadgeRead):
        return staff_badge(state)
    if isinstance(event, (LanguageChosen, ModeToggled, VolumeTapped)):
        return accessibility(state, event)
    if isinstance(event, CardRead) and event.identity.card_type in FOREIGN_CARDS \
            and state.lang != "en":  # its holder may not read Chinese: switch before anything
        state = replace(state, lang="en")
        state, effects = transition(state, event)
        return state, (tune(state),) + effects
    if not state.in_session:
        return from_attract(state, event)
    if isinstance(event, ClockTicked):
        state, effects = idle_tick(state)
        if state.journey is not None and state.warning_until is None:
            return _in_journey(state, event, effects)
        return state, effects
    if isinstance(event, UserEvent):
        state = replace(state, last_activity=state.now)
    if state.warning_until is not None:
        return _during_warning(state, event)
    return _in_session(state, event)


def _during_warning(state: NavState, event: Event) -> Result:
    if isinstance(event, EndTapped):
        return end_session(state, "finished")
    if isinstance(event, (MoreTimeTapped, ScreenTouched, CardTapped)):  # the step shows again: seen now
        return replace(state, warning_until=None, unseen=()), state.unseen
    if state.journey is not None and not isinstance(event, UserEvent):
        state, effects = _in_journey(state, event, ())  # a worker's answer still lands in the dossier
        held = tuple(e for e in effects if isinstance(e, DocumentShown))  # under the warning: not seen yet
        return replace(state, unseen=state.unseen + held), tuple(e for e in effects if e not in held)
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
        return admin_pin(state, event)
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
