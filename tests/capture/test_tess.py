"""Tesseract through its C API, loaded once per process: the CLI's exact words, boxes and
confidences on a filing page, and the model loaded once however many pages follow."""

from __future__ import annotations


import cv2
import numpy as np
import pytest

from kiosk.capture import tess
from kiosk.capture.ocr import _cli_data

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def small_pages():
    from drivers.scanner.synthetic import synthetic_pages

    pages = synthetic_pages(21, 2, kinds=["借条", "证据目录"])
    greys = [cv2.imdecode(np.frombuffer(p.jpeg, np.uint8), cv2.IMREAD_GRAYSCALE) for p in pages]
    return [cv2.resize(g, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) for g in greys]


def test_the_api_reads_what_the_cli_reads(small_pages):
    loaded = tess.engine("chi_sim")
    assert loaded is not None, "libtesseract.so.5 missing (Debian libtesseract5)"
    for page in small_pages:
        api, cli = loaded.data(page, 150, 6), _cli_data(page, "chi_sim", 150, 6)
        words = [i for i, text in enumerate(cli["text"]) if str(text).strip()]
        assert len(words) > 50
        for column in ("text", "conf", "left", "top", "width", "height", "block_num", "line_num"):
            assert [str(api[column][i]) for i in words] == [str(cli[column][i]) for i in words], column


def test_the_model_is_loaded_once_per_process(small_pages, monkeypatch):
    calls = []
    real = tess.Tesseract.__init__

    def counted(self, lang):
        calls.append(lang)
        real(self, lang)

    monkeypatch.setattr(tess, "_engines", {})
    monkeypatch.setattr(tess.Tesseract, "__init__", counted)
    from kiosk.capture.ocr import recognise

    for page in small_pages * 2:
        assert recognise(page, 150, ocr_dpi=150).text
    assert calls == ["chi_sim"]


def test_tsv_rows_become_columns():
    rows = "1\t1\t0\t0\t0\t0\t0\t0\t850\t1100\t-1\t\n5\t1\t1\t1\t1\t1\t80\t90\t40\t30\t96.5\t借款\n"
    data = tess.parse_tsv(rows)
    assert data["text"] == ["", "借款"] and data["conf"] == [-1, 96]
    assert data["left"] == [0, 80] and data["level"] == [1, 5]
    assert tess.parse_tsv("") == {name: [] for name in tess.COLUMNS}
