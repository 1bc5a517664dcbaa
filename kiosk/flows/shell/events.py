"""What the shell hears (past tense; ``at`` is stamped by the controller): the touches and taps
of the shell's own screens, the card readers, the accessibility bar and the PIN check's answer.
Screens send them through ``kiosk.flows.intents``."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.flows.base import Event, UserEvent


@dataclass(frozen=True)
class ScreenTouched(UserEvent):
    """A touch no button claimed: on the attract screen it starts a session."""


@dataclass(frozen=True)
class CardTapped(UserEvent):
    """An ID card or badge was put on a reader (sent by the device worker)."""

    reader: str = "idcard"


@dataclass(frozen=True)
class TileTapped(UserEvent):
    service: str


@dataclass(frozen=True)
class BackTapped(UserEvent):
    pass


@dataclass(frozen=True)
class EndTapped(UserEvent):
    """The litigant chose to finish (结束办理 / 退出)."""


@dataclass(frozen=True)
class MoreTimeTapped(UserEvent):
    pass


@dataclass(frozen=True)
class AdminTapped(UserEvent):
    pass


@dataclass(frozen=True)
class PinSubmitted(UserEvent):
    pin: str = field(repr=False)


@dataclass(frozen=True)
class PinChecked(Event):
    """Result of a PIN check run off the main thread."""

    ok: bool


@dataclass(frozen=True)
class LogoutTapped(UserEvent):
    pass


@dataclass(frozen=True)
class LanguageChosen(UserEvent):
    """中文 / English tapped on the accessibility bar (or a foreign card read)."""

    lang: str = "zh"


@dataclass(frozen=True)
class ModeToggled(UserEvent):
    """适老模式 or 高对比度 tapped: ``what`` is ``elderly`` or ``high_contrast``."""

    what: str = "elderly"


@dataclass(frozen=True)
class VolumeTapped(UserEvent):
    """音量 − / + tapped: ``step`` percentage points."""

    step: int = 10


@dataclass(frozen=True)
class StaffBadgeRead(Event):
    """A staff badge on the PC/SC reader, already verified (``kiosk.staff``): opens admin."""

    staff_id: str = ""


USER_EVENTS = (UserEvent,)
"""Kept for older callers: every event a person caused subclasses ``UserEvent``."""
