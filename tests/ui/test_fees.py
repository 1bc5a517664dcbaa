"""网上缴费 driven with touches through the real screens, on the simulated devices, to a real court
gateway over a real Mosquitto and back: the court's fee notices (from ``review accept``) live on
the kiosk, another person's never; an overdue notice says what happens next; the payment QR code
on the screen decodes to the notice's payment reference; the bank receipt scanned and sent as a
packet naming its notice; ``court-gateway fees match`` and ``confirm``; the signed confirmation
back and the 电子交费单 out of the receipt printer. A silent court is said within 5 s."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.walkthrough import Walk, fee_notices, fee_slip, open_fee_notice, pay_fee, start_with_card
from tests.transport.helpers import wait_for
from tests.ui.journey_rig import court_cli, kiosk_and_court
from tests.ui.test_queries import filing_by

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SHOTS = os.environ.get("FEE_SHOTS")  # a folder to keep the PNGs in (docs/screenshots)
OTHER = "410102198506014533"


def shots(tmp_path: Path, name: str) -> Path:
    return Path(SHOTS) if SHOTS else tmp_path / name


def accepted_filing(ks, cs, running, id_number: str, fee: str) -> str:
    pid = filing_by(ks, running.outbox, id_number)
    assert wait_for(lambda: running.outbox.get(pid).state == "delivered", 60)
    done = court_cli(cs, "review", "accept", pid, "--fee", fee)
    assert done.returncode == 0, done.stderr
    return pid


def make_overdue(cs, packet_id: str, days: float = 10) -> str:
    """The notice of ``packet_id`` as if sent ``days`` ago (what a clock ten days on would see)."""
    from court.fees import FeeNotice, due_at
    from court.store import open_store, store_session
    from sqlmodel import select

    engine = open_store(cs.store_url)
    with store_session(engine) as s:
        row = s.exec(select(FeeNotice).where(FeeNotice.packet_id == packet_id)).one()
        body = json.loads(row.body)
        row.notice_at = body["notice_at"] = row.notice_at - days * 86400
        row.due_at = body["due_at"] = due_at(row.notice_at, 7)
        row.body = json.dumps(body, ensure_ascii=False)
        s.add(row)
        s.commit()
        return row.case_number


def qr_on_screen(walk: Walk, path: Path) -> str:
    import zxingcpp
    from PIL import Image

    walk.kiosk.save(path)
    found = zxingcpp.read_barcodes(Image.open(path).convert("L"))
    assert found, "no QR code readable on the screen"
    return found[0].text


def test_fee_notice_proof_match_confirm_and_the_printed_slip(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, kinds=["银行回单"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots(tmp_path, "fees"), log=lambda _m: None)
        start_with_card(walk)
        me = kiosk.controller.state.identity.id_number
        accepted_filing(ks, cs, running, me, "2300")
        late = accepted_filing(ks, cs, running, me, "50")
        accepted_filing(ks, cs, running, OTHER, "880")  # another person's notice
        late_case = make_overdue(cs, late)
        fee_notices(walk)
        audit = {e["event"]: e["at"] for e in kiosk.controller.state.journey.dossier.audit}
        took = audit["court_answered_query"] - audit["court_query"]
        print(f"fee notices: asked → answered over the loopback broker in {took * 1000:.0f} ms")
        assert took < 2.0, f"the court's answer took {took:.2f} s"
        rows = walk.body.rows
        assert len(rows) == 2, "two notices of the card holder; the other person's is not there"
        assert {r.badge for r in rows} == {"待交费", "已逾期"}
        assert not any("880.00" in line for r in rows for line in r.lines)
        open_fee_notice(walk, late_case, "an overdue notice: what happens next, and no payment QR code",
                        "fees-overdue")
        detail = walk.body.detail
        assert detail.overdue and detail.qr == "" and "按撤诉处理" in walk.screen.note.label.text
        walk.tap(walk.screen.list_button)
        walk.wait(lambda: walk.body.detail is None, 5, "the list")
        case = next(r.title for r in walk.body.rows if r.badge == "待交费")
        open_fee_notice(walk, case, "the notice in full: amount, payee account, items, deadline, payment QR code")
        detail = walk.body.detail
        assert detail.amount == "2,300.00 元" and detail.capital == "人民币贰仟叁佰元整"
        assert detail.countdown.startswith("还剩 7 天")
        assert walk.screen.amount.text == "2,300.00 元", "the amount is on the screen, not only in the view"
        assert qr_on_screen(walk, tmp_path / "qr.png") == detail.qr and detail.reference in detail.qr
        listed = court_cli(cs, "fees", "list")
        assert listed.returncode == 0 and detail.reference in listed.stdout and "已逾期" in listed.stdout
        proof = pay_fee(walk)
        listed = court_cli(cs, "fees", "list")
        assert proof in listed.stdout and detail.reference in listed.stdout.split(proof)[1].splitlines()[0]
        refused = court_cli(cs, "fees", "confirm", detail.reference)
        assert refused.returncode == 1 and "fees match" in refused.stderr, "no confirmation before a match"
        matched = court_cli(cs, "fees", "match", proof[:13], "--by", "刘书记员")
        assert matched.returncode == 0 and detail.reference in matched.stdout, matched.stderr
        confirmed = court_cli(cs, "fees", "confirm", detail.reference, "--by", "刘书记员")
        assert confirmed.returncode == 0, confirmed.stderr
        assert "诉讼费用2300.00元已确认" in confirmed.stdout and "领取诉讼费发票" in confirmed.stdout
        fee_slip(walk)
        assert walk.body.headline == "法院已确认交费" and "JF" in walk.body.detail
        printer = kiosk.app.kiosk.runtime.devices["receipt_printer"]
        printer.simulator.settle()
        printed = printer.simulator.printed_text()
        slip = printed[printed.rindex("电子交费单"):]
        assert "合计：2,300.00元（人民币贰仟叁佰元整）" in slip and "交费单号：JF" in slip
        assert f"缴费编号：{' '.join(detail.reference[i:i + 4] for i in range(0, 16, 4))}" in slip
        assert "请凭本交费单到法院领取诉讼费发票" in slip and me not in printed
        sms = court_cli(cs, "sms")
        assert "fee_confirmed" in sms.stdout
        listed = court_cli(cs, "fees", "list")
        assert "已确认" in listed.stdout and "交费单 JF" in listed.stdout
        events = [e["event"] for e in kiosk.controller.state.journey.dossier.audit]
        assert "fee_notice_chosen" in events and "fee_slip_printed" in events


def test_fee_notices_when_the_court_does_not_answer(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, gateway=False) as (kiosk, ks, cs, running):
        running.sender.queries.timeout_s = 1.0  # the real 5 s, shortened for the test's sake
        walk = Walk(kiosk, shots(tmp_path, "fees-unreachable"), log=lambda _m: None)
        start_with_card(walk)
        fee_notices(walk, shot=False)
        assert walk.body.status == "unreachable" and walk.body.can_retry
        assert walk.screen.headline.text == "暂时无法连接法院，请稍后再试。"
        assert "5秒" in walk.screen.message.label.text
        walk.shot("fees-unreachable", "the court did not answer: a plain message and 重试")
        walk.tap(walk.screen.retry_button)
        walk.wait(lambda: walk.body.status == "unreachable" and walk.body.can_retry, 5, "the retry")


def dark_photo(path: Path) -> Path:
    """A phone's payment screen photographed in the dark: grey on grey, no readable text."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("L", (1240, 1754), 38)
    draw = ImageDraw.Draw(image)
    for y in range(200, 1500, 90):
        draw.rectangle((160, y, 1080, y + 30), fill=48)
    image.filter(ImageFilter.GaussianBlur(12)).save(path)
    return path


