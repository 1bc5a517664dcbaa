"""New replies announced at the next ID tap, through the real screens on the simulators to a real
court gateway over a real Mosquitto and back: a message in a case, the judge's reply recorded with
``court-gateway messages reply``; the card on the reader → "法官已回复您的留言" over the home screen
→ 查看法官回复 → the conversation with the reply; at the next session's tap it is no longer news."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drivers.idcard.samples import sample_cards
from kiosk.packet_assembly import SessionFiling, seal_session
from kiosk.walkthrough import Walk, pass_identify, start_with_card
from offline_queue import manifest as mf
from tests.transport.helpers import wait_for
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
SHOTS = os.environ.get("QUERY_SHOTS")


def message_packet(id_number: str) -> SessionFiling:
    """A 联系法官 message as the journey seals it."""
    return SessionFiling(service="contact_judge", kind="message", case_type="contact_judge",
                         jurisdiction_court="豫0102", case_ref=CASE,
                         form={"case_ref": CASE, "message": {"value": "请问何时开庭", "source": "typed"}},
                         idcard={"name": "张三丰", "id_number": id_number},
                         audit_events=[{"at": mf.utc_now(), "event": "journey_started"}])


def test_the_judges_reply_is_announced_at_the_next_card_tap(tmp_path, mosquitto):
    card = sample_cards()["resident"]
    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        done = court_cli(cs, "case", "set", CASE, "--court", "豫0102", "--status", "审理中", "--judge", "李法官",
                         "--party", f"{card.id_number}:plaintiff:张三丰")
        assert done.returncode == 0, done.stderr
        packet_id = seal_session(ks, message_packet(card.id_number), outbox=running.outbox)
        assert wait_for(lambda: running.outbox.get(packet_id).state == "delivered", 60)
        replied = court_cli(cs, "messages", "reply", packet_id, "--judge", "李法官",
                            "--text", "本案定于2025年3月1日上午9时30分在第三法庭开庭。")
        assert replied.returncode == 0, replied.stderr
        answers = []  # what the court answered, as the kiosk's ask port returned it
        real_ask = kiosk.controller.ports.ask

        def ask(kind, params, timeout_s=None):
            answer = real_ask(kind, params, timeout_s)
            answers.append((kind, answer))
            return answer

        kiosk.controller.ports.ask = ask
        walk = Walk(kiosk, Path(SHOTS) if SHOTS else tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        walk.wait(lambda: kiosk.root.news is not None and kiosk.root.news.parent is not None, 10,
                  "the news over the home screen")
        overlay = kiosk.root.news
        assert overlay.headline.text == "法官已回复您的留言" and CASE in overlay.detail.text
        walk.shot("cf-news", "at the card tap: the judge has replied, said and shown once")
        walk.tap(overlay.open_button)
        walk.wait_screen("step.case_number")
        assert walk.body.text == CASE and walk.body.can_continue, "the case number of the reply, pre-filled"
        assert overlay.parent is None
        walk.next()
        pass_identify(walk)
        walk.wait_screen("step.query")
        walk.wait(lambda: walk.body.status != "asking", 10, "the conversation")
        (_head, message) = walk.body.cards
        assert message.badge == "法官已回复" and "第三法庭开庭" in message.lines[1]
        walk.shot("cf-news-conversation", "查看法官回复: the conversation with the reply")
        from court.news import ReplySeen, ensure_tables
        from court.store import store_session

        ensure_tables(running.engine)
        with store_session(running.engine) as s:
            assert s.get(ReplySeen, (ks.kiosk.kiosk_id, packet_id)) is not None, "seen: no longer news"
        # the next session: the same card, nothing new to say
        walk.tap(walk.screen.end_button)
        walk.wait_screen("attract")
        watcher = kiosk.app.kiosk.runtime.watcher
        watcher.removal_s = watcher.same_card_hold_s = 0.3  # the real 2 s and 5 s, shortened for the test
        kiosk.app.kiosk.runtime.devices["idcard"].simulator.remove()
        walk.wait(lambda: watcher.present is None, 5, "the card taken away")
        kiosk.wait_for(lambda: False, 0.4)
        before = len(answers)
        start_with_card(walk)
        walk.wait(lambda: any(k == "news" for k, _a in answers[before:]), 10, "the next tap's question")
        (news_answer,) = [a for k, a in answers[before:] if k == "news"]
        assert news_answer["status"] == "ok" and news_answer["data"]["replies"] == []
        kiosk.pump(5)
        assert kiosk.controller.view.news is None and kiosk.root.news.parent is None
