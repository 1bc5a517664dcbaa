"""Filing and material transfer walked with touches through the real screens, on simulated
devices, to the verified record at a real court gateway over a real Mosquitto, and back."""

from __future__ import annotations

import pytest

from kiosk.walkthrough import Walk, civil_filing, material_transfer
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_civil_filing_from_card_tap_to_the_courts_receipt(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        packet_id = civil_filing(walk)
        assert walk.taps <= 25, f"{walk.taps} taps besides scanning"
        assert "管辖法院已接收" in walk.screen.headline.text
        row = running.outbox.get(packet_id)
        assert row.state == "delivered"
        review = court_cli(cs, "review", "show", packet_id)
        assert review.returncode == 0, review.stderr
        assert "materials/01.pdf" in review.stdout and "materials/02.pdf" in review.stdout
        assert "审计链：已验证" in review.stdout and "无签名图像" not in review.stdout
        printer = kiosk.app.kiosk.runtime.devices["receipt_printer"]
        printed = printer.simulator.printed_text() if hasattr(printer, "simulator") else ""
        assert "自助立案回执" in printed and packet_id in printed


def test_material_transfer_for_an_existing_case(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, kinds=["借条"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, None, log=lambda _m: None)
        packet_id = material_transfer(walk, "（2024）豫0102民初1187号",
                                      qr="https://ssfw.example/notice?ah=（2024）豫0102民初1187号&t=1")
        assert walk.taps <= 13, walk.taps  # start, tile, 下一步 ×5, a scan, five signatures
        assert running.outbox.get(packet_id).state == "delivered"
        review = court_cli(cs, "review", "show", packet_id)
        assert review.returncode == 0 and "（2024）豫0102民初1187号" in review.stdout


def test_each_new_litigant_must_read_the_notice_to_its_end(tmp_path):
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless
    from kiosk.walkthrough import accept_notice

    kiosk = Headless(settings_for_tests(tmp_path))
    try:
        walk = Walk(kiosk, None, log=lambda _m: None)
        for _ in range(2):
            walk.tap(kiosk.root.screens["attract"])
            walk.tap(kiosk.root.screens["home"].tiles["case_filing"])
            walk.wait_screen("step.notice")
            assert not walk.body.can_accept, "a new session starts with the notice unread"
            accept_notice(walk)
            walk.wait_screen("step.identify")
            walk.tap(walk.screen.end_button)
            walk.wait_screen("attract")
    finally:
        kiosk.close()


def test_a_signature_drawn_is_gone_when_the_session_ends(tmp_path):
    from kiosk.a11y.journey_targets import _to
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless
    from kiosk.walkthrough import SIGNATURE

    kiosk = Headless(settings_for_tests(tmp_path))
    try:
        walk = Walk(kiosk, None, log=lambda _m: None)
        _to(kiosk, "sign")  # through the journey's own events
        walk.wait_screen("step.sign")
        pad = walk.screen.panel.pad
        walk.draw(pad, SIGNATURE)
        assert pad.signature.strokes
        walk.tap(walk.screen.end_button)  # 结束办理 before confirming
        walk.wait_screen("attract")
        assert not pad.signature.strokes, "the next person never sees this signature"
    finally:
        kiosk.close()


def test_an_id_number_is_checked_as_it_is_typed(tmp_path):
    from kiosk.a11y.journey_targets import _to
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless

    kiosk = Headless(settings_for_tests(tmp_path))
    try:
        walk = Walk(kiosk, None, log=lambda _m: None)
        _to(kiosk, "parties")
        walk.wait_screen("step.parties")
        screen = walk.screen
        edit = next(w for w in screen.rows.walk() if getattr(w, "target", "") == "party:0:id_number")
        screen.scroller.scroll_to(edit, animate=False)
        kiosk.pump(2)
        walk.tap(edit)
        walk.wait(lambda: walk.body.editing == "party:0:id_number", 5, "the editor")
        keys = {w.label.text: w for w in screen.editor.keys.walk() if hasattr(w, "label")}
        for _ in range(18):
            walk.tap(keys["退格"])
        for digit in "410181199003074512":  # the check digit should be 7
            walk.tap(keys[digit])
        assert "校验" in screen.editor.check.text, screen.editor.check.text
        walk.tap(keys["退格"])
        walk.tap(keys["7"])
        assert screen.editor.check.text == ""
    finally:
        kiosk.close()
