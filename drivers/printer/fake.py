"""In-memory printer (kind "fake", and "sim": a printer needs no wire protocol to be simulated
here, since CUPS with ippeveprinter is the real stack). Records every job; reasons are injected."""

from __future__ import annotations

import itertools
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from drivers.errors import DeviceError, DeviceTimeout
from drivers.printer.port import JobResult, PrinterStatus, PrintOptions, check_pdf
from drivers.printer.reasons import classify


@dataclass
class FakeJob:
    job_id: int
    data: bytes
    options: PrintOptions
    state: str = "pending"


class FakePrinter:
    """``Printer`` that completes jobs at once unless a state reason blocks it."""

    def __init__(self, spool_dir: str | Path | None = None):
        self.jobs: dict[int, FakeJob] = {}
        self.reasons: list[str] = []
        self.spool_dir = Path(spool_dir) if spool_dir else None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def trigger_state_reasons(self, *reasons: str) -> None:
        """Set the printer's ``printer-state-reasons`` (none to clear)."""
        self.reasons = list(reasons)

    def print_pdf(self, path: Path, options: PrintOptions = PrintOptions()) -> int:
        path = check_pdf(path)
        options.validate()
        with self._lock:
            job = FakeJob(next(self._ids), path.read_bytes(), options)
            self.jobs[job.job_id] = job
        if self.spool_dir:
            self.spool_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, self.spool_dir / f"{job.job_id}-{path.name}")
        return job.job_id

    def wait(self, job_id: int, timeout: float = 120.0) -> JobResult:
        job = self.jobs.get(job_id)
        if job is None:
            raise DeviceError(f"no print job {job_id}", device="printer", code="printer.job_aborted")
        if job.state == "canceled":
            raise DeviceError(f"print job {job_id} canceled", device="printer", code="printer.job_canceled")
        problems = self.status().problems
        if problems:
            raise problems[0]
        if timeout <= 0:
            raise DeviceTimeout(f"print job {job_id} not done", device="printer", code="printer.timeout")
        job.state = "completed"
        return JobResult(job_id, "completed", job.options.copies)

    def cancel(self, job_id: int) -> None:
        if job_id in self.jobs:
            self.jobs[job_id].state = "canceled"

    def status(self) -> PrinterStatus:
        problems, warnings = classify(self.reasons)
        return PrinterStatus("idle", tuple(self.reasons), problems, warnings)
