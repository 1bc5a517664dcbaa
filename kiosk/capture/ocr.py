"""Tesseract on one page: words with boxes and confidences, lines in reading order, clean text.

Runs inside an OCR worker process (never the UI thread). One tesseract call (its TSV: the C API
with the model loaded once per worker, ``kiosk.capture.tess``, else the CLI) gives every word's
box and confidence, enough for the text, the per-word confidences and the PDF text layer. The page is recognised at ``ocr_dpi`` (downscaled from the scan): chi_sim's line model
works on small line images, so 150-200 dpi is as accurate as 300 and much faster.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from kiosk.capture.normalise import normalise_line

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # x, y, w, h in page pixels


@dataclass(frozen=True)
class Line:
    text: str
    words: tuple[Word, ...]
    box: tuple[int, int, int, int]
    char_confidence: tuple[float, ...]

    @property
    def confidence(self) -> float:
        return float(np.mean(self.char_confidence)) if self.char_confidence else 0.0


@dataclass(frozen=True)
class PageText:
    lines: tuple[Line, ...] = ()
    orientation: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        """Mean per-character confidence (0-100) of the page."""
        confs = [c for line in self.lines for c in line.char_confidence]
        return float(np.mean(confs)) if confs else 0.0

    def char_confidences(self) -> list[float]:
        """One confidence per character of ``text`` (newlines get their line's mean)."""
        out: list[float] = []
        for i, line in enumerate(self.lines):
            if i:
                out.append(line.confidence)
            out.extend(line.char_confidence)
        return out


def _line_from_words(words: list[Word], province: str = "豫") -> Line | None:
    raw = " ".join(w.text for w in words)
    text = normalise_line(raw, province)
    if not text:
        return None
    per_char = [w.confidence for w in words for ch in w.text if not ch.isspace()]
    visible = [ch for ch in text if not ch.isspace()]
    confs: list[float] = []
    if len(per_char) == len(visible):
        it = iter(per_char)
        confs = [next(it) if not ch.isspace() else 0.0 for ch in text]
        # spaces kept between Latin words take the mean of their neighbours
        mean = float(np.mean(per_char)) if per_char else 0.0
        confs = [mean if ch.isspace() else c for ch, c in zip(text, confs)]
    else:
        mean = float(np.mean(per_char)) if per_char else 0.0
        confs = [mean] * len(text)
    xs = [w.box[0] for w in words]
    ys = [w.box[1] for w in words]
    x2 = [w.box[0] + w.box[2] for w in words]
    y2 = [w.box[1] + w.box[3] for w in words]
    box = (min(xs), min(ys), max(x2) - min(xs), max(y2) - min(ys))
    return Line(text, tuple(words), box, tuple(confs))


def recognise(grey: np.ndarray, dpi: int, lang: str = "chi_sim", ocr_dpi: int = 150,
              psm: int = 6, province: str = "豫") -> PageText:
    """OCR a grey page image; boxes come back in the coordinates of ``grey``."""
    import cv2

    from kiosk.capture.tess import engine

    scale = min(1.0, ocr_dpi / dpi)
    small = grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale,
                                                   interpolation=cv2.INTER_AREA)
    loaded = engine(lang)  # the model loaded once in this worker (kiosk.capture.tess)
    if loaded is not None:
        data = loaded.data(small, round(dpi * scale), psm)
    else:
        data = _cli_data(small, lang, round(dpi * scale), psm)
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        box = tuple(round(data[k][i] / scale) for k in ("left", "top", "width", "height"))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(Word(text, conf, box))  # type: ignore[arg-type]
    lines = [line for key in sorted(groups) if (line := _line_from_words(groups[key], province))]
    return PageText(tuple(lines))


def _cli_data(small: np.ndarray, lang: str, dpi: int, psm: int) -> dict:
    """The tesseract CLI on one page (a process that loads the model each time)."""
    import cv2
    import pytesseract

    # An uncompressed PGM file: pytesseract would PNG-encode an array (~0.25 s per page).
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        cv2.imwrite(path, small)
        return pytesseract.image_to_data(path, lang=lang, config=f"--psm {psm} --dpi {dpi}",
                                         output_type=pytesseract.Output.DICT)


def detect_orientation(grey: np.ndarray) -> int:
    """Degrees tesseract's OSD says the page must turn (0, 90, 180, 270). Its confidence is low on
    Chinese, so the caller checks the answer by recognising the turned page."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(grey, config="-c min_characters_to_try=10",
                                       output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0
    return int(osd.get("rotate", 0)) % 360
