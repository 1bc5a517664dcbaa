"""The viewer's effects: documents opened and rendered by the one PDFium worker, the public
catalogue read and verified, print jobs followed to their end with the printer's real state.

A print that meets a printer problem (paper out, jam, cover open, offline) is not cancelled:
the litigant is told, staff are alerted, and the same job is followed again once the printer
reports it is fixed."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path

from kiosk.flows.events import PrintProgress, PublicationsLoaded
from kiosk.messages import litigant_message, message_for

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
BLOCKED_POLL_S = 1.0
BLOCKED_GIVE_UP_S = 30 * 60


def renderer(ports, send):
    """The one ``PageRenderer`` of this kiosk, started on first use."""
    with _LOCK:
        if ports.renderer is None:
            from kiosk.viewer.render import PageRenderer

            from offline_queue.doc_store import kiosk_key

            ports.renderer = PageRenderer(send, ports.settings.ui.font_path, kiosk_key(ports.settings))
        return ports.renderer


def open_document(effect, ports, send) -> None:
    r = renderer(ports, send)
    r.close()  # one document at a time: whatever was open before is let go
    r.open(effect.key, effect.path, effect.sha256, effect.watermark)
    if getattr(ports, "closing", None) is not None:  # an archive viewed is closed when the session ends
        ports.closing.opened(effect.path)


def render_pages(effect, ports, send) -> None:
    renderer(ports, send).want(effect.key, effect.pages, effect.width, urgent=effect.urgent,
                               more=getattr(effect, "more", ()))


def close_document(effect, ports, send) -> None:
    if ports.renderer is not None:
        ports.renderer.close(effect.key)


def load_publications(effect, ports, send) -> None:
    from offline_queue.service import CourtKeyMissing, court_public_key

    from kiosk.viewer.library import LibraryMissing, LibraryUnverified, load_library

    settings = ports.settings
    try:
        key = court_public_key(settings)
        library = load_library(Path(settings.storage.data_dir) / "docs", key)
    except CourtKeyMissing:
        send(PublicationsLoaded(None, "library.unverified", message_for("library.unverified")))
        return
    except (LibraryMissing, LibraryUnverified) as exc:
        send(PublicationsLoaded(None, exc.code, message_for(exc.code)))
        return
    except Exception:
        log.exception("the public catalogue could not be read")
        send(PublicationsLoaded(None, "library.unverified", message_for("library.unverified")))
        return
    send(PublicationsLoaded(library))


def print_document(effect, ports, send) -> None:
    """Submit, then follow the job: ``printing`` → (``blocked`` ↔ ``printing``)* → done | failed."""
    from drivers.errors import DeviceError, MediaError, DeviceUnavailable
    from drivers.printer import PrintOptions

    def progress(state, code="", message="", job=0):
        send(PrintProgress(effect.key, state, code, message, job, effect.page_ranges or ""))

    printer = ports.printer
    if printer is None:
        progress("failed", "printer.unavailable", message_for("printer.unavailable"))
        return
    from offline_queue.doc_store import AtRestError, kiosk_key, read_bytes

    try:
        data = read_bytes(effect.path, kiosk_key(ports.settings))
    except OSError:
        progress("failed", "viewer.missing", message_for("viewer.missing"))
        return
    except AtRestError:
        data = b""  # does not open with this kiosk's key: as good as changed
    if effect.sha256 and hashlib.sha256(data).hexdigest() != effect.sha256:
        progress("failed", "viewer.tampered", message_for("viewer.tampered"))
        return
    options = PrintOptions(copies=effect.copies, duplex=effect.duplex, page_ranges=effect.page_ranges,
                           title=effect.title)
    try:
        job = _submit(printer, data, ports.settings, options, Path(effect.path).name)
    except DeviceError as exc:
        log.warning("print of %s refused: %s", effect.path, exc)
        progress("failed", exc.code, litigant_message(exc))
        return
    progress("printing", job=job)
    blocked_since = None
    while True:
        try:
            result = printer.wait(job, timeout=300.0)
        except (MediaError, DeviceUnavailable) as exc:
            if exc.code in ("printer.job_canceled", "printer.job_aborted"):
                progress("failed", exc.code, litigant_message(exc), job)
                return
            blocked_since = blocked_since or time.monotonic()
            log.warning("print job %s blocked: %s", job, exc)
            progress("blocked", exc.code, litigant_message(exc) + "工作人员处理后会继续打印。", job)
            if ports.alerts is not None:
                ports.alerts.append((exc.code, f"print job {job}"))
            if not _wait_fixed(printer, blocked_since):
                progress("failed", exc.code, litigant_message(exc), job)
                return
            progress("printing", job=job)
            continue
        except DeviceError as exc:
            log.warning("print job %s failed: %s", job, exc)
            progress("failed", exc.code, litigant_message(exc), job)
            return
        log.info("print job %s completed (%s)", job, result.state)
        progress("done", job=job)
        return


def _submit(printer, data: bytes, settings, options, name: str = "document.pdf") -> int:
    """The verified bytes to the printer: from a private temporary copy (0600, in the kiosk's
    private temp folder), removed as soon as CUPS has taken the job — the clear PDF never stays."""
    import os
    import tempfile

    from kiosk.session import ensure_private_dir

    folder = Path(tempfile.mkdtemp(dir=ensure_private_dir(Path(settings.temp_dir) / "print")))
    copy = folder / name  # the document's own file name, as the print queue shows it
    try:
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return printer.print_pdf(copy, options)
    finally:
        copy.unlink(missing_ok=True)
        folder.rmdir()


def _wait_fixed(printer, since: float) -> bool:
    """Poll the printer until it reports no problem (True) or staff never came (False)."""
    while time.monotonic() - since < BLOCKED_GIVE_UP_S:
        time.sleep(BLOCKED_POLL_S)
        try:
            status = printer.status()
        except Exception:  # the printer is away: keep asking
            continue
        if status.ok:
            return True
    return False


class ViewerSessionHook:
    """At a session's end every open document is let go (its pages were only ever in memory)."""

    def __init__(self, ports):
        self.ports = ports

    def start_session(self) -> None:
        pass

    def end_session(self) -> None:
        if self.ports.renderer is not None:
            self.ports.renderer.close()
