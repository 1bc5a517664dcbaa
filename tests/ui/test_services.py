"""Preservation in a case and a petition, walked with touches through the real screens (the form
typed on the injected pinyin keyboard and the keypads) to the verified record at a real court
gateway over a real Mosquitto; the judge's decision and the petition office's signed answer come
back to the status step. The petition is sent while the court is away: it waits, nothing lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.walkthrough import Walk, petition, preservation_in_case
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"


def shots_dir(tmp_path, name: str) -> Path:
    """$SVC_SHOTS/<name> when set (to keep and look at the PNGs), else the test's own folder."""
    root = os.environ.get("SVC_SHOTS")
    return Path(root) / name if root else tmp_path / "shots"


def test_property_preservation_in_a_case_to_the_courts_decision(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, pinyin=True, kinds=["财产保全申请书", "借条"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "preservation"), log=lambda _m: None)
        packet_id = preservation_in_case(walk, CASE)
        assert running.outbox.get(packet_id).state == "delivered"
        listing = court_cli(cs, "review", "list")
        assert packet_id in listing.stdout and "[preservation: preservation_property]" in listing.stdout, listing.stdout
        review = court_cli(cs, "review", "show", packet_id)
        assert review.returncode == 0, review.stderr
        out = review.stdout
        assert "业务：保全鉴定申请（preservation_appraisal / preservation）" in out
        assert "申请事项：诉中财产保全（诉中财产保全申请）" in out
        assert "担保方式：保险公司保函  [手输]" in out and "担保数额（元）：80000.00  [手输]" in out
        assert "被申请人：" in out and "[OCR " in out, "the respondent read from the application, marked so"
        assert f"关联案号：{CASE}" in out and "审计链：已验证" in out
        accepted = court_cli(cs, "review", "accept", packet_id)
        assert accepted.returncode == 0, accepted.stderr
        assert f"案号{CASE}" in accepted.stdout and "申请费" in accepted.stdout, accepted.stdout
        # the step's state first, the screen one frame later: wait for what the litigant sees
        walk.wait(lambda: walk.body.state == "accepted" and walk.screen.headline.text == "受理法院已审查通过",
                  60, "the court's signed decision on the screen")
        assert CASE in walk.screen.detail.text
        walk.shot("decided", "the court's decision, verified, on the status step")


def test_petition_waits_for_the_court_then_gets_its_answer(tmp_path, mosquitto):
    from court.gateway import Gateway
    from court.keys import court_key
    from court.sms import StoreNotifier

    with kiosk_and_court(tmp_path, mosquitto.port, gateway=False, pinyin=True) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "petition"), log=lambda _m: None)
        packet_id = petition(walk, wait_receipt=0)
        kiosk.pump(3)
        assert walk.body.state == "pushed" and "信访部门" in walk.screen.headline.text
        walk.shot("petition-waiting", "the court away: the petition waits in the outbox, the status says so")
        gateway = Gateway(cs, running.engine, court_key(cs), StoreNotifier(running.engine))
        thread = gateway.start_in_thread()
        try:
            walk.wait(lambda: walk.body.state == "received", 90, "the receipt once the court is back")
            listing = court_cli(cs, "petitions", "list")
            assert packet_id in listing.stdout and "执行款" in listing.stdout, listing.stdout
            assert packet_id not in court_cli(cs, "review", "list").stdout, "not a filing judge's packet"
            shown = court_cli(cs, "petitions", "show", packet_id)
            assert "信访人：张三丰  [芯片]" in shown.stdout and "答复：尚未答复" in shown.stdout, shown.stdout
            refused = court_cli(cs, "petitions", "answer", packet_id, "--text", "复" * 1001)
            assert refused.returncode == 1 and "at most 1000" in refused.stderr
            wrong = court_cli(cs, "review", "accept", packet_id)
            assert wrong.returncode == 1 and "petitions answer" in wrong.stderr
            answered = court_cli(cs, "petitions", "answer", packet_id, "--text", "已转执行局，七日内发放执行款。")
            assert answered.returncode == 0, answered.stderr
            assert "已由本院信访部门答复：已转执行局" in answered.stdout
            walk.wait(lambda: walk.body.state == "answered", 60, "the office's signed answer")
            assert walk.screen.headline.text == "信访部门已答复"
            assert "已转执行局，七日内发放执行款。" in walk.screen.detail.text
            walk.shot("petition-answered", "the petition office's answer, verified, on the status step")
            again = court_cli(cs, "petitions", "answer", packet_id, "--text", "再答一次")
            assert again.returncode == 1 and "already answered" in again.stderr
            sms = court_cli(cs, "sms")
            assert "petition_answered" in sms.stdout and "13800138000" in sms.stdout
        finally:
            gateway.stop_event.set()
            thread.join(10)
