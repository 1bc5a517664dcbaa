"""``court-gateway video …`` and ``transcripts …`` without a broker: bad input refused with a reason
and nothing changed; a schedule lands in the case's hearings (what My cases answers from) and in
the SMS; a signed transcript whose hash is not the one sent fails ``transcripts show``."""

from __future__ import annotations

import hashlib
import io
import json
import time

from court.cases import my_cases
from court.store import InPacket, store_session
from offline_queue import manifest as mf
from offline_queue.document import recipient_tag
from tests.transport.helpers import court_settings
from tests.ui.journey_rig import court_cli

CASE = "（2024）豫0102民初1187号"
ME = "41018119900307123X"


def pdf(path, pages=1):
    import img2pdf
    from PIL import Image

    images = []
    for _ in range(pages):
        buf = io.BytesIO()
        Image.new("L", (300, 420), 255).save(buf, format="PNG")
        images.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(images))
    return path


def packet(engine, packet_id, kind, *, files_dir=None, files=()):
    manifest = mf.encode({"schema": "x", "packet_id": packet_id, "case_ref": CASE, "files": list(files)})
    with store_session(engine) as s:
        s.add(InPacket(kiosk_id="kiosk-dev-001", packet_id=packet_id, manifest=manifest, signature=b"",
                       digest="d" * 64, kind=kind, service=kind, state="received", received_at=time.time(),
                       sealed_at=time.time(), applicant_name="张三丰", applicant_tag=recipient_tag(ME),
                       phone="13800138000", files_dir=str(files_dir) if files_dir else None))
        s.commit()


def store(cs):
    from court.store import open_store

    return open_store(cs.store_url)


def test_transcripts_send_list_show_and_refusals(tmp_path):
    cs = court_settings(tmp_path / "court", 1)  # no broker: kept for the gateway
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    bad = court_cli(cs, "transcripts", "send", str(broken), "--kiosk", "kiosk-dev-001", "--for", ME, "--case-ref", CASE)
    assert bad.returncode == 2 and "does not open or render" in bad.stderr and "not sent" in bad.stderr
    missing = court_cli(cs, "transcripts", "send", str(tmp_path / "none.pdf"), "--kiosk", "k", "--for", ME,
                        "--case-ref", CASE)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "transcript" not in court_cli(cs, "transcripts", "list").stdout.split("\n", 1)[1]
    ok = court_cli(cs, "transcripts", "send", str(pdf(tmp_path / "t.pdf", 2)), "--kiosk", "kiosk-dev-001",
                   "--for", ME, "--case-ref", CASE, "--phone", "13800138000")
    assert ok.returncode == 0 and "(2 pages)" in ok.stdout, ok.stderr
    doc_id = ok.stdout.strip().splitlines()[-1].split()[0]
    listing = court_cli(cs, "transcripts", "list")
    assert doc_id in listing.stdout and "pending" in listing.stdout and "调解笔录" in listing.stdout
    shown = court_cli(cs, "transcripts", "show", doc_id[:12])
    assert shown.returncode == 0 and "状态：pending" in shown.stdout and "回传" not in shown.stdout
    assert court_cli(cs, "transcripts", "show", "nosuch").returncode == 1
    sms = court_cli(cs, "sms").stdout
    assert "transcript_ready" in sms and "笔录签署" in sms and "13800138000" in sms


def test_video_schedule_into_the_hearings_and_refusals(tmp_path):
    cs = court_settings(tmp_path / "court", 1)
    court_cli(cs, "sms")  # creates the store
    engine = store(cs)
    packet(engine, "01a2-video-1", "video_assist")
    packet(engine, "01a2-filing", "filing")
    packet(engine, "01a2-video-2", "video_assist")
    listing = court_cli(cs, "video", "list")
    assert "01a2-video-1" in listing.stdout and "01a2-filing" not in listing.stdout and CASE in listing.stdout
    wrong = court_cli(cs, "video", "schedule", "01a2-filing", "--at", "2026-12-08 09:30", "--place", "视频室")
    assert wrong.returncode == 1 and "not a video assistance application" in wrong.stderr
    when = court_cli(cs, "video", "schedule", "01a2-video-1", "--at", "tomorrow", "--place", "视频室")
    assert when.returncode == 1 and "YYYY-MM-DD HH:MM" in when.stderr
    assert court_cli(cs, "video", "schedule", "01a2-video", "--at", "2026-12-08 09:30", "--place", "视频室").returncode == 1, \
        "a prefix of two packets names neither"
    ok = court_cli(cs, "video", "schedule", "01a2-video-2", "--at", "2026-12-08 09:30", "--place", "巩义法院视频室")
    assert ok.returncode == 0 and "the gateway will send document" in ok.stderr, ok.stderr
    answer = my_cases(engine, recipient_tag(ME))
    (case,) = answer["cases"]
    assert case["case_number"] == CASE and case["hearings"] == [{"at": "2026-12-08 09:30", "room": "视频调解（巩义法院视频室）"}]
    assert any(f["packet_id"] == "01a2-video-2" and f["state"] == "accepted" for f in answer["filings"])
    again = court_cli(cs, "video", "refuse", "01a2-video-2", "--reason", "x")
    assert again.returncode == 1 and "already scheduled" in again.stderr
    empty = court_cli(cs, "video", "refuse", "01a2-video-1", "--reason", " ")
    assert empty.returncode == 1 and "--reason" in empty.stderr
    refused = court_cli(cs, "video", "refuse", "01a2-video-1", "--reason", "当事人对关键证据原件有异议")
    assert refused.returncode == 0 and "不宜进行" in refused.stdout
    sms = court_cli(cs, "sms").stdout
    assert "video_scheduled" in sms and "video_refused" in sms and "2026-12-08 09:30" in sms


def test_a_signed_transcript_over_another_hash_fails_the_check(tmp_path):
    cs = court_settings(tmp_path / "court", 1)
    sent = court_cli(cs, "transcripts", "send", str(pdf(tmp_path / "t.pdf")), "--kiosk", "kiosk-dev-001",
                     "--for", ME, "--case-ref", CASE)
    doc_id = sent.stdout.strip().splitlines()[-1].split()[0]
    root = tmp_path / "answer"
    (root / "signature").mkdir(parents=True)
    (root / "materials").mkdir()
    pdf(root / "materials" / "01.pdf")
    wrong = hashlib.sha256(b"another transcript").hexdigest()
    (root / "form.json").write_text(json.dumps({"fields": {"record": {
        "transcript_doc_id": {"value": doc_id}, "decision": {"value": "signed"},
        "transcript_sha256": {"value": wrong}}}}))
    (root / "signature" / "01.json").write_text(json.dumps({"key": "transcript", "text": f"摘要：{wrong}",
                                                            "strokes": {"strokes": [[{"x": 1}]]}, "signer": "张三丰"}))
    packet(store(cs), "01a2-signed", "transcript_signature", files_dir=root,
           files=[{"path": "signature/01.json"}, {"path": "materials/01.pdf"}])
    assert "signed" in court_cli(cs, "transcripts", "list").stdout
    shown = court_cli(cs, "transcripts", "show", doc_id)
    assert shown.returncode == 1, shown.stdout
    assert "✗ 笔录摘要与本院发送的一致" in shown.stdout and "✗ 签名确认文本含笔录摘要" in shown.stdout
    assert "✓ 签名笔迹" in shown.stdout and "01a2-signed" in shown.stdout
    assert "✗ 审计链：未检查" in shown.stdout
