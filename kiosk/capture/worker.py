"""The per-page job an OCR worker process runs: decode, check, clean up, encode, recognise.

Everything heavy for one page happens here, in a worker process, so pages are processed in
parallel and the kiosk's UI thread never waits. Results are plain picklable dataclasses.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field

import numpy as np

from kiosk.capture import cleanup
from kiosk.capture.ocr import PageText, detect_orientation, recognise

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LOW_CONFIDENCE = 55.0


@dataclass(frozen=True)
class PageJob:
    index: int
    data: bytes | np.ndarray
    """An encoded image file (JPEG, PNG, TIFF, PNM) or a decoded array (grey or BGR)."""
    dpi: int = 300
    lang: str = "chi_sim"
    ocr_dpi: int = 150
    psm: int = 6
    jpeg_quality: int = 75
    province: str = "豫"
    """The kiosk's province: the character a misread case-number province is repaired to."""


@dataclass(frozen=True)
class EncodedImage:
    """A page image ready for the PDF: DCT (JPEG) or 1-bit Flate bytes."""

    data: bytes
    width: int
    height: int
    kind: str  # "jpeg-gray", "jpeg-rgb", "bilevel"
    dpi: int


@dataclass(frozen=True)
class PageOutcome:
    index: int
    status: str  # "ok", "blank", "unreadable"
    quality: cleanup.PageQuality | None = None
    text: PageText = field(default_factory=PageText)
    image: EncodedImage | None = None
    skew_deg: float = 0.0
    rotated: int = 0
    error: str = ""

    @property
    def rescan_reasons(self) -> tuple[str, ...]:
        return self.quality.rescan_reasons if self.quality else ()


def decode(data: bytes | np.ndarray) -> np.ndarray:
    """Decoded image (grey or BGR); ValueError for anything that is not a readable image."""
    import cv2

    if isinstance(data, np.ndarray):
        if data.ndim == 3 and data.shape[2] == 4:
            data = cv2.cvtColor(data, cv2.COLOR_BGRA2BGR)
        return data
    if not data:
        raise ValueError("empty file")
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if img is None:
        img = _decode_with_pillow(data)
    if img.dtype != np.uint8:
        img = (img / 257).astype(np.uint8) if img.dtype == np.uint16 else img.astype(np.uint8)
    if img.ndim == 3 and img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if min(img.shape[:2]) < 32:
        raise ValueError(f"image too small ({img.shape[1]}x{img.shape[0]})")
    return img


def _decode_with_pillow(data: bytes) -> np.ndarray:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            grey = im.convert("L") if im.mode in ("1", "L", "I;16", "P", "LA") else None
            if grey is not None:
                return np.asarray(grey)
            return np.asarray(im.convert("RGB"))[..., ::-1].copy()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValueError(f"not a readable image: {exc}") from exc


def encode(img: np.ndarray, grey: np.ndarray, dpi: int, quality: int) -> EncodedImage:
    """Bilevel for plain text pages, JPEG grey or colour otherwise (evidence keeps its tones)."""
    import cv2

    h, w = grey.shape
    if cleanup.is_colour(img):
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
        return EncodedImage(buf.tobytes(), w, h, "jpeg-rgb", dpi)
    if cleanup.is_text_only(grey):
        _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        bits = np.packbits(bw > 0, axis=1)  # PDF DeviceGray 1 bpc: 1 = white
        return EncodedImage(zlib.compress(bits.tobytes(), 6), w, h, "bilevel", dpi)
    ok, buf = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return EncodedImage(buf.tobytes(), w, h, "jpeg-gray", dpi)


def process_page(job: PageJob) -> PageOutcome:
    """Decode, assess, deskew, crop, encode and recognise one page."""
    try:
        img = decode(job.data)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is an unreadable page
        return PageOutcome(job.index, "unreadable", error=str(exc) or type(exc).__name__)
    grey = cleanup.to_grey(img)
    grey, colour, _ = cleanup.crop_borders(grey, img if img.ndim == 3 else None)
    quality = cleanup.assess(grey)
    if quality.blank:
        return PageOutcome(job.index, "blank", quality)
    paper = quality.paper_level
    skew = cleanup.estimate_skew(grey)
    grey = cleanup.rotate(grey, skew, paper)
    colour = cleanup.rotate(colour, skew, paper) if colour is not None else None
    text = recognise(grey, job.dpi, job.lang, job.ocr_dpi, job.psm, job.province)
    rotated = 0
    if text.confidence < LOW_CONFIDENCE:
        grey, colour, text, rotated = _turn_upright(grey, colour, text, job)
    image = encode(colour if colour is not None else grey, grey, job.dpi, job.jpeg_quality)
    return PageOutcome(job.index, "ok", quality, text, image, skew, rotated)


def _turn_upright(grey, colour, text: PageText, job: PageJob):
    """A page fed sideways or upside down: ask OSD, then keep the turn that reads best."""
    import cv2

    osd = detect_orientation(grey)
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    best = (grey, colour, text, 0)
    candidates = [a for a in dict.fromkeys((osd, (360 - osd) % 360, 180)) if a][:2]
    for angle in candidates:
        g = cv2.rotate(grey, turns[angle])
        t = recognise(g, job.dpi, job.lang, job.ocr_dpi, job.psm, job.province)
        if t.confidence > best[2].confidence + 10:
            c = cv2.rotate(colour, turns[angle]) if colour is not None else None
            best = (g, c, t, angle)
        if best[3]:
            break
    return best
