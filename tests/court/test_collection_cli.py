"""``court-gateway documents …``: a request sealed as the kiosk's journey seals it, recorded by the
real receiver, answered on the command line (each of the three answers, with its SMS); the signed
answer and document land verified in the kiosk's real document inbox and are found there by the
card or the pickup code; the proof of service sealed by the kiosk's own handler comes back and
`documents` says served — and never for a proof naming another hash. Bad input is refused."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from court.documents import load_document
from court.store import OutDocument, open_store, store_session
from kiosk.effects import answers, documents
from kiosk.effects.packets import session_filing
from kiosk.effects.ports import Ports
from kiosk.flows.effects import FindDocuments, SealPacket, SealProof
from kiosk.flows.events import (ActionTapped, DocumentOpened, DocumentsFound, FieldEdited, NextTapped,
                                OptionChosen, PacketSealed, PrintProgress)
from kiosk.flows.effects import OpenDocument, PrintDocument
from kiosk.packet_assembly import seal_session
from kiosk.viewer.samples import sample_pdf
from offline_queue.canonical import b64e, canonical, sha256_hex
from offline_queue.document import recipient_tag
from offline_queue.downlink import DocumentInbox
from offline_queue.service import court_public_key, open_outbox
from tests.court.helpers import record
from tests.journeys.conftest import ZHANG, Driver
from tests.journeys.test_documents import SIG, last, open_tile
from tests.transport.helpers import court_settings, exchange_keys, kiosk_settings
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration
CASE = "（2024）豫0102民初1187号"


@pytest.fixture
def pair(tmp_path):
    ks = kiosk_settings(tmp_path / "kiosk", 1)  # no broker: documents reach the kiosk by hand
    cs = court_settings(tmp_path / "court", 1)
    exchange_keys(ks, cs)
    return ks, cs, open_store(cs.store_url)


def fill_request(d) -> None:
    """文书领取 on the pure journey: a judgment asked for, collected here, every box signed."""
    open_tile(d)
    d.send(DocumentsFound(last(d, FindDocuments).ticket, ()))
    d.send(ActionTapped("request"))
    d.send(FieldEdited("case_ref", CASE))
    d.send(NextTapped())
    d.send(OptionChosen("judgment", "doc_type"))
    d.send(OptionChosen("collect_here", "service_method"))
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    d.send(NextTapped())
    for _ in range(3):
        d.send(SIG)


def request_packet(ks, cs, engine) -> str:
    d = Driver()
    fill_request(d)
    filing = last(d, SealPacket).filing
    pid = seal_session(ks, session_filing(filing), outbox=open_outbox(ks))
    assert record(ks, cs, pid, engine)["state"] == "received"
    return pid


def deliver(ks, engine) -> list[str]:
    """Every document the court stored, chunk by chunk into the kiosk's real inbox."""
    inbox = DocumentInbox(open_outbox(ks), ks.storage.data_dir / "docs", court_public_key(ks),
                          ks.kiosk.kiosk_id, 8 << 20)
    with store_session(engine) as s:
        rows = s.exec(select(OutDocument)).all()
    states = []
    for row in rows:
        doc = load_document(row)
        inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}))
        answer = None
        for f, c, data in doc.chunks():
            answer = inbox.on_chunk(doc.doc_id, f, c, data, sha256_hex(data)) or answer
        states.append((answer or {}).get("state") or inbox._row(doc.doc_id).state)
    return states


def sms(cs) -> str:
    return court_cli(cs, "sms").stdout


