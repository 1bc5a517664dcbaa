"""The capture pipeline the kiosk flows call from a worker thread: pages in, one Material out.

Pages are submitted to a pool of OCR processes as they arrive, so page 1 is recognised while the
scanner feeds page 2; the calling thread only assembles the PDF and extracts fields. Never call
it on the UI thread; pass ``progress`` to hear about each page and ``cancel`` (a threading.Event)
to stop early. One pool lives as long as the pipeline (``close()`` or a ``with`` block).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.capture import fields as field_extraction
from kiosk.capture import screening
from kiosk.capture.inputs import InputProblem, RawPage, to_raw_page
from kiosk.capture.material import Material, PageNote
from kiosk.capture.pdf import PdfPage, write_pdf
from kiosk.capture.verify import check_layer
from kiosk.capture.worker import PageJob, PageOutcome, process_page
from kiosk.malloc_policy import trim
from kiosk.messages import MESSAGES


class CaptureCancelled(Exception):
    """The caller set the cancel event; nothing was written."""

    code = "capture.cancelled"


@dataclass(frozen=True)
class Progress:
    stage: str  # "submitted", "recognised", "writing", "done"
    done: int
    submitted: int
    page: int | None = None


def _init_worker() -> None:
    from kiosk.malloc_policy import tame_malloc

    os.environ["OMP_THREAD_LIMIT"] = "1"  # read by each tesseract the worker starts
    tame_malloc()  # a page's arrays go back to the system when the page is done


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class CapturePipeline:
    """``CapturePipeline(settings).process_material(pages, out_dir=...) -> Material``."""

    def __init__(self, settings: Any = None, *, workers: int | None = None, lang: str | None = None,
                 dpi: int | None = None, ocr_dpi: int = 150, court_names: tuple[str, ...] | None = None,
                 terms: dict[str, tuple[str, ...]] | None = None):
        ocr = getattr(settings, "ocr", settings)
        court_code = getattr(getattr(settings, "kiosk", None), "court_code", "") or "豫"
        self.province = court_code[0]
        self.lang = lang or getattr(ocr, "lang", "chi_sim")
        self.dpi = dpi or getattr(ocr, "dpi", 300)
        self.ocr_dpi = ocr_dpi
        self.workers = workers or getattr(ocr, "workers", 0) or default_workers()
        terms_file = getattr(ocr, "screening_terms_file", None)
        self.terms = terms if terms is not None else screening.load_terms(terms_file)
        self.court_names = court_names if court_names is not None else _court_names()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    # -- pool ------------------------------------------------------------------------------
    def _executor(self) -> cf.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: never fork a process that may hold Kivy/GL or MQTT threads.
                self._pool = cf.ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker)
            return self._pool

    def warm_up(self) -> None:
        """Start the OCR processes now (e.g. at kiosk start) instead of on the first page."""
        pool = self._executor()
        list(pool.map(_init_worker_probe, range(self.workers)))

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def __enter__(self) -> "CapturePipeline":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- one material ----------------------------------------------------------------------
    def process_material(self, pages: Iterable[Any], *, out_dir: Path, name: str = "material",
                         progress: Callable[[Progress], None] | None = None,
                         cancel: threading.Event | None = None) -> Material:
        """Clean up, recognise and file ``pages`` (scanner pages, images, arrays, bytes, paths or
        RawPage / InputProblem items) as ``out_dir/<name>.pdf``.

        ``progress`` is called from this thread and from the pool's result thread: hand it on to
        the UI with ``Clock.schedule_once``. Raises CaptureCancelled when ``cancel`` is set."""
        started = time.monotonic()
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        cancel = cancel or threading.Event()
        report = progress or (lambda p: None)
        pool = self._executor()
        futures: list[tuple[int, cf.Future | None, RawPage | InputProblem]] = []
        outcomes: dict[int, PageOutcome] = {}
        iterator = iter(pages)
        try:
            for number, item in enumerate(iterator, 1):
                self._check(cancel, futures)
                raw = item if isinstance(item, InputProblem) else to_raw_page(item, self.dpi)
                future = None
                if isinstance(raw, RawPage):
                    job = PageJob(number, raw.data, raw.dpi, self.lang, self.ocr_dpi, province=self.province)
                    future = pool.submit(process_page, job)
                    future.add_done_callback(self._reporter(number, futures, outcomes, report))
                futures.append((number, future, _light(raw, item)))
                report(Progress("submitted", len(outcomes), len(futures), number))
            self._collect(futures, outcomes, cancel)
        finally:
            close = getattr(iterator, "close", None)
            if close:
                close()  # stops a scanner generator (its finally cancels the scan)
        material = self._assemble(outcomes, futures, out_dir, name)
        material.seconds = time.monotonic() - started
        count = len(futures)
        del outcomes, futures  # the pages' images and words: the PDF and the Material have them
        trim()
        report(Progress("done", count, count))
        return material

    def _check(self, cancel: threading.Event, futures) -> None:
        if cancel.is_set():
            for _, future, _ in futures:
                if future is not None:
                    future.cancel()
            raise CaptureCancelled("capture cancelled")

    @staticmethod
    def _outcome(number: int, future: cf.Future) -> PageOutcome:
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a crashed worker loses one page, reported
            return PageOutcome(number, "unreadable", error=f"OCR failed: {exc}")

    def _reporter(self, number: int, futures, outcomes: dict, report):
        """Record a page's outcome the moment its worker finishes (called on the pool's thread),
        so progress shows pages recognised while the scanner is still feeding."""

        def done(future: cf.Future) -> None:
            if not future.cancelled():
                outcomes[number] = self._outcome(number, future)
                report(Progress("recognised", len(outcomes), len(futures), number))

        return done

    def _collect(self, futures, outcomes: dict, cancel) -> None:
        pending = [f for _, f, _ in futures if f is not None]
        while pending:
            self._check(cancel, futures)
            _, not_done = cf.wait(pending, timeout=0.1)
            pending = list(not_done)
        for number, future, _ in futures:  # done callbacks may still be running
            if future is not None and number not in outcomes:
                outcomes[number] = self._outcome(number, future)

    def _assemble(self, outcomes, futures, out_dir: Path, name: str) -> Material:
        filed: list[PageOutcome] = []
        blank: list[int] = []
        rescans: list[PageNote] = []
        problems: list[PageNote] = []
        for number, _, raw in futures:
            if isinstance(raw, InputProblem):
                problems.append(self._keep(raw.code, number, raw.detail, raw.original, out_dir, name))
                continue
            outcome = outcomes[number]
            if outcome.status == "blank":
                blank.append(number)
            elif outcome.status == "unreadable":
                original = raw.data if isinstance(raw.data, bytes) else b""
                if not original and isinstance(raw.source, str) and Path(raw.source).is_file():
                    original = Path(raw.source).read_bytes()  # kept on disk until needed
                problems.append(self._keep("capture.unreadable", number, outcome.error, original, out_dir, name))
            else:
                filed.append(outcome)
                for reason in outcome.rescan_reasons:
                    code = f"capture.{reason}"
                    rescans.append(PageNote(number, code, MESSAGES[code]))
        page_texts = [o.text.text for o in filed]
        pdf_path, layer_cer = None, None
        if filed:
            pdf_pages = [PdfPage(o.image.data, o.image.kind, o.image.width, o.image.height, o.image.dpi,
                                 [(line.text, line.box) for line in o.text.lines]) for o in filed]
            pdf_path = write_pdf(out_dir / f"{name}.pdf", pdf_pages, title=name)
            layer_cer = check_layer(pdf_path, page_texts).cer
        extracted = field_extraction.extract([(o.text.text, o.text.char_confidences()) for o in filed],
                                             self.court_names)
        return Material(
            name=name, pdf_path=pdf_path, page_texts=page_texts,
            page_confidences=[o.text.confidence for o in filed], fields=extracted,
            flags=screening.screen(page_texts, self.terms), dropped_blank_pages=blank,
            rescan_requests=rescans, problems=problems, source_pages=[o.index for o in filed],
            words=[[w for line in o.text.lines for w in line.words] for o in filed],
            layer_cer=layer_cer,
        )

    @staticmethod
    def _keep(code: str, number: int, detail: str, original: bytes, out_dir: Path, name: str) -> PageNote:
        """Unusable input is kept byte for byte next to the material, never dropped."""
        kept = ""
        if original:
            path = out_dir / f"{name}-page{number:03d}-original.bin"
            path.write_bytes(original)
            kept = str(path)
        return PageNote(number, code, MESSAGES.get(code, MESSAGES["capture.unreadable"]), detail, kept)


def _light(raw, item):
    """A page handed in as a file need not stay in memory once its job is submitted: the worker
    has its copy, and an unreadable page's original is read back from the file. A 50-page
    material then holds 50 file names, not 50 scans."""
    if isinstance(raw, RawPage) and isinstance(item, (str, Path)) and Path(item).is_file():
        return RawPage(b"", raw.dpi, str(item))
    return raw


def _init_worker_probe(_: int) -> int:
    return os.getpid()


def _court_names() -> tuple[str, ...]:
    """Names from the court directory, used to snap a misread 此致 line to a real court."""
    try:
        from config.courts import load_courts

        return tuple(court.name for court in load_courts().court)
    except Exception:  # noqa: BLE001 - the directory is optional for capture
        return ()
