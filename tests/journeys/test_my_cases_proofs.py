"""案件查询 names a proof of service by what the litigant knows: the document's name, signed for
or refused (with the reason), and when — never the packet's service id (``service_proof``,
``service_refusal``). In Chinese and in English; an older court's answer without the summary
still tells a refusal from a signature. Other packet services get their names too."""

from __future__ import annotations

import time

from kiosk.flows.events import CourtAnswered
from tests.journeys.test_queries import CASE, to_my_cases, view

SIGNED_AT = 1_767_000_000.0
TITLE = "张三与李四民间借贷纠纷一审民事判决书"
FILINGS = {"cases": [], "filings": [
    {"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0010", "service": "service_proof", "kind": "service_proof",
     "court": "豫0102", "sealed_at": SIGNED_AT + 5, "state": "received", "case_number": CASE,
     "proof": {"title": TITLE, "case_ref": CASE, "decision": "signed", "at": SIGNED_AT, "reason": ""}},
    {"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0011", "service": "service_refusal", "kind": "service_proof",
     "court": "豫0102", "sealed_at": SIGNED_AT + 65, "state": "pushed", "case_number": CASE,
     "proof": {"title": "民事裁定书", "case_ref": CASE, "decision": "refused", "at": SIGNED_AT + 60,
               "reason": "对文书内容有异议"}},
    {"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0012", "service": "service_refusal", "kind": "service_proof",
     "court": "豫0102", "sealed_at": SIGNED_AT + 120, "state": "received", "case_number": ""},
    {"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0013", "service": "document_collection",
     "kind": "document_request", "court": "豫0102", "sealed_at": SIGNED_AT, "state": "received",
     "case_number": ""}]}


def _at(wall: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(wall))


def _answered(d, data=FILINGS):
    to_my_cases(d)
    d.send(CourtAnswered("cases", "ok", data, ticket=1))
    return view(d).cards


def test_a_proof_is_named_by_its_document_signed_or_refused_and_when(driver):
    signed, refused, older, request = _answered(driver)
    every = " ".join([c.title + c.badge + " ".join(c.lines) for c in (signed, refused, older, request)])
    assert "service_proof" not in every and "service_refusal" not in every and "document_collection" not in every
    assert signed.title == f"送达回证：《{TITLE}》" and signed.badge == "已签收" and signed.tone == "ok"
    assert f"签收时间：{_at(SIGNED_AT)}" in signed.lines and f"案号：{CASE}" in signed.lines
    assert "郑州市中原区人民法院已收到，送达情况已记录。" in signed.lines
    assert refused.title == "拒绝签收：《民事裁定书》" and refused.badge == "拒绝签收"
    assert f"拒收时间：{_at(SIGNED_AT + 60)}" in refused.lines and "拒收理由：对文书内容有异议" in refused.lines
    assert "正在传送至郑州市中原区人民法院。" in refused.lines
    assert TITLE in signed.data and "对文书内容有异议" in refused.data, "the court's words, declared as data"
    assert older.title == "拒绝签收的记录" and older.badge == "拒绝签收", "no summary: the service still tells"
    assert f"拒收时间：{_at(SIGNED_AT + 120)}" in older.lines
    assert request.title == "文书领取申请"


def test_the_same_in_english(driver):
    from kiosk.flows.shell import LanguageChosen, ScreenTouched

    d = driver
    d.send(ScreenTouched())
    d.send(LanguageChosen("en"))
    assert d.state.lang == "en"
    signed, refused, _older, request = _answered(d)
    assert signed.title == f'Proof of service: "{TITLE}"' and signed.badge == "Signed for"
    assert f"Signed: {_at(SIGNED_AT)}" in signed.lines
    assert refused.badge == "Refused" and "Reason for refusing: 对文书内容有异议" in refused.lines
    assert request.title == "Document request"
