"""The scanner port: what the kiosk asks of any document scanner, and the typed faults it gets back.

Real adapter (SANE), simulator (synthetic filings) and fake (in memory) all implement ``Scanner``
and pass one contract suite. Faults are ``drivers.errors`` subclasses with stable codes so the
kiosk can tell the litigant what to do (clear a jam, add paper, close the cover).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from drivers.errors import DeviceBusy, DeviceError, MediaError, NoMedium

if TYPE_CHECKING:
    from PIL.Image import Image

FLATBED = "flatbed"
FEEDER = "feeder"


class PaperJam(MediaError):
    """Paper stuck in the document feeder."""

    code = "device.media.jam"


class CoverOpen(MediaError):
    """The scanner lid or feeder cover is open."""

    code = "device.media.cover_open"


class NoPaper(NoMedium):
    """Nothing in the feeder (or on the glass) to scan."""

    code = "device.no_medium.paper"


@dataclass(frozen=True)
class ScanSettings:
    """One scan job: where the paper is, how many sheets, resolution, colour."""

    source: str = FEEDER
    """FLATBED (one page) or FEEDER (multi-page)."""
    pages: int | None = None
    """Stop after this many page images; None = until the feeder is empty."""
    resolution: int = 300
    mode: str = "gray"
    """"gray" or "color"."""
    duplex: bool = False
    """Scan both sides where the device offers it (ignored otherwise)."""


@dataclass(frozen=True)
class ScannedPage:
    """One page image as it came off the scanner."""

    index: int
    image: "Image"
    dpi: int
    side: str = "front"


@dataclass(frozen=True)
class ScannerInfo:
    """What a device offers, for the admin screen and for choosing settings."""

    name: str
    sources: tuple[str, ...] = (FLATBED, FEEDER)
    duplex: bool = False
    resolutions: tuple[int, ...] = (150, 200, 300)
    modes: tuple[str, ...] = ("gray", "color")
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Scanner(Protocol):
    """A document scanner. ``scan`` yields pages one by one so OCR can start on page 1 while page 2
    is still being fed; it raises PaperJam / NoPaper / CoverOpen / DeviceBusy / DeviceUnavailable."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    def info(self) -> ScannerInfo: ...

    def scan(self, settings: ScanSettings) -> Iterator[ScannedPage]: ...

    def cancel(self) -> None: ...


def error_for_status(message: str, device: str) -> DeviceError:
    """Map a SANE status string (``sane_strstatus``) to the typed error the kiosk understands."""
    text = message.lower()
    if "jammed" in text:
        return PaperJam(message, device=device)
    if "out of documents" in text or "no docs" in text:
        return NoPaper(message, device=device)
    if "cover" in text:
        return CoverOpen(message, device=device)
    if "busy" in text:
        return DeviceBusy(message, device=device)
    return DeviceError(message, device=device)
