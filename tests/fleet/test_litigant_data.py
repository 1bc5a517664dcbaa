"""Litigants' data on the disk, looked at for real: a realistic filing (rendered PDFs, OCR text,
ID card, signature) sealed into the outbox leaves no name, ID number or address in clear anywhere
under the kiosk's data directory (spool, queue database and its WAL); delivered over a real
Mosquitto to a real gateway, its scans and personal files are gone from the kiosk at the receipt
(retention 0 h, the default) or after the configured hours, while the court still reads all of it
(`court-gateway review show`) and keeps it encrypted at rest too. Per-session scratch files are
wiped when the session ends and after a crash."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from kiosk.session import Session, purge_stale_sessions
from offline_queue.service import open_outbox
from tests.transport.helpers import VENV_BIN, Running, clean_env, court_env, wait_for

ID_NUMBER = "410181199003074512"
PLAIN = [ID_NUMBER, "张三", "新华路12号", "今借到张三", "13800138000"]
NEEDLES = [n.encode() for n in PLAIN] + [json.dumps(n).strip('"').encode() for n in PLAIN]  # UTF-8 and \\u escapes


def in_clear(root) -> list[str]:
    """Every file under ``root`` holding one of the litigant's details in clear."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits += [f"{path.relative_to(root)}: {n.decode()}" for n in NEEDLES if n in data]
    return hits


def files_of(root) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_spool_and_queue_hold_nothing_personal_in_clear(pair):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    filing = sample_filing()  # real rendered PDFs, OCR text with names, the ID card, a signature
    assert ID_NUMBER in json.dumps(filing.form, ensure_ascii=False) and "张三" in filing.materials[0].ocr_text
    pid = seal_session(ks, filing, outbox=outbox)
    spool = ks.spool_dir / pid
    names = files_of(spool)
    assert {"materials/01.pdf.enc", "ocr/01.txt.enc", "material_list.json.enc", "signature/signature.png.enc",
            "signature/strokes.json.enc", "form.json.enc", "idcard.json.enc"} <= names, names
    assert names - {n for n in names if n.endswith(".enc")} == {"manifest.json", "manifest.sig", "audit.jsonl"}
    assert in_clear(ks.storage.data_dir) == []


@pytest.mark.integration
@pytest.mark.parametrize("keep_h", [0, 24])
def test_scans_and_personal_data_are_purged_after_the_receipt(mosquitto, pair, keep_h):
    ks, cs = pair(mosquitto.port)
    ks.retention.keep_scans_after_receipt_h = keep_h
    with Running(ks, cs) as run:
        pid = seal_session(ks, sample_filing(), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 40)
        spool = ks.spool_dir / pid
        if keep_h == 0:  # at the receipt itself, not at the sender's next minute
            assert wait_for(lambda: files_of(spool) == {"manifest.json", "manifest.sig"}, 5), files_of(spool)
        else:
            time.sleep(0.5)
            assert "materials/01.pdf.enc" in files_of(spool)  # kept (encrypted) for the configured hours
            assert run.outbox.purge_delivered(keep_h, now=time.time() + (keep_h - 1) * 3600) == 0
            assert run.outbox.purge_delivered(keep_h, now=time.time() + (keep_h + 1) * 3600) == 1
            assert files_of(spool) == {"manifest.json", "manifest.sig"}
    assert run.outbox.get(pid).purged
    assert in_clear(ks.storage.data_dir) == []
    # The court reads everything it was sent (decrypting with its key) and keeps it encrypted at rest.
    review = subprocess.run([str(VENV_BIN / "court-gateway"), "review", "show", pid, "--full"], capture_output=True,
                            text=True, env={**clean_env(), **court_env(cs)}, timeout=60)
    assert review.returncode == 0, review.stderr
    out = review.stdout
    for expected in ("张三", ID_NUMBER, "1. 民事起诉状  原件  清单 1 页 / PDF 1 页  materials/01.pdf",
                     "2. 借条（复印件）  复印件  清单 1 页 / PDF 1 页  materials/02.pdf"):
        assert expected in out, out
    assert "笔迹 3 点" in out  # the signature's strokes, decrypted
    assert "无法用本院密钥解密" not in out and "无法读取" not in out and "不在包内，" not in out.replace(
        "签署文本不在包内，", ""), out  # nothing the court could not decrypt or find
    assert in_clear(cs.packets_dir) == []


def test_session_scratch_files_are_wiped_at_the_end_and_after_a_crash(tmp_path):
    base = tmp_path / "tmp"
    session = Session(base)
    (session.temp_dir / "scans").mkdir()
    (session.temp_dir / "scans" / "p1.png").write_bytes("张三 410181199003074512".encode())
    session.memory["identity"] = {"id_number": ID_NUMBER}
    crashed = Session(base)
    (crashed.temp_dir / "page.png").write_bytes(ID_NUMBER.encode())
    session.wipe()
    assert session.memory == {} and not session.temp_path.exists()
    assert purge_stale_sessions(base) == 1  # the next start after a crash or power cut
    assert in_clear(tmp_path) == [] and list(base.iterdir()) == []
