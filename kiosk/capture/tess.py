"""Tesseract loaded once per OCR worker, through its C API (``libtesseract.so.5``, ctypes).

Why: the tesseract CLI (what pytesseract runs) is a new process per page that loads chi_sim
afresh: 0.3 s of start-up a page and a second process of up to 79 MB beside the worker's own
(bench/journey.py). Loaded once, the model stays in the worker (+56 MB) and a page costs only its
recognition. Same engine, same settings (``--psm``, ``--dpi``): the same words, boxes and
confidences as the CLI's TSV (tests/capture/test_tess.py). tesserocr is not installed; Debian's
libtesseract5 (which the CLI itself links) is. Without the library, ``engine`` is None and the
caller uses the CLI.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import threading

import numpy as np

log = logging.getLogger(__name__)
COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
           "width", "height", "conf", "text")
_engines: dict[str, Tesseract | None] = {}
_lock = threading.Lock()


def _library():
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    lib = ctypes.CDLL(name)
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    lib.TessBaseAPICreate.restype = vp
    lib.TessBaseAPIInit3.argtypes = [vp, cp, cp]
    lib.TessBaseAPISetPageSegMode.argtypes = [vp, i]
    lib.TessBaseAPISetImage.argtypes = [vp, vp, i, i, i, i]
    lib.TessBaseAPISetSourceResolution.argtypes = [vp, i]
    lib.TessBaseAPIGetTsvText.argtypes = [vp, i]
    lib.TessBaseAPIGetTsvText.restype = vp
    lib.TessDeleteText.argtypes = [vp]
    lib.TessBaseAPIClear.argtypes = [vp]
    lib.TessBaseAPIEnd.argtypes = [vp]
    lib.TessBaseAPIDelete.argtypes = [vp]
    return lib


class Tesseract:
    """One loaded language model; ``data(grey, dpi, psm)`` is pytesseract's ``image_to_data``
    (``Output.DICT``) for a uint8 grey page."""

    def __init__(self, lang: str):
        self._lib = _library()
        self._handle = self._lib.TessBaseAPICreate()
        if self._lib.TessBaseAPIInit3(self._handle, None, lang.encode()) != 0:
            self._lib.TessBaseAPIDelete(self._handle)
            raise OSError(f"tesseract could not load language {lang!r}")
        self._lock = threading.Lock()

    def data(self, grey: np.ndarray, dpi: int, psm: int = 6) -> dict[str, list]:
        page = np.ascontiguousarray(grey, dtype=np.uint8)
        height, width = page.shape
        with self._lock:
            lib, handle = self._lib, self._handle
            lib.TessBaseAPISetPageSegMode(handle, int(psm))
            lib.TessBaseAPISetImage(handle, page.ctypes.data, width, height, 1, page.strides[0])
            lib.TessBaseAPISetSourceResolution(handle, int(dpi))
            pointer = lib.TessBaseAPIGetTsvText(handle, 0)
            try:
                tsv = ctypes.string_at(pointer).decode("utf-8", "replace") if pointer else ""
            finally:
                if pointer:
                    lib.TessDeleteText(pointer)
                lib.TessBaseAPIClear(handle)
        return parse_tsv(tsv)

    def close(self) -> None:
        with self._lock:
            if self._handle:
                self._lib.TessBaseAPIEnd(self._handle)
                self._lib.TessBaseAPIDelete(self._handle)
                self._handle = None


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV rows (no header) as columns of ints (``text`` as is)."""
    out: dict[str, list] = {name: [] for name in COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t", len(COLUMNS) - 1)
        if len(cells) < len(COLUMNS) - 1 or not cells[0].isdigit():
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        for name, cell in zip(COLUMNS, cells):
            if name == "text":
                out[name].append(cell)
            elif name == "conf":  # truncated to whole numbers, as pytesseract gave them
                out[name].append(int(float(cell)))
            else:
                out[name].append(int(cell))
    return out


def engine(lang: str) -> Tesseract | None:
    """This process's model for ``lang``, loaded on first use; None without libtesseract."""
    with _lock:
        if lang not in _engines:
            try:
                _engines[lang] = Tesseract(lang)
                atexit.register(_engines[lang].close)
            except (OSError, AttributeError) as exc:
                log.warning("libtesseract unavailable (%s): using the tesseract CLI", exc)
                _engines[lang] = None
        return _engines[lang]
