"""Scanning and recognition: pages off the scanner into the session's temp dir, a thumbnail
event per page as it arrives, OCR in the capture pool while the scanner still feeds; scanner
faults (jam, empty feeder, cover open) become a clear message and keep the pages already taken."""

from __future__ import annotations

import io
import logging
import threading
import uuid
from dataclasses import asdict
from pathlib import Path

from kiosk.flows.dossier import PageRef
from kiosk.flows.events import (MaterialRecognised, PageReplaced, PageScanned, QrScanned,
                                RecognitionFailed,
                                ScanFailed, ScanFinished)
from kiosk.messages import message_for

log = logging.getLogger(__name__)
THUMB = (150, 212)
_scan_lock = threading.Lock()
_cancel = threading.Event()


def thumbnail(image) -> bytes:
    small = image.convert("L").copy()
    small.thumbnail(THUMB)
    buf = io.BytesIO()
    small.save(buf, format="PNG")
    return buf.getvalue()


def _dir(ports, *parts: str) -> Path:
    session = ports.session()
    if session is None or session.closed:
        raise RuntimeError("no session")
    path = Path(session.temp_dir).joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cancel(ports) -> None:
    _cancel.set()
    scanner = ports.scanner
    if scanner is not None:
        try:
            scanner.cancel()
        except Exception:
            log.exception("scanner cancel failed")


def scan_material(effect, ports, send) -> None:
    """Feed pages into the material and recognise them as they arrive: page 1 is in OCR while the
    scanner feeds page 2, so the material is ready soon after its last page."""
    from drivers.scanner.base import FLATBED, ScanSettings

    if ports.scanner is None:
        send(ScanFailed(effect.material_id, "device.unavailable", message_for("device.unavailable")))
        return
    try:
        folder = _dir(ports, "scans", effect.material_id)
    except RuntimeError:
        return
    _cancel.clear()
    pages = list(effect.existing)
    settings = ScanSettings(source=effect.source, duplex=effect.duplex,
                            pages=1 if effect.replace_index is not None or effect.source == FLATBED else None,
                            resolution=ports.settings.ocr.dpi)
    with _scan_lock:
        if effect.replace_index is not None:  # one page replaced: scan it, then recognise all
            taken = list(_feed(effect, ports, send, folder, settings, pages))
            if taken and pages:
                recognise_pages(effect.material_id, effect.material_id, pages, ports, send, folder)
            return
        fed = _FedPages(effect, ports, send, folder, settings, pages)
        recognise_pages(effect.material_id, effect.material_id, fed, ports, send, folder,
                        empty_ok=True)


class _FedPages:
    """Iterable for the capture pipeline: the material's earlier pages, then each new page as the
    scanner hands it over (saved, its thumbnail sent). A scanner fault ends the feed cleanly."""

    def __init__(self, effect, ports, send, folder, settings, existing):
        self.args = (effect, ports, send, folder, settings, existing)
        self.count = 0

    def __iter__(self):
        effect, ports, send, folder, settings, existing = self.args
        for path in list(existing):
            self.count += 1
            yield Path(path)
        for path in _feed(effect, ports, send, folder, settings, existing):
            self.count += 1
            yield Path(path)


def _feed(effect, ports, send, folder, settings, pages):
    """Yield the path of every new page; a fault is sent as ScanFailed, the end as ScanFinished."""
    from drivers.errors import DeviceError

    taken = 0
    try:
        ports.scanner.open()
        for page in ports.scanner.scan(settings):
            if _cancel.is_set():
                break
            path = folder / f"{uuid.uuid4().hex}.png"
            page.image.save(path, dpi=(page.dpi, page.dpi))
            ref = PageRef(path.stem, str(path), thumbnail(page.image), page.side)
            if effect.replace_index is not None and 0 <= effect.replace_index < len(pages):
                pages[effect.replace_index] = str(path)
                send(PageReplaced(effect.material_id, effect.replace_index, ref))
            else:
                pages.append(str(path))
                send(PageScanned(effect.material_id, ref))
            taken += 1
            yield str(path)
    except DeviceError as exc:
        code = getattr(exc, "code", "device.error")
        log.warning("scan of %s stopped after %d page(s): %s", effect.material_id, taken, exc)
        send(ScanFailed(effect.material_id, code, message_for(code)))
        return
    except Exception:
        log.exception("scan of %s failed", effect.material_id)
        send(ScanFailed(effect.material_id, "device.error", message_for("device.error")))
        return
    send(ScanFinished(effect.material_id))


def recognise_material(effect, ports, send) -> None:
    try:
        folder = _dir(ports, "scans", effect.material_id)
    except RuntimeError:
        return
    recognise_pages(effect.material_id, effect.name, list(effect.pages), ports, send, folder)


def recognise_pages(material_id, name, pages, ports, send, folder, empty_ok: bool = False) -> None:
    """OCR ``pages`` (paths, or a feed that yields them) into one searchable PDF."""
    if ports.capture is None:
        send(RecognitionFailed(material_id, "capture.unavailable", message_for("device.error")))
        return
    feed = pages if isinstance(pages, _FedPages) else [Path(p) for p in pages]
    try:
        material = ports.capture().process_material(feed, out_dir=folder,
                                                    name=f"material-{uuid.uuid4().hex[:8]}")
    except Exception as exc:
        if empty_ok and isinstance(feed, _FedPages) and feed.count == 0:
            return  # nothing was fed (an empty feeder): the ScanFailed said why

        log.exception("recognition of %s failed", material_id)
        code = getattr(exc, "code", "capture.unreadable")
        send(RecognitionFailed(material_id, code, message_for(code)))
        return
    page_problems = tuple((note.page - 1, note.code) for note in
                          list(material.problems) + list(material.rescan_requests))
    page_problems += tuple((p - 1, "capture.blank") for p in material.dropped_blank_pages)
    problems = tuple((n.code, n.message) for n in material.problems)
    doc_type = material.fields.doc_type.value if material.fields.doc_type else ""
    layer_ok = material.layer_cer is None or material.layer_cer <= 0.005
    send(MaterialRecognised(
        material_id, str(material.pdf_path or ""), material.text, material.confidence, layer_ok,
        problems=problems, flags=tuple(asdict(f) for f in material.flags),
        fields=tuple(material.fields.to_json().items()), doc_type=str(doc_type),
        page_problems=page_problems))


def listen_qr(effect, ports, send) -> None:
    """One code from the QR scanner, while this session lasts; one listener at a time."""
    import time as _time

    from drivers.errors import DeviceError, DeviceTimeout

    scanner = ports.qr_scanner
    session = ports.session()
    if scanner is None or session is None or not _qr_lock.acquire(blocking=False):
        return
    try:
        deadline = _time.monotonic() + effect.seconds
        while _time.monotonic() < deadline and not session.closed:
            try:
                code = scanner.read_code(timeout=1.0)
            except DeviceTimeout:
                continue  # nothing scanned within the second
            except DeviceError as exc:
                log.warning("QR scanner: %s", exc)
                _time.sleep(1.0)
                continue
            if code and not session.closed:
                send(QrScanned(code))
                return
    finally:
        _qr_lock.release()


_qr_lock = threading.Lock()
