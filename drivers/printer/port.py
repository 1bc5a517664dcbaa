"""The document printer port, its job options and its status: shared by CUPS, sim and fake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from drivers.errors import DeviceError

_RANGES = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")


class BadDocument(DeviceError):
    """The file to print is missing, empty or not a PDF: the caller's bug, not the printer's."""

    code = "printer.bad_document"


@dataclass(frozen=True)
class PrintOptions:
    copies: int = 1
    duplex: bool = False
    page_ranges: str | None = None
    """CUPS syntax, 1-based: ``"1-3,5"``."""
    title: str = "kiosk"

    def validate(self) -> "PrintOptions":
        if not 1 <= self.copies <= 99:
            raise BadDocument(f"copies must be 1..99, not {self.copies}", device="printer")
        if self.page_ranges is not None:
            ranges = self.page_ranges.replace(" ", "")
            if not _RANGES.match(ranges) or any(
                    int(a) > int(b) or int(a) < 1 for a, _, b in
                    (part.partition("-") if "-" in part else (part, "-", part) for part in ranges.split(","))):
                raise BadDocument(f"page ranges {self.page_ranges!r} are not like 1-3,5", device="printer")
        return self


def check_pdf(path: Path) -> Path:
    """A readable, non-empty PDF or ``BadDocument`` with a clear message."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise BadDocument(f"cannot read {path}: {exc.strerror}", device="printer") from exc
    if head != b"%PDF-":
        raise BadDocument(f"{path} is not a PDF", device="printer")
    return path


@dataclass(frozen=True)
class PrinterStatus:
    """``state``: idle | processing | stopped | unknown; ``problems`` block printing."""

    state: str
    reasons: tuple[str, ...] = ()
    problems: tuple[DeviceError, ...] = ()
    warnings: tuple[str, ...] = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.state != "stopped"


@dataclass(frozen=True)
class JobResult:
    job_id: int
    state: str  # "completed"
    pages: int | None = None
    reasons: tuple[str, ...] = field(default=())


@runtime_checkable
class Printer(Protocol):
    """An A4 printer: submit a PDF, follow its job to the end, say what is wrong in typed errors."""

    def print_pdf(self, path: Path, options: PrintOptions = PrintOptions()) -> int: ...

    def wait(self, job_id: int, timeout: float = 120.0) -> JobResult: ...

    def cancel(self, job_id: int) -> None: ...

    def status(self) -> PrinterStatus: ...
