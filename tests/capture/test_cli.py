"""``kiosk ocr`` and ``kiosk scan`` as a court IT person runs them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.scanner.synthetic import synthetic_pages
from kiosk.capture.cer import cer

pytestmark = pytest.mark.integration
KIOSK = [sys.executable, "-m", "kiosk.cli.main"]


def _run(args, env=None, timeout=120):
    return subprocess.run(KIOSK + args, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})})


def test_ocr_json_one_object_per_file_in_order(tmp_path):
    page = synthetic_pages(31, 1, kinds=["民事上诉状"], fit_height=True)[0]
    image = tmp_path / "appeal.jpg"
    image.write_bytes(page.jpeg)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    garbage = tmp_path / "photo.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    result = _run(["ocr", str(image), str(broken), str(garbage), "--json", "--workers", "2",
                   "--out", str(tmp_path / "out")])
    assert result.returncode == 1, result.stderr  # some inputs failed: exit 1, all reported
    data = json.loads(result.stdout)
    assert [Path(d["file"]).name for d in data] == ["appeal.jpg", "broken.pdf", "photo.png"]
    first = data[0]
    assert {"text", "confidence", "doc_type", "fields", "flags"} <= set(first)
    assert set(first["fields"]) >= {"id_numbers", "phones", "case_numbers", "amounts", "court", "parties", "dates"}
    assert first["doc_type"] == "民事上诉状" and first["error"] is None
    assert cer(first["text"], page.truth) <= 0.03
    assert [c["value"] for c in first["fields"]["case_numbers"]] == page.filing.case_numbers
    assert Path(first["pdf"]).exists()
    assert data[1]["error"] == "capture.broken_pdf" and data[1]["pages"] == 0
    assert data[2]["error"] == "capture.unreadable"
    assert Path(data[2]["problems"][0]["kept_as"]).read_bytes() == garbage.read_bytes()


def test_scan_from_simulator_with_ocr(tmp_path):
    result = _run(["scan", "--device", "sim://4?fit_height=true", "--pages", "2", "--out", str(tmp_path),
                   "--ocr"])
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("page-*.png")) == ["page-001.png", "page-002.png"]
    material = json.loads(result.stdout[result.stdout.index("{"):])
    assert material["pages"] == 2 and Path(material["pdf"]).exists()


def test_scan_from_sane_test_backend(tmp_path, sane_test_backend):
    result = _run(["scan", "--device", sane_test_backend, "--pages", "3", "--resolution", "75",
                   "--out", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == 3


@pytest.mark.parametrize("device", ["test?read_return_value=SANE_STATUS_JAMMED", "sim://?fault=jam"])
def test_scan_jam_exits_3_with_the_litigant_message(tmp_path, sane_test_backend, device):
    result = _run(["scan", "--device", device, "--pages", "2", "--resolution", "75", "--out", str(tmp_path)])
    assert result.returncode == 3
    assert "device.media.jam" in result.stderr and "卡纸" in result.stderr
