"""What capture hands back for one material: the searchable PDF, its text, fields, flags, and
every page it did not file (blank, unreadable) or wants scanned again, with the reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.capture.fields import Fields
from kiosk.capture.ocr import Word
from kiosk.capture.screening import Flag


LOW_WORD = 60.0
"""Words below this confidence are listed for the filing judge."""


@dataclass(frozen=True)
class PageNote:
    """A page that needs the litigant's attention. ``page`` is the 1-based position as handed in."""

    page: int
    code: str  # capture.blank, capture.too_dark, capture.blurred, capture.cut_off, capture.unreadable, ...
    message: str
    """The sentence for the litigant (Simplified Chinese)."""
    detail: str = ""
    kept_as: str = ""
    """Where the original bytes were kept when the page could not be used."""


@dataclass
class Material:
    name: str
    pdf_path: Path | None
    page_texts: list[str]
    page_confidences: list[float]
    fields: Fields
    flags: list[Flag] = field(default_factory=list)
    dropped_blank_pages: list[int] = field(default_factory=list)
    rescan_requests: list[PageNote] = field(default_factory=list)
    problems: list[PageNote] = field(default_factory=list)
    source_pages: list[int] = field(default_factory=list)
    """For each filed page, its 1-based position as handed in."""
    words: list[list[Word]] = field(default_factory=list)
    """Every recognised word per filed page, with its confidence and box (page pixels)."""
    layer_cer: float | None = None
    """Difference between the PDF text layer read back and the OCR text (0.0 = identical)."""
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n\n".join(self.page_texts)

    @property
    def pages(self) -> int:
        return len(self.page_texts)

    @property
    def confidence(self) -> float:
        """Mean OCR confidence (0-100) over the filed pages, weighted by characters."""
        sizes = [max(1, len(t)) for t in self.page_texts]
        if not sizes:
            return 0.0
        return round(sum(c * n for c, n in zip(self.page_confidences, sizes)) / sum(sizes), 1)

    @property
    def doc_type(self) -> str | None:
        return self.fields.doc_type.value if self.fields.doc_type else None  # type: ignore[return-value]

    def to_json(self) -> dict:
        fields = self.fields.to_json()
        return {
            "name": self.name,
            "pdf": str(self.pdf_path) if self.pdf_path else None,
            "pages": self.pages,
            "text": self.text,
            "confidence": self.confidence,
            "page_confidences": [round(c, 1) for c in self.page_confidences],
            "doc_type": self.doc_type,
            "fields": {k: v for k, v in fields.items() if k != "doc_type"},
            "flags": [asdict(f) for f in self.flags],
            "dropped_blank_pages": self.dropped_blank_pages,
            "rescan_requests": [asdict(n) for n in self.rescan_requests],
            "problems": [asdict(n) for n in self.problems],
            "source_pages": self.source_pages,
            "layer_cer": self.layer_cer,
            "low_confidence_words": [
                {"page": page, "text": w.text, "confidence": w.confidence, "box": list(w.box)}
                for page, words in enumerate(self.words) for w in words if w.confidence < LOW_WORD],
        }
