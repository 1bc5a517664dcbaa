"""The port: one probe of the booth's three parts, each present or missing with a stable code.

A probe never raises: a part that cannot be examined is reported missing, with why, so the
equipment check screen can say plainly what the litigant (or staff) must fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

AV_PARTS = ("camera", "microphone", "speaker")


@dataclass(frozen=True)
class PartCheck:
    part: str
    """camera | microphone | speaker"""
    present: bool
    name: str = ""
    """What the system calls the device found (e.g. ``USB Camera (/dev/video0)``)."""
    problem: str = ""
    """"" when present; else ``av.<part>_missing`` | ``av.<part>_busy`` | ``av.<part>_denied``."""
    detail: str = ""
    """For staff and the log: what was looked at and what was found."""


@dataclass(frozen=True)
class AvReport:
    parts: tuple[PartCheck, ...]

    def part(self, name: str) -> PartCheck:
        return next(p for p in self.parts if p.part == name)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p.part for p in self.parts if not p.present)

    @property
    def ok(self) -> bool:
        return not self.missing


@runtime_checkable
class AvDevices(Protocol):
    def probe(self) -> AvReport:
        """Look for the camera, the microphone and the speaker now (a second or less)."""
        ...

    def close(self) -> None: ...
