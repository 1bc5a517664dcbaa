"""Pages of a PDF rendered by PDFium on ONE worker thread (PDFium is not thread-safe), the
watermark drawn into each bitmap, answered as events. The document is read into memory and
checked against its signed SHA-256 before PDFium sees it; nothing is written to disk.

``want(key, pages, width)`` replaces what is still waiting for that document, so a fast reader
flipping pages never waits behind pages nobody looks at any more.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from kiosk.flows.events import DocumentFailed, DocumentOpened, PageRendered
from kiosk.messages import message_for
from kiosk.viewer import watermark

log = logging.getLogger(__name__)
AHEAD_DELAY_S = 0.25
"""Pages ahead wait this long after the request that asked for them, so the Kivy thread draws
the page turn without PDFium and PIL competing for the same cores."""
MAX_WIDTH = 2400
"""Widest bitmap rendered (zoomed pages): bounds the memory of one page to ~15 MB."""
MMAP_THRESHOLD = 512 * 1024
"""Page bitmaps (4–26 MB each, made and dropped on every turn) are given their own mappings,
returned to the system when dropped. glibc's default raises this threshold to the largest block
ever freed, after which freed bitmaps stay in the heap and the process only grows (issue 11
bench: 15 MB more after eight turns, 70 MB more at the peak of a zoom)."""


def tune_malloc() -> bool:
    """Fix glibc's mmap threshold (process-wide, once); False where there is no glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        m_mmap_threshold = -3  # <malloc.h>
        return bool(libc.mallopt(m_mmap_threshold, MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False


def trim_malloc() -> None:
    """Give the freed heap back after a document is let go (its pages left memory)."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@dataclass
class _Doc:
    key: str
    path: str
    sha256: str
    watermark: str
    pdf: object = None
    wanted: list[tuple[int, int]] = field(default_factory=list)  # (page, width) in order
    not_before: float = 0.0


class PageRenderer:
    """Owns the PDFium documents; ``send`` receives ``DocumentOpened`` / ``PageRendered`` /
    ``DocumentFailed`` from the worker thread."""

    def __init__(self, send: Callable, font_path: str | Path, at_rest_key: bytes | None = None):
        self.send = send
        self.at_rest_key = at_rest_key
        """Court documents are kept encrypted at rest (``offline_queue.doc_store``): opened in memory."""
        self.font_path = str(font_path)
        self._docs: dict[str, _Doc] = {}
        self._opening: list[str] = []
        self._closing: list[object] = []
        self._cv = threading.Condition()
        self._stop = False
        self._serial = itertools.count(1)
        tune_malloc()
        self._thread = threading.Thread(target=self._run, name="kiosk-pdf", daemon=True)
        self._thread.start()

    # --- from the dispatcher (any thread) ---------------------------------------------------
    def open(self, key: str, path: str, sha256: str, watermark_text: str = "") -> None:
        with self._cv:
            self._docs[key] = _Doc(key, path, sha256, watermark_text)
            self._opening.append(key)
            self._cv.notify()

    def want(self, key: str, pages: tuple[int, ...], width: int, urgent: bool = True,
             more: tuple[tuple[int, int], ...] = ()) -> None:
        """Render ``pages`` at ``width``, then the ``(page, width)`` pairs of ``more``; replaces
        every wish still waiting for ``key``."""
        wanted = [(p, width) for p in pages] + list(more)
        wanted = [(p, max(64, min(MAX_WIDTH, int(w)))) for p, w in wanted]
        with self._cv:
            doc = self._docs.get(key)
            if doc is not None:
                doc.wanted = wanted
                doc.not_before = 0.0 if urgent else time.monotonic() + AHEAD_DELAY_S
                self._cv.notify()

    def close(self, key: str | None = None) -> None:
        """Forget one document (or all of them: the session ended)."""
        with self._cv:
            keys = [key] if key else list(self._docs)
            for k in keys:
                doc = self._docs.pop(k, None)
                if doc is not None and doc.pdf is not None:
                    self._closing.append(doc.pdf)
            self._cv.notify()

    def shutdown(self) -> None:
        self.close()
        with self._cv:
            self._stop = True
            self._cv.notify()
        self._thread.join(timeout=5)

    # --- the worker -------------------------------------------------------------------------
    def _next_job(self):
        with self._cv:
            while True:
                for pdf in self._closing:
                    pdf.close()
                if self._closing:
                    self._closing.clear()
                    trim_malloc()
                if self._stop:
                    return None
                if self._opening:
                    return ("open", self._docs.get(self._opening.pop(0)), None)
                now, wake = time.monotonic(), None
                for doc in self._docs.values():
                    if doc.pdf is not None and doc.wanted:
                        if doc.not_before <= now:
                            return ("render", doc, doc.wanted.pop(0))
                        wake = min(wake or doc.not_before, doc.not_before)
                self._cv.wait(None if wake is None else max(0.005, wake - now))

    def _run(self) -> None:
        while True:
            job = self._next_job()
            if job is None:
                return
            what, doc, arg = job
            if doc is None:
                continue
            try:
                if what == "open":
                    self._open(doc)
                else:
                    self._render(doc, *arg)
            except Exception as exc:  # a page PDFium cannot draw must not end the worker
                log.exception("document %s: %s failed", doc.key, what)
                self.send(DocumentFailed(doc.key, "viewer.broken_pdf", message_for("viewer.broken_pdf"),
                                         detail=str(exc)[:200]))

    def _open(self, doc: _Doc) -> None:
        import pypdfium2 as pdfium

        try:
            from offline_queue.doc_store import AtRestError, read_bytes

            data = read_bytes(doc.path, self.at_rest_key)
        except AtRestError:
            log.warning("document %s: %s does not open with this kiosk's at-rest key; not shown", doc.key, doc.path)
            self.send(DocumentFailed(doc.key, "viewer.tampered", message_for("viewer.tampered")))
            return
        except OSError as exc:
            self.send(DocumentFailed(doc.key, "viewer.missing", message_for("viewer.missing"),
                                     detail=str(exc)))
            return
        if doc.sha256 and hashlib.sha256(data).hexdigest() != doc.sha256:
            log.warning("document %s: %s does not match its signed SHA-256; not shown", doc.key, doc.path)
            self.send(DocumentFailed(doc.key, "viewer.tampered", message_for("viewer.tampered")))
            return
        try:
            pdf = pdfium.PdfDocument(data)
            count = len(pdf)
        except pdfium.PdfiumError as exc:
            self.send(DocumentFailed(doc.key, "viewer.broken_pdf", message_for("viewer.broken_pdf"),
                                     detail=str(exc)))
            return
        with self._cv:
            if self._docs.get(doc.key) is not doc:  # closed while opening
                pdf.close()
                return
            doc.pdf = pdf
        self.send(DocumentOpened(doc.key, count))

    def _render(self, doc: _Doc, page: int, width: int) -> None:
        import pypdfium2.raw as pdfium_c

        if not 0 <= page < len(doc.pdf):
            return
        pdf_page = doc.pdf[page]
        try:
            # pypdfium2 sizes the bitmap ceil(points × scale): width / points can land a hair
            # above the width (500 → 501 px) and the step, which keeps (page, width), would
            # never show that page
            scale = (width - 1e-3) / pdf_page.get_width()
            bitmap = pdf_page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                                     rev_byteorder=True)
        finally:
            pdf_page.close()
        pixels = in_place(bitmap)
        image = Image.frombuffer("RGBA", (bitmap.width, bitmap.height), pixels, "raw", "RGBA", 0, 1)
        image.readonly = 0  # the watermark is drawn into PDFium's pixels themselves
        watermark.apply(image, doc.watermark, self.font_path)
        del image
        self.send(PageRendered(doc.key, page, bitmap.width, bitmap.height, "rgba", pixels,
                               serial=next(self._serial)))


def in_place(bitmap) -> memoryview:
    """The bitmap's own pixels, not a copy: RGBA rows, top row first, packed. The buffer is the
    ctypes array pypdfium2 allocated for this bitmap (a *native* bitmap: closing it leaves the
    buffer alone), kept alive by the view. One 2150 × 3040 page is 26 MB; the earlier PIL
    copy and ``tobytes`` made three of them at once (issue 11 bench)."""
    if bitmap.stride != bitmap.width * 4 or bitmap.n_channels != 4:
        raise ValueError(f"unexpected bitmap layout: stride {bitmap.stride}, {bitmap.n_channels} channels")
    return memoryview(bitmap.buffer).cast("B")
