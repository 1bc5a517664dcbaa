"""A proof of service refused at the kiosk, at the court: the journey's refusal sealed by the
kiosk's own handler and recorded by the real receiver (with the store notifier) — `documents`
says refused with the reason, `documents show` the refusal and its audit trail, and the SMS says
what was recorded, not "being reviewed"."""

from __future__ import annotations

import json
import re

import pytest

from court.keys import court_key
from court.receiver import Receiver
from court.sms import StoreNotifier
from kiosk.effects import documents
from kiosk.flows.effects import FindDocuments, OpenDocument, PrintDocument, SealProof
from kiosk.flows.events import (ActionTapped, DocumentOpened, DocumentsFound, NextTapped, PacketSealed,
                                PrintProgress)
from kiosk.viewer.samples import sample_pdf
from offline_queue.document import recipient_tag
from tests.court.test_collection_cli import CASE, deliver, find, pair, ports_for  # noqa: F401
from tests.journeys.conftest import ZHANG, Driver
from tests.journeys.test_documents import last, open_tile
from tests.transport.helpers import packet_messages
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration


def test_a_refused_proof_is_recorded_refused_with_its_reason(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    pdf = tmp_path / "judgment.pdf"
    pdf.write_bytes(sample_pdf("judgment", pages=2))
    sent = court_cli(cs, "documents", "send", str(pdf), "--kiosk", ks.kiosk.kiosk_id, "--for", ZHANG.id_number,
                     "--name", "张三", "--title", "民事判决书", "--case-ref", CASE)
    assert sent.returncode == 0, sent.stderr
    assert deliver(ks, engine) == ["verified"]
    (item,) = find(ks, recipient=recipient_tag(ZHANG.id_number)).items
    d = Driver()
    open_tile(d)
    d.send(DocumentsFound(last(d, FindDocuments).ticket, (item,)))
    d.send(ActionTapped("open", item.doc_id))
    d.send(DocumentOpened(last(d, OpenDocument).key, 2))
    d.send(NextTapped())
    d.send(ActionTapped("print_go", "all"))
    d.send(PrintProgress(last(d, PrintDocument).key, "done", job_id=5))
    d.send(NextTapped())
    d.send(ActionTapped("refuse"))
    d.send(ActionTapped("reason", "wrong_document"))
    d.send(NextTapped())
    sealed = []
    documents.seal_proof(last(d, SealProof), ports_for(ks), sealed.append)
    assert isinstance(sealed[0], PacketSealed), sealed
    pid = sealed[0].packet.packet_id
    head, chunks = packet_messages(ks, pid)
    answer = Receiver(cs, engine, court_key(cs), StoreNotifier(engine)).process([head] + chunks)
    assert json.loads(answer[-1][1])["state"] == "received"
    listing = court_cli(cs, "documents").stdout
    assert re.search(rf"{item.doc_id} .* refused .*张三：民事判决书（拒收理由：文书不是本人的或信息有误）", listing), listing
    row = next(line for line in listing.splitlines() if line.startswith(item.doc_id))
    assert "NOT served" not in row and " served " not in row
    shown = court_cli(cs, "documents", "show", item.doc_id[:13]).stdout
    assert "受送达人拒绝签收" in shown and "拒收理由：文书不是本人的或信息有误" in shown and pid in shown
    assert re.search(r"审计链：完整（\d+ 条事件）　拒签记录：.* 理由 文书不是本人的或信息有误", shown), shown
    review = court_cli(cs, "review", "show", pid).stdout
    assert "拒绝" in review, "the court's dossier marks the confirmation refused"
    sms = court_cli(cs, "sms").stdout
    assert "拒绝签收送达回证的记录及理由" in sms and "正在审核" not in sms.split("拒绝签收")[0][-40:]
    # 案件查询's answer names the proof by its document, refused, when and why (read with the court key)
    from court.cases import my_cases
    from court.queries import answer_for

    tag = recipient_tag(ZHANG.id_number)
    status, data = answer_for(engine, court_key(cs), {"kind": "cases", "params": {"subject": tag}})
    (filing,) = [f for f in data["filings"] if f["packet_id"] == pid]
    assert status == "ok" and filing["kind"] == "service_proof" and filing["service"] == "service_refusal"
    proof = filing["proof"]
    assert (proof["title"], proof["case_ref"], proof["decision"], proof["reason"]) == \
        ("民事判决书", CASE, "refused", "文书不是本人的或信息有误")
    assert proof["at"] == last(d, SealProof).proof["signed_at"]
    (keyless,) = [f for f in my_cases(engine, tag)["filings"] if f["packet_id"] == pid]
    assert keyless["proof"]["title"] == "" and keyless["proof"]["decision"] == "refused", \
        "without the key nothing of proof.json is read, the service still says refused"
