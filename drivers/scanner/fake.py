"""An in-memory scanner for unit tests of the flows: hand it images, trigger faults, read what was asked."""

from __future__ import annotations

from collections.abc import Iterator

from drivers.errors import DeviceError
from drivers.scanner.base import (
    FEEDER,
    FLATBED,
    CoverOpen,
    NoPaper,
    PaperJam,
    ScannedPage,
    ScannerInfo,
    ScanSettings,
)


class FakeScanner:
    def __init__(self, pages=None):
        self.feeder = list(pages or [])
        self.jobs: list[ScanSettings] = []
        self._jam_at: int | None = None
        self._cover_open = False
        self._open = False
        self._cancelled = False

    # test hooks
    def load(self, pages) -> None:
        self.feeder.extend(pages)

    def trigger_jam(self, at_page: int = 0) -> None:
        self._jam_at = at_page

    def trigger_cover_open(self, is_open: bool = True) -> None:
        self._cover_open = is_open

    # the port
    def open(self) -> None:
        self._open = True

    def close(self) -> None:
        self._open = False

    def cancel(self) -> None:
        self._cancelled = True

    def info(self) -> ScannerInfo:
        return ScannerInfo(name="fake", sources=(FLATBED, FEEDER))

    def scan(self, settings: ScanSettings) -> Iterator[ScannedPage]:
        if not self._open:
            raise DeviceError("scanner not open", device="scanner", code="device.unavailable")
        self.jobs.append(settings)
        self._cancelled = False
        if self._cover_open:
            raise CoverOpen("Scanner cover is open", device="scanner")
        limit = 1 if settings.source == FLATBED else settings.pages
        index = 0
        while limit is None or index < limit:
            if self._cancelled:
                return
            if self._jam_at == index:
                self._jam_at = None
                raise PaperJam("Document feeder jammed", device="scanner")
            if not self.feeder:
                if index == 0:
                    raise NoPaper("Document feeder out of documents", device="scanner")
                return
            yield ScannedPage(index, self.feeder.pop(0), settings.resolution)
            index += 1
