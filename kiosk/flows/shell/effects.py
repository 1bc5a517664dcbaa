"""What the shell asks the controller to do (imperative): start and end (wipe) a session, check a
PIN off the main thread, refresh the admin screen, tune or replay the voice. The journeys' own
effects are in ``kiosk.flows.effects``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.flows.base import Effect


@dataclass(frozen=True)
class StartSession(Effect):
    pass


@dataclass(frozen=True)
class EndSession(Effect):
    reason: Literal["finished", "timeout", "logout"]


@dataclass(frozen=True)
class VerifyPin(Effect):
    pin: str = field(repr=False)


@dataclass(frozen=True)
class RefreshAdminStatus(Effect):
    pass


@dataclass(frozen=True)
class TuneVoice(Effect):
    """The voice follows the session: its language, elderly rate, a volume step."""

    lang: str = "zh"
    mode: str = "normal"
    volume_step: int = 0


@dataclass(frozen=True)
class ReplayVoice(Effect):
    """再听一遍 outside a journey: the voice says its last prompt again."""
