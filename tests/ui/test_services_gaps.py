"""Issue 11's named gaps, walked with touches on the real screens (simulated devices, a real
Mosquitto, a real court gateway): the court sends two judgments; the first is printed and signed
for, the second printed and refused. The refusal's page says 拒绝签收已记录 (title on screen, and
spoken), not 送达回证已提交. Then 案件查询: the court's live answer names each proof by its document,
已签收 / 拒绝签收 with the date and the reason, and no service id (service_proof) is on screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.walkthrough import (Walk, documents_open, documents_preview, documents_print,
                               documents_refuse_proof, documents_sign_proof, my_cases, start_with_card)
from tests.ui.test_documents import CASE, cli, send_judgment

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SIGNED, REFUSED = "张三丰与李四民间借贷纠纷一审民事判决书", "张三丰与李四民间借贷纠纷民事裁定书"


def _texts(widget) -> str:
    return " ".join(str(w.text) for w in widget.walk() if hasattr(w, "text") and isinstance(w.text, str))


def test_a_refusal_says_so_and_my_cases_names_each_proof_by_its_document(tmp_path, mosquitto):
    from tests.ui.journey_rig import kiosk_and_court

    with kiosk_and_court(tmp_path, mosquitto.port) as (kiosk, ks, cs, running):
        said: list[str] = []
        ports = kiosk.controller.ports
        ports.settings = ports.settings.model_copy(
            update={"ui": ports.settings.ui.model_copy(update={"voice": True})})
        ports.speak = said.append  # what the voice port is handed, in order
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        first = send_judgment(walk, cs, ks, running, tmp_path, SIGNED)
        documents_open(walk, shot="")
        documents_preview(walk, first, shots=False)
        documents_print(walk)
        documents_sign_proof(walk)
        assert walk.screen.title.text == "送达回证已提交"
        walk.next()
        walk.wait_screen("home")

        second = send_judgment(walk, cs, ks, running, tmp_path, REFUSED)
        documents_open(walk, shot="")
        documents_preview(walk, second, shots=False)
        documents_print(walk)
        del said[:]
        documents_refuse_proof(walk, "disagree")
        kiosk.pump(2)
        assert walk.screen.title.text == "拒绝签收已记录", walk.screen.title.text
        assert "送达回证已提交" not in _texts(walk.screen)
        arrival = [text for text in said if "拒绝签收已记录" in text]
        assert arrival, said
        assert not any("送达回证已提交" in text for text in said), said
        walk.shot("gaps-refusal-recorded", "the refusal's page: 拒绝签收已记录, received by the court")
        walk.next()
        walk.wait_screen("home")

        my_cases(walk, shot=False)
        assert walk.body.status == "ok", walk.body.status
        cards = {c.title: c for c in walk.body.cards}
        signed, refused = cards[f"送达回证：《{SIGNED}》"], cards[f"拒绝签收：《{REFUSED}》"]
        today = time.strftime("%Y-%m-%d")
        assert signed.badge == "已签收" and any(line.startswith(f"签收时间：{today}") for line in signed.lines)
        assert refused.badge == "拒绝签收" and "拒收理由：对文书内容有异议" in refused.lines
        assert any(line.startswith(f"拒收时间：{today}") for line in refused.lines)
        kiosk.pump(2)
        shown = _texts(walk.screen)
        assert f"《{SIGNED}》" in shown and f"《{REFUSED}》" in shown and "拒收理由：对文书内容有异议" in shown
        assert "service_proof" not in shown and "service_refusal" not in shown, shown
        walk.shot("gaps-my-cases-proofs", "我的案件: each proof of service by its document, signed or refused, when")


def test_a_decision_shown_is_closed_when_the_session_ends_and_the_sender_purges_it(tmp_path, mosquitto, caplog):
    """The court's answer to a 文书领取 request (a signed decision, encrypted on disk) is shown on
    the status step; while the session runs it is kept; when the session ends the kiosk's session
    hook closes it (``shown``) and the real sender's purge removes its folder, logged."""
    import logging

    from sqlmodel import select

    from kiosk.flows.intents import EndTapped
    from kiosk.walkthrough import documents_answer, documents_request
    from offline_queue.doc_store import DocumentServed
    from offline_queue.models import InDocument
    from tests.ui.journey_rig import kiosk_and_court

    with kiosk_and_court(tmp_path, mosquitto.port, pinyin=True) as (kiosk, ks, cs, running):
        cli(cs, "case", "set", CASE, "--status", "审理中")
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        documents_open(walk, shot="")
        pid = documents_request(walk, CASE)
        cli(cs, "documents", "answer", pid, "--not-generated")
        documents_answer(walk, "not_generated")
        outbox = running.outbox

        def decision():
            with outbox.session() as s:
                row = s.exec(select(InDocument).where(InDocument.kind == "decision")).first()
                return row, (s.get(DocumentServed, row.doc_id) if row else None)

        row, closed = decision()
        folder = Path(row.path)
        assert row.state == "verified" and folder.is_dir() and closed is None, "shown, the session still on"
        assert b"not_generated" not in (folder / "decision.json").read_bytes(), "encrypted at rest"
        walk.next()
        walk.wait_screen("home")
        kiosk.controller.send(EndTapped())
        walk.wait_screen("attract", 15)
        walk.wait(lambda: decision()[1] is not None, 10, "the decision closed at the session's end")
        assert decision()[1].how == "shown"
        with caplog.at_level(logging.INFO, logger="offline_queue.doc_store"):
            running.sender._last_purge = -1e9  # the sender's next loop purges (every 60 s otherwise)
            walk.wait(lambda: decision()[0].state == "purged", 30, "the sender's purge")
            walk.wait(lambda: f"court document {row.doc_id} (decision) purged" in caplog.text, 10, "the log line")
        assert not folder.exists()
        assert "closed (shown)" in caplog.text
