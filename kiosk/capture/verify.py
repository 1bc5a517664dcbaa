"""Read a PDF's text layer back (pdfium, as a court viewer would) and compare it with the OCR text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.capture.cer import cer


@dataclass(frozen=True)
class LayerCheck:
    pages: int
    layer_text: list[str]
    cer: float
    """Character error rate of the extracted layer against the OCR text (whitespace ignored)."""

    @property
    def ok(self) -> bool:
        return self.cer <= 0.005


def extract_layer(pdf: Path | bytes) -> list[str]:
    """The text of every page, as pdfium extracts it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def check_layer(pdf: Path | bytes, page_texts: list[str]) -> LayerCheck:
    layer = extract_layer(pdf)
    expected = "\n".join(page_texts)
    got = "\n".join(t.replace("\r", "") for t in layer)
    return LayerCheck(len(layer), layer, cer(got, expected))
