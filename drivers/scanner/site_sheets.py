"""A court's own sample filings as the paper in the simulator's feeder.

So a court can rehearse the journeys and train staff on its own documents, the simulator can be
loaded with image files and PDFs instead of synthetic filings (``files`` beside ``seed``). Every
file is checked when the scanner is made, so a typo in the site config is one clear error naming
the file, not a jam halfway through a rehearsal; pages are rendered only when fed (a 300 dpi A4
page is 9 MB), PDFs with pdfium at the scan resolution, images resampled to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from drivers.errors import DeviceError

A4_WIDTH_IN = 8.27
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".pnm",
                  ".pgm", ".ppm", ".pbm"}


class SheetFileError(DeviceError):
    """A file named as scanner paper is missing, unreadable or not a PDF or image."""

    code = "device.config"


@dataclass(frozen=True)
class SitePage:
    """One side of paper: a page of a PDF or a frame of an image file."""

    path: Path
    page: int
    """Page of the PDF / frame of the image, from 0."""
    pdf: bool

    @property
    def label(self) -> str:
        return f"{self.path}#{self.page + 1}"

    def render(self, dpi: int, mode: str = "gray"):
        """The page as the scanner would see it at ``dpi``: PIL "L" (gray) or "RGB" (color)."""
        image = _render_pdf(self.path, self.page, dpi) if self.pdf else _render_image(self.path, self.page, dpi)
        return image.convert("RGB" if mode == "color" else "L")

    def text(self) -> str:
        """The PDF's own text layer (the page's ground truth where there is one), else ""."""
        if not self.pdf:
            return ""
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(self.path))
        try:
            page = doc[self.page]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            return text.replace("\r\n", "\n").strip()
        finally:
            doc.close()


def parse_files(value) -> list[str]:
    """``files`` as a list, or one string of paths separated by ``os.pathsep`` (a URL query)."""
    if value is None or value == "":
        return []
    if isinstance(value, (str, Path)):
        return [p for p in str(value).split(os.pathsep) if p]
    return [str(p) for p in value]


def load_pages(paths: list[str]) -> list[SitePage]:
    """Every page of every file in order (a directory: its files sorted by name, dotfiles skipped).
    Raises SheetFileError naming the first file that cannot be fed."""
    pages: list[SitePage] = []
    for name in paths:
        path = Path(name).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not files:
                raise SheetFileError(f"scanner files: {path}: the directory holds no files",
                                     device="scanner")
            for file in files:
                pages.extend(_pages_of(file))
        else:
            pages.extend(_pages_of(path))
    if paths and not pages:
        raise SheetFileError("scanner files: no pages in " + ", ".join(paths), device="scanner")
    return pages


def _pages_of(path: Path) -> list[SitePage]:
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise SheetFileError(f"scanner files: {path}: cannot be read ({exc.strerror or exc})",
                             device="scanner") from exc
    if head == b"%PDF-" or path.suffix.lower() == ".pdf":
        return [SitePage(path, i, True) for i in range(_pdf_page_count(path))]
    return [SitePage(path, i, False) for i in range(_image_frame_count(path))]


def _pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise SheetFileError(f"scanner files: {path}: not a readable PDF ({exc})", device="scanner") from exc
    try:
        if len(doc) == 0:
            raise SheetFileError(f"scanner files: {path}: the PDF has no pages", device="scanner")
        return len(doc)
    finally:
        doc.close()


def _image_frame_count(path: Path) -> int:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            return int(getattr(im, "n_frames", 1))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        kind = "PDF or image" if path.suffix.lower() not in IMAGE_SUFFIXES else "image"
        raise SheetFileError(f"scanner files: {path}: not a readable {kind} ({exc})",
                             device="scanner") from exc


def _render_pdf(path: Path, index: int, dpi: int):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[index]
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
        return image
    finally:
        doc.close()


def _render_image(path: Path, frame: int, dpi: int):
    """The frame resampled so that its paper size is kept at ``dpi``; an image that records no
    resolution is taken to be an A4-wide scan."""
    from PIL import Image

    with Image.open(path) as im:
        im.seek(frame)
        recorded = im.info.get("dpi")
        if im.mode not in ("L", "RGB"):
            im = im.convert("RGBA" if "A" in im.mode or im.mode == "P" else "RGB")
        if im.mode == "RGBA":  # transparency is white paper, not black
            white = Image.new("RGB", im.size, (255, 255, 255))
            white.paste(im, mask=im.getchannel("A"))
            im = white
        source_dpi = float(recorded[0]) if recorded and 50 <= float(recorded[0]) <= 2400 else im.width / A4_WIDTH_IN
        scale = dpi / source_dpi
        if abs(scale - 1) < 0.01:
            return im.copy()
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        return im.resize(size, Image.Resampling.LANCZOS)
