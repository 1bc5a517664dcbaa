"""案件查询 and 联系法官 driven with touches through the real screens, on the simulated devices, to
a real court gateway over a real Mosquitto and back: the court's records (``court-gateway case
set``, review decisions, ``messages reply``) appear on the kiosk's screen from its live answer."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from kiosk.walkthrough import Walk, my_cases, contact_judge, open_conversation, start_with_card
from tests.transport.helpers import wait_for
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
SHOTS = os.environ.get("QUERY_SHOTS")  # a folder to keep the PNGs in (docs/screenshots)


def shots(tmp_path: Path, name: str) -> Path:
    return Path(SHOTS) / name if SHOTS else tmp_path / "shots"


def set_case(cs, id_number: str) -> None:
    done = court_cli(cs, "case", "set", CASE, "--court", "豫0102", "--type", "民事一审", "--cause", "民间借贷纠纷",
                     "--status", "审理中", "--judge", "李法官", "--clerk", "王书记员",
                     "--party", f"{id_number}:plaintiff:张三丰", "--hearing", "2025-03-01 09:30@第三法庭",
                     "--deadline", "2025-02-20@举证期限届满")
    assert done.returncode == 0, done.stderr


def filing_by(ks, outbox, id_number: str) -> str:
    filing = sample_filing(material_bytes=4000)
    filing = dataclasses.replace(filing, idcard={**filing.idcard, "id_number": id_number})
    return seal_session(ks, filing, outbox=outbox)


def test_my_cases_shows_the_courts_records_for_the_card_holder(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots(tmp_path, "cases"), log=lambda _m: None)
        start_with_card(walk)
        id_number = kiosk.controller.state.identity.id_number
        set_case(cs, id_number)
        accepted, rejected = filing_by(ks, running.outbox, id_number), filing_by(ks, running.outbox, id_number)
        assert wait_for(lambda: all(running.outbox.get(p).state == "delivered" for p in (accepted, rejected)), 60)
        assert court_cli(cs, "review", "accept", accepted, "--fee", "2300").returncode == 0
        assert court_cli(cs, "review", "reject", rejected, "--reason", "起诉状缺少被告住所").returncode == 0
        my_cases(walk)
        body = walk.body
        assert body.status == "ok" and body.headline == "查到您的 2 件案件、2 份提交记录。", body.headline
        titles = [c.title for c in body.cards]
        assert CASE in titles
        case = body.cards[titles.index(CASE)]
        assert "承办法官：李法官　书记员：王书记员" in case.lines and "开庭：2025-03-01 09:30　第三法庭" in case.lines
        badges = sorted(c.badge for c in body.cards if c.title == "网上立案（跨域立案）")
        assert badges == ["已受理", "未予受理"]
        assert any("原因：起诉状缺少被告住所" in line for c in body.cards for line in c.lines)
        assert any("2300.00元" in line for c in body.cards for line in c.lines)
        walk.drag(walk.screen.scroller, 300)  # a finger scrolls; then the filings brought into view
        walk.screen.scroller.scroll_to(walk.screen.cards.children[::-1][2], padding=10, animate=False)
        kiosk.pump(3)
        assert walk.screen.scroller.scroll_y < 1
        walk.shot("q-my-filings", "further down: this person's filings, accepted with case number and fee, rejected with the reason")
        shown = [w.text for w in walk.screen.cards.walk() if hasattr(w, "text") and isinstance(w.text, str)]
        assert CASE in shown and "已受理" in shown, "the answer is on the screen, not only in the view"
        walk.next()  # 完成
        walk.wait(lambda: kiosk.controller.state.journey is None, 5, "the journey to end")
        assert not list((ks.storage.data_dir).rglob("*cases*")), "nothing of the answer on disk"


def test_my_cases_when_the_court_does_not_answer(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, gateway=False) as (kiosk, ks, cs, running):
        running.sender.queries.timeout_s = 1.0  # the real 5 s, shortened for the test's sake
        walk = Walk(kiosk, shots(tmp_path, "unreachable"), log=lambda _m: None)
        start_with_card(walk)
        my_cases(walk, shot=False)
        audit = {e["event"]: e["at"] for e in kiosk.controller.state.journey.dossier.audit}
        waited = audit["court_unreachable"] - audit["court_query"]
        assert 1.0 <= waited < 2.5, f"said after {waited:.2f} s"
        walk.shot("q-unreachable", "the court did not answer: a plain message and 重试")
        assert walk.body.status == "unreachable" and walk.body.can_retry
        assert walk.screen.headline.text == "暂时无法连接法院，请稍后再试。"
        walk.tap(walk.screen.retry_button)
        walk.wait(lambda: walk.body.status == "unreachable" and walk.body.can_retry, 5, "the retry")


def test_contact_the_judge_message_reply_and_the_reply_on_screen(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, pinyin=True, kinds=["借条"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots(tmp_path, "judge"), log=lambda _m: None)
        start_with_card(walk)
        set_case(cs, kiosk.controller.state.identity.id_number)
        packet_id = contact_judge(walk, CASE, [("qingwen", "请问"), ("heshi", "何时"), ("kaiting", "开庭")])
        listed = court_cli(cs, "messages", "list")
        assert listed.returncode == 0 and packet_id in listed.stdout and "请问何时开庭" in listed.stdout
        assert "未读" in listed.stdout
        shown = court_cli(cs, "messages", "show", packet_id[:13])
        assert shown.returncode == 0 and "请问何时开庭" in shown.stdout and CASE in shown.stdout, shown.stderr
        replied = court_cli(cs, "messages", "reply", packet_id, "--judge", "李法官",
                            "--text", "本案定于2025年3月1日上午9时30分在第三法庭开庭。")
        assert replied.returncode == 0, replied.stderr
        assert "承办法官李法官已回复您在案件（2024）豫0102民初1187号中的留言" in replied.stdout
        sms = court_cli(cs, "sms")
        assert "judge_reply" in sms.stdout
        walk.next()  # 完成 on the status step
        walk.wait(lambda: kiosk.controller.state.journey is None, 5, "the journey to end")
        open_conversation(walk, CASE)
        walk.shot("q-reply", "the judge's reply, live from the court")
        (head, message) = walk.body.cards
        assert message.badge == "法官已回复" and message.lines[0] == "请问何时开庭"
        assert "第三法庭开庭" in message.lines[1] and "李法官" in message.lines[1]
