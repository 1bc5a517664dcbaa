"""The vocabulary every flow shares: events in, effects out, and the ``Result`` pair.

Events are in the past tense and stamped by the controller (``at`` on the monotonic clock for
timeouts, ``wall`` in Unix seconds for the audit trail). An event a person caused subclasses
``UserEvent``: that, not a hand-kept list, is what resets the idle timer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    at: float = field(default=0.0, kw_only=True)
    wall: float = field(default=0.0, kw_only=True, compare=False)


@dataclass(frozen=True)
class UserEvent(Event):
    """Caused by a person at the kiosk (a tap, a card on the reader): counts as activity."""


@dataclass(frozen=True)
class Effect:
    """Something to do outside the pure flow; the dispatcher answers with events."""


Result = tuple[Any, tuple[Effect, ...]]


@dataclass(frozen=True)
class ClockTicked(Event):
    """A few times a second from the app: drives idle warnings and the 15-minute receipt clock."""