def test_refusals(pair, tmp_path):
    ks, cs, engine = pair
    pid = request_packet(ks, cs, engine)
    listing = court_cli(cs, "documents", "requests")
    assert pid in listing.stdout and "判决书" in listing.stdout and "当场领取" in listing.stdout and "张三" in listing.stdout
    assert court_cli(cs, "review", "list").stdout.count(pid) == 0, "not a filing for the filing judge"
    none = court_cli(cs, "documents", "answer", pid)
    assert none.returncode == 2 and "exactly one" in none.stderr
    no_reason = court_cli(cs, "documents", "answer", pid, "--unsuitable")
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    missing = court_cli(cs, "documents", "answer", pid, "--send", str(tmp_path / "none.pdf"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert court_cli(cs, "documents", "answer", "nosuch", "--unsuitable", "--reason", "x").returncode == 1
    ok = court_cli(cs, "documents", "answer", pid, "--unsuitable", "--reason", "涉及未成年人隐私")
    assert ok.returncode == 0, ok.stderr
    assert "不适宜跨域领取，原因：涉及未成年人隐私" in ok.stdout and "不适宜跨域领取" in sms(cs)
    again = court_cli(cs, "documents", "answer", pid, "--not-generated")
    assert again.returncode == 1 and "already answered" in again.stderr
    assert deliver(ks, engine) == ["verified"]
    state, text = answers.find_answer(open_outbox(ks), pid)
    assert state == "unsuitable" and "涉及未成年人隐私" in text
    assert court_cli(cs, "documents").stdout.strip() == "no document has been sent for collection"


def test_not_generated_says_the_case_status(pair):
    ks, cs, engine = pair
    assert court_cli(cs, "case", "set", CASE, "--status", "审理中，已于2024年10月8日开庭").returncode == 0
    pid = request_packet(ks, cs, engine)
    done = court_cli(cs, "documents", "answer", pid, "--not-generated")
    assert done.returncode == 0, done.stderr
    assert "尚未生成。案件办理情况：审理中，已于2024年10月8日开庭" in sms(cs)
    deliver(ks, engine)
    state, text = answers.find_answer(open_outbox(ks), pid)
    assert state == "not_generated" and "审理中" in text


def ports_for(ks):
    p = Ports(ks)
    outbox = open_outbox(ks)
    p.outbox = lambda: outbox
    return p


def find(ks, **kw):
    got = []
    documents.find_documents(FindDocuments(1, **kw), ports_for(ks), got.append)
    return got[0]


def test_sent_collected_by_card_or_code_and_served(pair, tmp_path):
    ks, cs, engine = pair
    pid = request_packet(ks, cs, engine)
    pdf = tmp_path / "judgment.pdf"
    pdf.write_bytes(sample_pdf("judgment", pages=3))
    done = court_cli(cs, "documents", "answer", pid, "--send", str(pdf), "--title", "民事判决书")
    assert done.returncode == 0, done.stderr
    code = re.search(r"领取验证码(\d{6})", sms(cs)).group(1)
    # someone else's document on the same kiosk, sent without a request
    other = court_cli(cs, "documents", "send", str(pdf), "--kiosk", ks.kiosk.kiosk_id, "--for",
                      "410102198506010013", "--name", "李四", "--title", "李四的判决书")
    assert other.returncode == 0, other.stderr
    other_code = re.search(r"领取验证码(\d{6})", other.stdout).group(1)
    assert deliver(ks, engine) == ["verified"] * 3
    state, text = answers.find_answer(open_outbox(ks), pid)
    assert state == "document_sent" and "民事判决书" in text
    zhang = recipient_tag(ZHANG.id_number)
    by_card = find(ks, recipient=zhang)
    assert [i.title for i in by_card.items] == ["民事判决书"] and by_card.code == ""
    item = by_card.items[0]
    assert item.recipient_name == "张三" and item.doc_type == "judgment" and item.case_ref == CASE
    from offline_queue.doc_store import kiosk_key, read_bytes

    assert read_bytes(item.path, kiosk_key(ks)) == pdf.read_bytes()  # kept encrypted at rest
    assert Path(item.path).read_bytes() != pdf.read_bytes()
    assert find(ks, code=code).items == by_card.items
    wrong = "000000" if code != "000000" else "111111"
    assert find(ks, code=wrong).code == "doc.error.code_wrong"
    assert find(ks, code=other_code, recipient=zhang).code == "doc.error.not_yours"
    # the proof, signed through the journey and sealed by the kiosk's own handler
    d = Driver()
    open_tile(d)
    d.send(DocumentsFound(last(d, FindDocuments).ticket, (item,)))
    d.send(ActionTapped("open", item.doc_id))
    d.send(DocumentOpened(last(d, OpenDocument).key, 3))
    d.send(NextTapped())
    d.send(ActionTapped("print_go", "all"))
    d.send(PrintProgress(last(d, PrintDocument).key, "done", job_id=4))
    d.send(NextTapped())
    d.send(SIG)
    proof = last(d, SealProof)
    sealed = []
    documents.seal_proof(proof, ports_for(ks), sealed.append)
    assert isinstance(sealed[0], PacketSealed), sealed
    listing = court_cli(cs, "documents").stdout
    assert re.search(rf"{item.doc_id}.*NOT served", listing)
    assert record(ks, cs, sealed[0].packet.packet_id, engine)["state"] == "received"
    listing = court_cli(cs, "documents").stdout
    assert re.search(rf"{item.doc_id} .*verified|{item.doc_id}.* served .*张三", listing), listing
    assert re.search(r"李四的判决书", listing) and listing.count("NOT served") == 1
    shown = court_cli(cs, "documents", "show", item.doc_id[:13]).stdout
    assert "已送达" in shown and "签收人：张三" in shown and "身份证" in shown and "3份" not in shown
    # a proof naming the document with another hash is never counted as served
    forged = replace(proof, proof={**proof.proof, "doc_sha256": "0" * 64})
    sealed = []
    documents.seal_proof(forged, ports_for(ks), sealed.append)
    record(ks, cs, sealed[0].packet.packet_id, engine)
    shown = court_cli(cs, "documents", "show", item.doc_id).stdout
    assert "已送达" in shown, "the genuine proof still stands"
    from court.collection import service_records

    from court.keys import court_key
    from offline_queue.private import open_private, open_private_bytes

    pid = sealed[0].packet.packet_id
    files = Path(cs.packets_dir) / ks.kiosk.kiosk_id / pid
    assert not (files / "proof.json").exists() and not (files / "materials" / "01.pdf").exists()  # to the court only
    kept = open_private(files, "proof.json", court_key(cs))
    assert kept["doc_sha256"] == "0" * 64 and "identity" not in kept and "signature" not in kept
    assert open_private_bytes(files, "materials/01.pdf", court_key(cs)).startswith(b"%PDF")
    states = {r["doc_id"]: r["state"] for r in service_records(engine, court_key(cs))}
    assert states[item.doc_id] == "served"
    # a proof for 李四's document (the same PDF bytes, so the same hash) signed with 张三's card:
    # shown as a mismatch, not served
    other_id = re.search(r"^([0-9a-f-]{36})$", other.stdout, re.M).group(1)
    forged = replace(proof, proof={**proof.proof, "doc_id": other_id})
    sealed = []
    documents.seal_proof(forged, ports_for(ks), sealed.append)
    record(ks, cs, sealed[0].packet.packet_id, engine)
    assert re.search(rf"{other_id} .*PROOF MISMATCH", court_cli(cs, "documents").stdout)
