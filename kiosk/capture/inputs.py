"""Turn what the kiosk or the CLI hands over (scanner pages, files, images) into page jobs.

Files may be images (JPEG, PNG, TIFF incl. multi-page, PNM) or PDFs (rendered at the OCR dpi with
pdfium). A broken PDF or unreadable file becomes a typed problem instead of an exception, and the
original bytes are kept so nothing the litigant handed in is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class RawPage:
    """One page as handed in: encoded bytes or a decoded array, its dpi, and where it came from."""

    data: bytes | np.ndarray
    dpi: int
    source: str = ""


@dataclass(frozen=True)
class InputProblem:
    code: str  # capture.broken_pdf, capture.unreadable, capture.missing
    source: str
    detail: str
    original: bytes = b""


def pil_to_array(image) -> np.ndarray:
    """A PIL image as a grey or BGR array (what the OCR workers take)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK", "LA") else "L")
    arr = np.asarray(image)
    return arr if arr.ndim == 2 else arr[..., ::-1].copy()


def to_raw_page(item: Any, default_dpi: int) -> RawPage:
    """Scanner pages (``.image``/``.dpi``), PIL images, arrays, bytes or paths of single images."""
    if isinstance(item, RawPage):
        return item
    if hasattr(item, "image") and hasattr(item, "dpi"):
        return RawPage(pil_to_array(item.image), int(item.dpi or default_dpi), f"scan:{getattr(item, 'index', '')}")
    if hasattr(item, "mode") and hasattr(item, "size"):
        dpi = item.info.get("dpi", (default_dpi,))[0] if hasattr(item, "info") else default_dpi
        return RawPage(pil_to_array(item), int(round(float(dpi))) or default_dpi, "image")
    if isinstance(item, np.ndarray):
        return RawPage(item, default_dpi, "array")
    if isinstance(item, (bytes, bytearray)):
        return RawPage(bytes(item), _dpi_of(bytes(item), default_dpi), "bytes")
    if isinstance(item, (str, Path)):
        data = Path(item).read_bytes()
        return RawPage(data, _dpi_of(data, default_dpi), str(item))
    raise TypeError(f"cannot make a page of {type(item).__name__}")


def _dpi_of(data: bytes, default: int) -> int:
    """The resolution recorded in an image file, when it is plausible for a scan."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            dpi = im.info.get("dpi")
            if dpi and 100 <= float(dpi[0]) <= 1200:
                return int(round(float(dpi[0])))
    except Exception:  # noqa: BLE001 - unreadable files are reported by the worker
        pass
    return default


def pages_of_file(path: Path, dpi: int) -> Iterator[RawPage | InputProblem]:
    """The pages of one file, or a problem saying why there are none (original kept)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem("capture.missing", str(path), str(exc))
        return
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        yield from _pdf_pages(data, str(path), dpi)
        return
    frames = _tiff_frames(data)
    if frames:
        for i, frame in enumerate(frames):
            yield RawPage(frame, _dpi_of(data, dpi), f"{path}#{i + 1}")
        return
    yield RawPage(data, _dpi_of(data, dpi), str(path))


def _tiff_frames(data: bytes) -> list[np.ndarray]:
    if data[:4] not in (b"II*\x00", b"MM\x00*"):
        return []
    import io

    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(data)) as im:
            if getattr(im, "n_frames", 1) <= 1:
                return []
            return [pil_to_array(frame.copy()) for frame in ImageSequence.Iterator(im)]
    except Exception:  # noqa: BLE001 - treated as a single (maybe unreadable) image
        return []


def _pdf_pages(data: bytes, source: str, dpi: int) -> Iterator[RawPage | InputProblem]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        yield InputProblem("capture.broken_pdf", source, str(exc), data)
        return
    try:
        if len(doc) == 0:
            yield InputProblem("capture.broken_pdf", source, "the PDF has no pages", data)
        for i in range(len(doc)):
            try:
                page = doc[i]
                pixels = page.render(scale=dpi / 72, grayscale=True).to_numpy()
                page.close()
                grey = pixels[..., 0] if pixels.ndim == 3 else pixels
                yield RawPage(np.ascontiguousarray(grey), dpi, f"{source}#{i + 1}")
            except pdfium.PdfiumError as exc:
                yield InputProblem("capture.broken_pdf", f"{source}#{i + 1}", str(exc), data)
    finally:
        doc.close()
