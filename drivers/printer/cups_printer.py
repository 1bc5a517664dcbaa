"""The real printer: a CUPS queue through pycups (submit, follow the job, read state reasons)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable
from drivers.printer.port import JobResult, PrinterStatus, PrintOptions, check_pdf
from drivers.printer.reasons import classify

log = logging.getLogger(__name__)

JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled",
              8: "aborted", 9: "completed"}
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
DEFAULT_PORTS = {"ipp": 631, "ipps": 443, "http": 631, "https": 443, "socket": 9100}
DEVICE_CHECK_EVERY_S = 2.0
# CUPS's ipp backend says "connecting-to-device" at the start of every job until it reaches the
# printer (seconds on a loaded machine): "printer offline" only once that lasts this long. Paper,
# jams and covers are still told at once.
OFFLINE_GRACE_S = 6.0
# pycups keeps the server in process-wide globals: set them and connect under one lock.
_CONNECT_LOCK = threading.Lock()


class CupsPrinter:
    """``Printer`` on CUPS queue ``queue`` at ``server`` ("host:port"; empty = CUPS default)."""

    def __init__(self, queue: str, server: str = "", poll_interval: float = 0.25):
        if not queue:
            raise ValueError("a CUPS queue name is required (devices.printer.url)")
        self.queue = queue
        self.server = server
        self.poll_interval = poll_interval

    def _connect(self):
        try:
            import cups
        except ImportError as exc:
            raise DeviceUnavailable("pycups is not installed (pip install court-kiosk[hardware])",
                                    device="printer", code="printer.unavailable") from exc
        with _CONNECT_LOCK:
            if self.server:
                host, _, port = self.server.rpartition(":") if ":" in self.server else (self.server, "", "")
                cups.setServer(host or self.server)
                if port:
                    cups.setPort(int(port))
            try:
                return cups.Connection()
            except RuntimeError as exc:
                raise DeviceUnavailable(f"CUPS at {self.server or 'default'}: {exc}", device="printer",
                                        code="printer.unavailable") from exc

    def _ipp_call(self, what: str, fn, *args):
        import cups

        try:
            return fn(*args)
        except cups.IPPError as exc:
            status, text = exc.args if len(exc.args) == 2 else (0, str(exc))
            if status == cups.IPP_NOT_FOUND or "not exist" in str(text):
                raise DeviceUnavailable(f"{what}: CUPS queue {self.queue!r} does not exist",
                                        device="printer", code="printer.not_found") from exc
            raise DeviceError(f"{what}: CUPS said {text} (0x{status:04x})", device="printer") from exc
        except RuntimeError as exc:  # the connection broke
            raise DeviceUnavailable(f"{what}: {exc}", device="printer",
                                    code="printer.unavailable") from exc

    # -- the port ----------------------------------------------------------------------------
    def print_pdf(self, path: Path, options: PrintOptions = PrintOptions()) -> int:
        path = check_pdf(path)
        options.validate()
        ipp = {"copies": str(options.copies),
               "sides": "two-sided-long-edge" if options.duplex else "one-sided"}
        if options.page_ranges:
            ipp["page-ranges"] = options.page_ranges.replace(" ", "")
        conn = self._connect()
        try:
            job = self._ipp_call("print", conn.printFile, self.queue, str(path), options.title, ipp)
        except DeviceError:
            # CUPS answers a missing queue with a bare HTTP 404 ("No such file or directory").
            if self.queue not in self._ipp_call("queues", conn.getPrinters):
                raise DeviceUnavailable(f"CUPS queue {self.queue!r} does not exist", device="printer",
                                        code="printer.not_found") from None
            raise
        log.info("printer: job %s for %s (%s)", job, path.name, ipp)
        return job

    def wait(self, job_id: int, timeout: float = 120.0) -> JobResult:
        """Follow the job to completion; paper, jam or cover met on the way is raised at once, an
        unreachable printer once it has lasted ``OFFLINE_GRACE_S``."""
        conn = self._connect()
        deadline = time.monotonic() + timeout
        last_device_check = time.monotonic()  # give CUPS a moment before probing the device
        unavailable_since: float | None = None
        while True:
            job = self._ipp_call("job", conn.getJobAttributes, job_id)
            state = JOB_STATES.get(job.get("job-state"), "unknown")
            reasons = tuple(job.get("job-state-reasons") or ())
            if state == "completed":
                return JobResult(job_id, state, job.get("job-media-sheets-completed"), reasons)
            if state in ("canceled", "aborted"):
                raise DeviceError(f"print job {job_id} {state} ({', '.join(reasons)})",
                                  device="printer", code=f"printer.job_{state}")
            check = time.monotonic() - last_device_check >= DEVICE_CHECK_EVERY_S
            if check:
                last_device_check = time.monotonic()
            printer = self.status(conn, check_device=check)
            problem = printer.problems[0] if printer.problems else None
            if isinstance(problem, DeviceUnavailable):
                unavailable_since = unavailable_since or time.monotonic()
                if time.monotonic() - unavailable_since >= OFFLINE_GRACE_S:
                    raise problem
            elif problem is not None:
                raise problem
            elif check:  # the device probe runs only every few polls: only it says "reachable again"
                unavailable_since = None
            if printer.state == "stopped":
                raise DeviceUnavailable(f"CUPS queue {self.queue} is stopped: {printer.message}",
                                        device="printer", code="printer.offline")
            if time.monotonic() > deadline:
                raise DeviceTimeout(f"print job {job_id} still {state} after {timeout:g} s",
                                    device="printer", code="printer.timeout")
            time.sleep(self.poll_interval)

    def cancel(self, job_id: int) -> None:
        self._ipp_call("cancel", self._connect().cancelJob, job_id)

    def status(self, conn=None, check_device: bool = True) -> PrinterStatus:
        """The queue's state and reasons; ``check_device`` also knocks on the printer itself,
        because CUPS reports an unreachable network printer only in a free-text message."""
        conn = conn or self._connect()
        attrs = self._ipp_call("status", conn.getPrinterAttributes, self.queue)
        reasons = tuple(r for r in attrs.get("printer-state-reasons") or () if r != "none")
        message = attrs.get("printer-state-message", "") or ""
        problems, warnings = classify(reasons, message=message)
        if check_device and not problems:
            unreachable = device_unreachable(attrs.get("device-uri", ""))
            if unreachable:
                problems = (DeviceUnavailable(unreachable, device="printer", code="printer.offline"),)
        state = PRINTER_STATES.get(attrs.get("printer-state"), "unknown")
        if not attrs.get("printer-is-accepting-jobs", True):
            state = "stopped"
        return PrinterStatus(state, reasons, problems, warnings, message)


def device_unreachable(device_uri: str, timeout: float = 1.0) -> str:
    """Why the network printer behind a queue cannot be reached ("" if it can, or is not networked)."""
    parts = urlsplit(device_uri)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    if not parts.hostname or port is None:
        return ""
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return ""
    except OSError as exc:
        return f"printer at {parts.hostname}:{port} unreachable: {exc.strerror or exc}"
