"""The searchable PDF: images drawn, invisible text in reading order that pdfium reads back intact."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from kiosk.capture.pdf import PdfPage, build_pdf, write_pdf
from kiosk.capture.verify import check_layer, extract_layer

pytestmark = pytest.mark.unit

LINES = [
    ("民事起诉状", (800, 300, 900, 90)),
    ("原告：张三，男，1975年3月12日出生，公民身份号码410181197503121237。", (300, 500, 1900, 55)),
    ("诉讼请求：判令被告偿还借款人民币200000元（大写：贰拾万元整）；", (300, 600, 1850, 55)),
    ("Email: court@example.cn", (300, 700, 700, 55)),
    ("此致", (300, 800, 110, 55)),
    ("巩义市人民法院", (300, 900, 380, 55)),
]


def _jpeg_page(lines=LINES) -> PdfPage:
    import cv2

    img = np.full((1200, 2480), 245, np.uint8)
    cv2.putText(img, "scan", (300, 200), cv2.FONT_HERSHEY_SIMPLEX, 4, 0, 8)
    ok, buf = cv2.imencode(".jpg", img)
    return PdfPage(buf.tobytes(), "jpeg-gray", 2480, 1200, 300, lines)


def _bilevel_page() -> PdfPage:
    bits = np.ones((400, 800), bool)
    bits[100:300, 100:700] = False  # a black block
    return PdfPage(zlib.compress(np.packbits(bits, axis=1).tobytes()), "bilevel", 800, 400, 200,
                   [("证据目录", (100, 100, 600, 200))])


def test_layer_reads_back_exactly_in_reading_order(tmp_path):
    path = write_pdf(tmp_path / "m.pdf", [_jpeg_page(), _bilevel_page()])
    layer = extract_layer(path)
    assert len(layer) == 2
    got = [line.strip() for line in layer[0].replace("\r", "").split("\n") if line.strip()]
    assert got == [text for text, _ in LINES]
    assert layer[1].strip() == "证据目录"
    check = check_layer(path, ["\n".join(t for t, _ in LINES), "证据目录"])
    assert check.cer == 0.0 and check.ok


def test_pages_have_physical_size_and_images(tmp_path):
    import pypdfium2 as pdfium

    path = write_pdf(tmp_path / "m.pdf", [_jpeg_page(), _bilevel_page()])
    doc = pdfium.PdfDocument(path)
    w, h = doc[0].get_size()
    assert w == pytest.approx(2480 / 300 * 72, abs=0.5) and h == pytest.approx(1200 / 300 * 72, abs=0.5)
    w, h = doc[1].get_size()
    assert w == pytest.approx(800 / 200 * 72, abs=0.5)
    rendered = doc[1].render(scale=200 / 72).to_numpy()
    assert rendered[200, 400].max() < 60 and rendered[20, 20].min() > 200  # black block, white paper
    doc.close()


def test_text_is_invisible(tmp_path):
    import pypdfium2 as pdfium

    blank = PdfPage(zlib.compress(np.packbits(np.ones((300, 800), bool), axis=1).tobytes()), "bilevel",
                    800, 300, 200, [("看不见的文字", (50, 50, 700, 200))])
    doc = pdfium.PdfDocument(build_pdf([blank]))
    assert doc[0].render(scale=1).to_numpy().min() > 250
    doc.close()


def test_write_is_atomic(tmp_path):
    path = write_pdf(tmp_path / "m.pdf", [_bilevel_page()])
    assert path.exists() and not list(tmp_path.glob("*.part"))
    assert path.read_bytes().startswith(b"%PDF-1.5") and path.read_bytes().rstrip().endswith(b"%%EOF")
