"""送达回证 refused, walked with touches on the real screens: the court sends a judgment, the
litigant previews and prints it on the real IPP printer, taps 拒绝签名, chooses a reason and
confirms; the refusal reaches the real court gateway, `court-gateway documents` shows it refused
with the reason, `documents show` its audit trail, and the SMS says what was recorded."""

from __future__ import annotations

import re

import pytest

from kiosk.walkthrough import (Walk, documents_open, documents_preview, documents_print,
                               documents_refuse_proof, start_with_card)
from tests.ui.test_documents import _keep, cli, send_judgment
from tests.ui.test_public_documents import kiosk_with_printer

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_printed_then_refused_with_a_reason_recorded_at_the_court(tmp_path, mosquitto, module_print_stack):
    with kiosk_with_printer(tmp_path, mosquitto.port, module_print_stack) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        me = kiosk.controller.state.identity
        doc_id = send_judgment(walk, cs, ks, running, tmp_path, "张三丰与李四民间借贷纠纷一审民事判决书", pages=2)
        documents_open(walk, shot="")
        assert documents_preview(walk, doc_id, shots=False) == 2
        documents_print(walk)
        assert walk.body.print_state == "done"
        pid = documents_refuse_proof(walk, "disagree")
        assert walk.body.headline == "管辖法院已收到您拒绝签收的记录"
        listing = cli(cs, "documents")
        assert re.search(rf"{doc_id} .* refused .*{me.name}：.*（拒收理由：对文书内容有异议）", listing), listing
        shown = cli(cs, "documents", "show", doc_id)
        assert "受送达人拒绝签收" in shown and "拒收理由：对文书内容有异议" in shown and pid in shown
        assert re.search(r"审计链：完整.*拒签记录：.*对文书内容有异议", shown), shown
        sms = cli(cs, "sms")
        assert "拒绝签收送达回证的记录及理由" in sms
        walk.next()
        walk.wait_screen("home")
        _keep(walk, "documents")


def test_a_typed_reason_reaches_the_court(tmp_path, mosquitto):
    """其他理由 typed on the real pinyin keyboard (librime) over the real screens; the sim printer."""
    from tests.ui.journey_rig import kiosk_and_court

    with kiosk_and_court(tmp_path, mosquitto.port, pinyin=True) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        doc_id = send_judgment(walk, cs, ks, running, tmp_path, "民事判决书")
        documents_open(walk, shot="")
        documents_preview(walk, doc_id, shots=False)
        documents_print(walk)
        documents_refuse_proof(walk, typed=(("wenshu", "文书"), ("cuowu", "错误")))
        typed = walk.kiosk.controller.state.journey.dossier.form_value("refusal_detail").value
        assert typed == "文书错误", typed
        listing = cli(cs, "documents")
        assert re.search(rf"{doc_id} .* refused .*（拒收理由：{re.escape(typed)}）", listing), listing
