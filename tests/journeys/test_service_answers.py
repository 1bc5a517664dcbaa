"""The court's answer reaches the status step only through a verified document: a forged answer
(signed by another key) is dropped by the inbox and never read; the real one is; and the court's
petition and application rules (the fee, the answer's limits) hold."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from court.applications import preservation_fee, render_application
from kiosk.bootstrap import settings_for_tests
from kiosk.effects.answers import find_answer
from offline_queue.canonical import b64e, canonical
from offline_queue.crypto import generate_key
from offline_queue.document import build_document
from offline_queue.downlink import DocumentInbox
from offline_queue.service import open_outbox

PACKET = "01a2-petition"


def _deliver(inbox, key, answer: str):
    files = [("decision.json", json.dumps({"packet_id": PACKET, "decision": "answered", "answer": answer,
                                           "court": "巩义市人民法院信访部门", "decided_at": "2026-12-01 10:00"},
                                          ensure_ascii=False).encode(), "decision", "application/json")]
    doc = build_document(key, kiosk_id="kiosk-dev-001", kind="decision", title="信访答复", court="豫0181",
                         files=files)
    answer_ = inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes),
                                                       "sig": b64e(doc.signature)}))
    for file_idx, chunk_idx, data in doc.chunks():
        from offline_queue.canonical import sha256_hex

        answer_ = inbox.on_chunk(doc.doc_id, file_idx, chunk_idx, data, sha256_hex(data)) or answer_
    return answer_


def test_only_a_verified_answer_is_read(tmp_path):
    settings = settings_for_tests(tmp_path)
    outbox = open_outbox(settings)
    court, forger = generate_key(), generate_key()
    inbox = DocumentInbox(outbox, tmp_path / "docs", court.public_key(), "kiosk-dev-001", 1 << 20)
    assert (_deliver(inbox, forger, "伪造的答复") or {}).get("state") != "verified", "dropped by the inbox"
    assert find_answer(outbox, PACKET) is None, "a forged answer is never shown"
    assert _deliver(inbox, court, "已转执行局办理。")["state"] == "verified"
    state, text = find_answer(outbox, PACKET)
    assert state == "answered" and "已转执行局办理。" in text and "信访部门" in text
    assert find_answer(outbox, "another-packet") is None


@pytest.mark.parametrize("kind, amount, fee", [
    ("preservation_property", "800", "30.00"), ("preservation_property", "80000", "820.00"),
    ("preservation_property_pre", "300000", "2020.00"), ("preservation_property", "5000000", "5000.00"),
    ("preservation_evidence", "", "30.00"), ("appraisal", "", "0.00")])
def test_preservation_fee_follows_article_14(kind, amount, fee):
    assert preservation_fee(kind, amount) == Decimal(fee)


def test_the_judge_reads_each_value_with_where_it_came_from():
    lines = []
    render_application(lines.append, {"kind": "preservation_property", "kind_name": "诉中财产保全",
                                      "title": "诉中财产保全申请", "fields": {
                                          "respondent": {"value": "李四", "source": "ocr", "confidence": 0.91,
                                                         "label": "被申请人"},
                                          "guarantee": {"value": "insurer", "text": "保险公司保函",
                                                        "source": "typed", "label": "担保方式"},
                                          "respondent_id": {"value": None, "source": "typed", "label": "证件号"}}})
    assert lines == ["申请事项：诉中财产保全（诉中财产保全申请）", "    被申请人：李四  [OCR 91%]",
                     "    担保方式：保险公司保函  [手输]", "    证件号：未填"]
