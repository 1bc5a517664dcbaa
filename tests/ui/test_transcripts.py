"""笔录签署 and 跨域视频辅助 walked with touches through the real screens on the simulators, to the
record at a real court gateway over a real Mosquitto and back (norms §13–18):

- the application for video assistance, the booth checked, scheduled by the court: the time on the
  status step, in My cases (the court's live answer) and in the SMS;
- a transcript sent by the court, read to its end, signed on the pad, the stamped PDF back and
  checked by ``court-gateway transcripts show``; one for another person never listed, one that does
  not render refused with a message, a broken PDF refused by the court's own command;
- a refusal with its reason while the court is away: it waits, then is recorded."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from kiosk.walkthrough import (Walk, equipment_check, my_cases, read_transcript, refuse_transcript,
                               sign_transcript, start_with_card, video_application)
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
OTHER_ID = "410181198511231220"


def shots_dir(tmp_path, name: str) -> Path:
    root = os.environ.get("SVC_SHOTS")
    return Path(root) / name if root else tmp_path / "shots"


def transcript_pdf(path: Path, pages: int = 2) -> Path:
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 34)
    images = []
    for n in range(pages):
        page = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(page)
        draw.text((120, 120), "调 解 笔 录" if n == 0 else f"（第{n + 1}页）", fill=0, font=font)
        for line in range(18 if n + 1 < pages else 8):
            draw.text((120, 240 + line * 64), f"调解员：双方对借款本金{100000 + line}元无异议。", fill=0, font=font)
        buf = io.BytesIO()
        page.save(buf, format="PNG")
        images.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(images, layout_fun=img2pdf.get_layout_fun((img2pdf.mm_to_pt(210),
                                                                                img2pdf.mm_to_pt(297)))))
    return path


def _sample_id() -> str:
    from drivers.idcard.samples import sample_cards

    return sample_cards()["resident"].id_number


def documents_verified(running, count: int):
    from sqlmodel import select

    from offline_queue.models import InDocument

    def check():
        with running.outbox.session() as s:
            return len(s.exec(select(InDocument).where(InDocument.state == "verified")).all()) >= count
    return check


def stamped_last_page(running, ks, packet_id, out_dir) -> None:
    """The signed transcript as the court received it: the signature at the foot of its last page."""
    import pypdfium2 as pdfium

    from court.store import InPacket, store_session

    with store_session(running.engine) as s:
        row = s.get(InPacket, (ks.kiosk.kiosk_id, packet_id))
    pdf = pdfium.PdfDocument((Path(row.files_dir) / "materials" / "01.pdf").read_bytes())
    page = pdf[len(pdf) - 1].render(scale=1.2).to_pil().convert("RGB")
    pdf.close()
    foot = page.convert("L").crop((0, int(page.height * 0.8), page.width, page.height))
    assert foot.getextrema()[0] < 100, "the signature is drawn into the transcript the court holds"
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        page.save(out_dir / "99-transcript-stamped-pdf.png")


def test_video_assistance_scheduled_by_the_court_shows_in_my_cases(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "transcripts-video"), log=lambda _m: None)
        start_with_card(walk)
        packet_id = video_application(walk, CASE)
        assert running.outbox.get(packet_id).state == "delivered"
        listing = court_cli(cs, "video", "list")
        assert packet_id in listing.stdout and "mediation/court_booth" in listing.stdout, listing.stdout
        assert court_cli(cs, "video", "schedule", packet_id, "--at", "12月8日", "--place", "x").returncode == 1
        done = court_cli(cs, "video", "schedule", packet_id, "--at", "2026-12-08 09:30",
                         "--place", "巩义市人民法院视频调解室")
        assert done.returncode == 0 and "2026-12-08 09:30" in done.stdout, done.stderr
        again = court_cli(cs, "video", "schedule", packet_id, "--at", "2026-12-09 09:30", "--place", "y")
        assert again.returncode == 1 and "already scheduled" in again.stderr
        walk.wait(lambda: walk.body.state == "answered", 60, "the court's signed schedule")
        assert "2026-12-08 09:30" in walk.screen.detail.text and "视频调解室" in walk.screen.detail.text
        walk.shot("transcript-video-scheduled", "the court's time and place, verified, on the status step")
        walk.next()
        walk.wait_screen("home")
        my_cases(walk, shot=False)
        lines = [line for card in walk.body.cards for line in card.lines]
        assert any("2026-12-08 09:30" in line and "视频调解" in line for line in lines), lines
        walk.shot("transcript-my-cases", "My cases: the scheduled video mediation among the hearings")
        sms = court_cli(cs, "sms")
        assert "video_scheduled" in sms.stdout and "13800138000" in sms.stdout, sms.stdout


def test_a_transcript_read_signed_stamped_and_recorded_and_what_must_not_show(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "transcripts-sign"), log=lambda _m: None)
        kid = ks.kiosk.kiosk_id
        me = _sample_id()
        good = transcript_pdf(tmp_path / "t.pdf")
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.7\n" + b"\0garbage" * 200)
        refused = court_cli(cs, "transcripts", "send", str(broken), "--kiosk", kid, "--for", me, "--case-ref", CASE)
        assert refused.returncode == 2 and "does not open or render" in refused.stderr, refused.stderr
        # what no screen may show: a broken PDF (sent around the check), a transcript for someone else
        assert court_cli(cs, "send-document", str(broken), "--kiosk", kid, "--for", me, "--kind", "transcript",
                         "--title", "损坏的笔录", "--case-ref", CASE).returncode == 0
        assert court_cli(cs, "transcripts", "send", str(good), "--kiosk", kid, "--for", OTHER_ID,
                         "--case-ref", CASE, "--title", "他人的笔录").returncode == 0
        sent = court_cli(cs, "transcripts", "send", str(good), "--kiosk", kid, "--for", me, "--case-ref", CASE)
        assert sent.returncode == 0, sent.stderr
        doc_id = sent.stdout.strip().splitlines()[-1].split()[0]
        walk.wait(documents_verified(running, 3), 60, "the three documents verified on the kiosk")
        start_with_card(walk)
        packet_id = sign_transcript(walk)
        assert running.outbox.get(packet_id).state == "delivered"
        listing = court_cli(cs, "transcripts", "list")
        assert f"{doc_id}" in listing.stdout and "signed" in listing.stdout, listing.stdout
        shown = court_cli(cs, "transcripts", "show", doc_id[:13])
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert "状态：已签名" in shown.stdout and "✗" not in shown.stdout
        assert "2 页（原笔录 2 页）" in shown.stdout, "the signature stamped at the foot of the last page"
        assert "笔录摘要与本院发送的一致" in shown.stdout and "签名笔迹" in shown.stdout, shown.stdout
        assert "✓ 审计链" in shown.stdout, "the session's audit trail verified at the court"
        stamped_last_page(running, ks, packet_id, walk.out_dir)
        # the second visit: only the broken one is left (it verified) and it cannot be read or signed
        walk.next()
        walk.wait_screen("home")
        read_transcript(walk, shot=False, open_first=False)
        titles = [line for _d, title, line in walk.body.items for line in (title,)]
        assert titles == ["损坏的笔录"], "not another's; the signed one not offered again"
        walk.tap(next(b for b in walk.screen.item_buttons if "损坏的笔录" in b.label.text))
        walk.wait(lambda: walk.body.phase == "failed", 20, "the broken transcript refused")
        assert "无法显示" in walk.screen.error.label.text and walk.screen.primary.opacity == 0
        walk.shot("transcript-broken", "a transcript that does not render: said plainly, nothing to sign")


def test_a_refusal_waits_for_the_court_then_is_recorded(tmp_path, mosquitto):
    from court.gateway import Gateway
    from court.keys import court_key
    from court.sms import StoreNotifier

    with kiosk_and_court(tmp_path, mosquitto.port, gateway=False) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "transcripts-refused"), log=lambda _m: None)
        sent = court_cli(cs, "transcripts", "send", str(transcript_pdf(tmp_path / "t.pdf", 1)), "--kiosk",
                         ks.kiosk.kiosk_id, "--for", _sample_id(), "--case-ref", CASE, "--title", "庭审笔录")
        assert sent.returncode == 0, sent.stderr
        doc_id = sent.stdout.strip().splitlines()[-1].split()[0]
        walk.wait(documents_verified(running, 1), 60, "the transcript verified on the kiosk")
        start_with_card(walk)
        packet_id = refuse_transcript(walk, "incomplete", wait_receipt=0)
        kiosk.pump(3)
        assert walk.body.state in ("pushed", "queued"), walk.body.state
        assert "refused" not in court_cli(cs, "transcripts", "list").stdout
        gateway = Gateway(cs, running.engine, court_key(cs), StoreNotifier(running.engine))
        thread = gateway.start_in_thread()
        try:
            walk.wait(lambda: walk.body.state == "received", 90, "the receipt once the court is back")
            listing = court_cli(cs, "transcripts", "list")
            assert "refused" in listing.stdout and "笔录记载不完整" in listing.stdout, listing.stdout
            shown = court_cli(cs, "transcripts", "show", doc_id)
            assert shown.returncode == 0 and "拒绝签名" in shown.stdout and "拒签已记录" in shown.stdout, shown.stdout
            assert packet_id in shown.stdout
        finally:
            gateway.stop_event.set()
            thread.join(10)


def test_the_equipment_check_reports_a_missing_part_plainly(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, gateway=False) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "transcripts-equipment"), log=lambda _m: None)
        av = kiosk.app.kiosk.runtime.devices["av"]
        av.unplug("microphone")
        equipment_check(walk)
        body = walk.body
        assert [r.present for r in body.rows] == [True, False, True] and "麦克风" in body.headline
        assert any(code == "av_missing" for code, _ in kiosk.controller.ports.alerts)
        walk.shot("transcript-equipment-missing", "the microphone unplugged: said plainly, staff told")
        av.plug("microphone")
        walk.tap(walk.screen.recheck)
        walk.wait(lambda: not walk.body.checking and walk.body.ok, 15, "the second probe")
