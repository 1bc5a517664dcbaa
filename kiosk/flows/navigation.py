"""Kept for older imports: the shell's names (``kiosk.flows.shell``) and the shared vocabulary."""

from kiosk.flows.base import ClockTicked, Effect, Event, UserEvent  # noqa: F401
from kiosk.flows.effects import Speak  # noqa: F401
from kiosk.flows.shell import *  # noqa: F401,F403
from kiosk.flows.shell import (USER_EVENTS, WARNING_TEXT, WELCOME_TEXT, AdminGate, Env,  # noqa: F401
                               NavState, Policy, Result, end_session)
