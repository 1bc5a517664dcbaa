"""``court-gateway fees list|match|confirm|reject`` on real packets recorded by the court's real
receiver: the notice an accepted filing gets (payment reference, items, 7-day deadline), the proof
packet naming it, a proof from another person refused, no confirmation before a match, the
signed 电子交费单 stored for the kiosk and the SMS; a rejected proof puts the notice back to unpaid."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from court.fees import FeeNotice, due_at, reference_for
from court.keys import court_key
from court.store import OutDocument, Sms, store_session
from kiosk.packet_assembly import Material
from tests.court.helpers import pdf, record, seal, session_filing
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration
OTHER = "410102198506014533"


def accepted(ks, cs, engine, fee: str = "2300") -> str:
    pid = seal(ks, session_filing())
    record(ks, cs, pid, engine)
    done = court_cli(cs, "review", "accept", pid, "--fee", fee)
    assert done.returncode == 0, done.stderr
    return pid


def proof(ks, cs, engine, reference: str, id_number: str | None = None) -> str:
    filing = session_filing(pages=(1,))
    filing = replace(filing, service="fee_payment", case_type="fee_payment", kind="fee_proof",
                     form={"fee_notice": {"reference": reference, "amount_yuan": "2300.00"}},
                     materials=[Material("银行缴存凭证", pdf(1), "收款人：巩义市人民法院诉讼费专户 金额：2300.00",
                                         pages=1)])
    if id_number:
        filing = replace(filing, idcard={**filing.idcard, "id_number": id_number})
    pid = seal(ks, filing, signatures=[])
    record(ks, cs, pid, engine)
    return pid


def notice_row(engine, pid: str) -> FeeNotice:
    with store_session(engine) as s:
        return s.exec(select(FeeNotice).where(FeeNotice.packet_id == pid)).one()


def test_the_notice_of_an_accepted_filing(court_pair):
    ks, cs, engine = court_pair
    pid = accepted(ks, cs, engine)
    row = notice_row(engine, pid)
    assert row.reference == reference_for(row.kiosk_id, pid) and len(row.reference) == 16
    body = json.loads(row.body)
    assert body["amount_yuan"] == "2300.00" and body["items"] == [{"name": "案件受理费", "amount_yuan": "2300.00"}]
    assert body["account_name"] == cs.fee.account_name and body["qr"] == f"court-fee:{row.reference}:2300.00"
    day = datetime.fromtimestamp(row.notice_at).date()
    assert datetime.fromtimestamp(row.due_at).date() - day == (datetime.fromtimestamp(
        due_at(row.notice_at, 7)).date() - day) and (datetime.fromtimestamp(row.due_at).date() - day).days == 7
    assert datetime.fromtimestamp(row.due_at).strftime("%H:%M:%S") == "23:59:59", "to the end of the 7th day"
    (doc,) = [d for d in _docs(engine) if d.packet_id == pid]
    sent = json.loads((Path(doc.path) / "fee_notice.json").read_bytes())
    assert sent == body, "the decision document carries the same notice the store keeps"
    listed = court_cli(cs, "fees", "list")
    assert listed.returncode == 0 and row.reference in listed.stdout and "未交费" in listed.stdout


def _docs(engine):
    with store_session(engine) as s:
        return s.exec(select(OutDocument)).all()


def test_match_confirm_and_the_slip_sent_signed(court_pair):
    ks, cs, engine = court_pair
    pid = accepted(ks, cs, engine)
    reference = notice_row(engine, pid).reference
    mine = proof(ks, cs, engine, reference)
    theirs = proof(ks, cs, engine, reference, OTHER)
    listed = court_cli(cs, "fees", "list")
    assert mine in listed.stdout and theirs in listed.stdout and "未匹配" in listed.stdout
    early = court_cli(cs, "fees", "confirm", reference)
    assert early.returncode == 1 and "fees match" in early.stderr
    refused = court_cli(cs, "fees", "match", theirs)
    assert refused.returncode == 1 and "another person" in refused.stderr, "another person's proof is refused"
    assert notice_row(engine, pid).state == "unpaid"
    done = court_cli(cs, "fees", "match", mine[:13], "--by", "刘书记员")
    assert done.returncode == 0 and reference in done.stdout, done.stderr
    done = court_cli(cs, "fees", "confirm", reference, "--by", "刘书记员")
    assert done.returncode == 0, done.stderr
    row = notice_row(engine, pid)
    assert row.state == "paid" and row.slip_no.startswith("JF") and row.confirmed_by == "刘书记员"
    assert row.proof_packet_id == mine and row.matched_by == "刘书记员"
    (doc,) = [d for d in _docs(engine) if d.packet_id == mine]
    assert doc.kind == "decision" and doc.title == "电子交费单" and doc.recipient == row.recipient
    decision = json.loads((Path(doc.path) / "decision.json").read_bytes())
    slip = json.loads((Path(doc.path) / "fee_slip.json").read_bytes())
    assert decision["packet_id"] == mine and decision["decision"] == "paid"
    assert slip["slip_no"] == row.slip_no and slip["amount_yuan"] == "2300.00" and slip["reference"] == reference
    from offline_queue.verify import verify_dir

    assert verify_dir(Path(doc.path), court_key(cs).public_key(), document=True) == [], "signed by the court"
    with store_session(engine) as s:
        texts = [m.text for m in s.exec(select(Sms).where(Sms.kind == "fee_confirmed")).all()]
    assert len(texts) == 1 and f"电子交费单号{row.slip_no}" in texts[0] and "领取诉讼费发票" in texts[0]
    again = court_cli(cs, "fees", "confirm", reference)
    assert again.returncode == 1 and "already" in again.stderr, "confirmed once"
    listed = court_cli(cs, "fees", "list")
    assert "已确认" in listed.stdout and f"交费单 {row.slip_no}" in listed.stdout
    review = court_cli(cs, "review", "accept", theirs)
    assert review.returncode == 1 and "fees match" in review.stderr, "a proof is not a filing to accept"


def test_a_rejected_proof_puts_the_notice_back_to_unpaid(court_pair):
    ks, cs, engine = court_pair
    pid = accepted(ks, cs, engine)
    reference = notice_row(engine, pid).reference
    mine = proof(ks, cs, engine, reference)
    assert court_cli(cs, "fees", "match", mine).returncode == 0
    done = court_cli(cs, "fees", "reject", mine, "--reason", "凭证金额与通知不符")
    assert done.returncode == 0, done.stderr
    assert "凭证金额与通知不符" in done.stdout
    row = notice_row(engine, pid)
    assert row.state == "unpaid" and row.proof_packet_id is None
    (doc,) = [d for d in _docs(engine) if d.packet_id == mine]
    decision = json.loads((Path(doc.path) / "decision.json").read_bytes())
    assert decision == {**decision, "decision": "rejected", "reason": "凭证金额与通知不符"}
    assert court_cli(cs, "fees", "match", mine).returncode == 1, "a rejected proof is not matched again"
