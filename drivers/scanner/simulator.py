"""A scanner for demos and tests: a feeder loaded with synthetic filings that look scanned, or
with a court's own sample files (``files``: PDFs and images, see ``site_sheets``).

Selected by config (``[devices.scanner] kind = "sim"``); faults come from ``options`` exactly like
the SANE test backend's (a jam at page N, an empty feeder, an open cover), and raise the same
typed errors as the real adapter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

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


class SimScanner:
    """Options: ``seed`` (which filings), ``files`` (instead of synthetic filings: PDFs, images or
    directories of them, fed page by page in order; a list, or one string split on ``os.pathsep``),
    ``sheets`` (pages in the feeder, default 10 like SANE's test ADF, or every page of ``files``),
    ``fault`` ("jam", "no_paper", "cover_open"), ``fault_at`` (page index of the jam),
    ``page_delay_s`` (feeding time per page), ``kinds`` (document types to write).

    With ``files`` the feeder offers duplex: each file is a stack of sheets, and a duplex scan takes
    two pages of a file per sheet, front then back (a file's last odd page, or a one-page image, is
    a sheet with only a front); a simplex scan takes every page as a sheet of its own. Raises
    SheetFileError at once for a file it cannot feed."""

    def __init__(self, options: dict[str, Any] | None = None):
        from drivers.scanner.site_sheets import load_pages, parse_files

        opts = dict(options or {})
        self.seed = int(opts.get("seed", 0))
        self.site_pages = load_pages(parse_files(opts.get("files")))
        self.sheets = int(opts.get("sheets", len(self.site_pages) or 10))
        self.fault = str(opts.get("fault", "") or "")
        self.fault_at = int(opts.get("fault_at", 0))
        self.page_delay_s = float(opts.get("page_delay_s", 0.0))
        self.kinds = opts.get("kinds")
        self.fit_height = bool(opts.get("fit_height", False))
        self.truths: list[str] = []
        """Ground-truth text of every page handed out (for the demo's self-check and the tests)."""
        self._open = False
        self._cancel = threading.Event()
        self._fed = 0

    def open(self) -> None:
        self._open = True

    def close(self) -> None:
        self._open = False

    def cancel(self) -> None:
        self._cancel.set()

    def info(self) -> ScannerInfo:
        return ScannerInfo(name="simulator", sources=(FLATBED, FEEDER), duplex=bool(self.site_pages),
                           resolutions=(150, 200, 300), modes=("gray", "color"))

    def reload(self, sheets: int) -> None:
        """Put ``sheets`` more pages in the feeder (a litigant loading paper)."""
        self.sheets += sheets

    def scan(self, settings: ScanSettings) -> Iterator[ScannedPage]:
        if not self._open:
            raise DeviceError("scanner not open", device="scanner", code="device.unavailable")
        self._cancel.clear()
        if self.fault == "cover_open":
            raise CoverOpen("Scanner cover is open", device="scanner")
        limit = 1 if settings.source == FLATBED else settings.pages
        duplex = settings.duplex and settings.source == FEEDER and bool(self.site_pages)
        index = 0
        while limit is None or index < limit:
            if self._cancel.is_set():
                return
            if self.fault == "jam" and index == self.fault_at:
                raise PaperJam("Document feeder jammed", device="scanner")
            if self.fault == "no_paper" or self._fed >= self.sheets:
                if index == 0:
                    raise NoPaper("Document feeder out of documents", device="scanner")
                return
            back = duplex and self.site_pages[self._fed % len(self.site_pages)].page % 2 == 1
            if self.page_delay_s and not back:
                time.sleep(self.page_delay_s)
            image, truth = self._page(self._fed, settings.resolution, settings.mode)
            self._fed += 1
            self.truths.append(truth)
            if settings.mode == "color":
                image = image.convert("RGB")
            yield ScannedPage(index, image, settings.resolution, side="back" if back else "front")
            index += 1

    def _page(self, n: int, dpi: int, mode: str):
        from drivers.scanner.synthetic import synthetic_pages

        if self.site_pages:
            page = self.site_pages[n % len(self.site_pages)]
            return page.render(dpi, mode), page.text()

        kinds = list(self.kinds) if self.kinds else None
        page = synthetic_pages(self.seed * 7919 + n, 1, dpi=dpi, kinds=kinds,
                               fit_height=self.fit_height)[0]
        image = page.image()
        image.load()
        return image, page.truth