def test_a_proof_that_cannot_be_read_is_said_kept_and_stops_the_check(tmp_path, mosquitto):
    photo = dark_photo(tmp_path / "dark.png")
    with kiosk_and_court(tmp_path, mosquitto.port, files=[str(photo)]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots(tmp_path, "fees-unreadable"), log=lambda _m: None)
        start_with_card(walk)
        accepted_filing(ks, cs, running, kiosk.controller.state.identity.id_number, "2300")
        fee_notices(walk, shot=False)
        walk.wait(lambda: walk.body.detail is not None, 5, "the single notice open")
        walk.next()
        walk.wait_screen("step.materials")
        from kiosk.walkthrough import scan_material

        scan_material(walk, "payment_proof", 1)
        (material,) = kiosk.controller.state.journey.dossier.materials
        problems = [p.problem for p in material.pages] + ([material.status] if material.status == "failed" else [])
        assert any(problems), f"the dark photo is flagged: {material.status} {problems}"
        assert len(material.pages) == 1 and Path(material.pages[0].path).is_file(), "the page is kept"
        walk.kiosk.pump(3)
        walk.shot("fees-unreadable", "a proof that cannot be read: said on the page, the scan kept")
        walk.next()
        walk.wait_screen("step.check")
        problem = walk.body.problems[0]
        assert problem.fix_step == "proof" and problem.message.startswith("银行缴存凭证上没有识别出文字")
        walk.shot("fees-check-unreadable", "the check stops it, with a button back to the scan")
        walk.next()
        kiosk.pump(3)
        assert kiosk.screen == "step.check" and kiosk.controller.state.journey.dossier.packet is None, \
            "nothing is sent"
        from kiosk.walkthrough import _button

        walk.tap(_button(walk, walk.screen.body, problem.fix_label))
        walk.wait_screen("step.materials")
        assert len(kiosk.controller.state.journey.dossier.materials[0].pages) == 1, "back at the scan, the page kept"
