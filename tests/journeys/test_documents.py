"""文书领取 as pure transitions: documents found by the card or the SMS code, only this person's
listed and opened, printed with copies and duplex, the proof of service signed and sealed; the
request branch with its signed confirmations and each of the court's three answers."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from kiosk.flows.effects import (FindDocuments, OpenDocument, PrintDocument, SealPacket, SealProof,
                                 Speak, WatchAnswer, WatchPacket)
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, Collectable, DocumentOpened, DocumentsFound,
                                FieldEdited, NextTapped, OptionChosen, PacketSealed,
                                PacketStateChanged, PrintProgress, QrScanned, SignatureDrawn)
from kiosk.flows.dossier import Identity, PacketInfo
from kiosk.flows.rules.documents import DOC_TYPES, METHODS, REQUEST_FORM, code_from_scan, recipient_tag
from kiosk.flows.shell import ScreenTouched, TileTapped
from offline_queue.document import recipient_tag as queue_tag
from tests.journeys.conftest import ZHANG

LI = Identity(name="李四", id_number="410102198506010013", valid_to="2036-01-01")
DOC = Collectable("0192d0c4-8b1e-7000-8000-000000000001", "张三与李四民间借贷纠纷一审民事判决书",
                  "/tmp/judgment.pdf", "ab" * 32, recipient_tag(ZHANG.id_number), "张三", "judgment",
                  "（2024）豫0102民初1187号", "豫0102", "2026-11-30T10:00:00Z",
                  (("送达法院", "郑州市中原区人民法院"), ("案号", "（2024）豫0102民初1187号")))
OTHER = replace(DOC, doc_id="0192d0c4-8b1e-7000-8000-000000000002", recipient=recipient_tag(LI.id_number),
                recipient_name="李四")
SIG = SignatureDrawn('[{"x": 1, "y": 2, "t": 0}]', b"\x89PNG sig")


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def last(d, kind):
    return [e for e in d.effects if isinstance(e, kind)][-1]


def open_tile(d, card=ZHANG):
    d.send(ScreenTouched())
    if card is not None:
        d.send(CardRead(card))
    d.send(TileTapped("document_collection"))
    assert d.step == "documents"


def test_the_recipient_tag_is_the_queues(driver):
    assert recipient_tag(" 41018119900307451x ") == queue_tag("41018119900307451X")


def test_the_form_has_every_text(driver):
    ctx = driver.state.env.context(driver.state)
    for spec in REQUEST_FORM.fields:
        assert ctx.texts.has(spec.label) and ctx.texts.has(spec.label, "en"), spec.label
        for option in spec.options:
            assert ctx.texts.has(f"form.option.{spec.key}.{option}", "en"), option
    assert set(DOC_TYPES) >= {"judgment", "ruling", "mediation", "decision", "effective_cert"}
    assert set(METHODS) == {"collect_here", "post", "electronic"}


def test_card_lists_only_this_persons_documents_then_print_and_sign_the_proof(driver):
    d = driver
    open_tile(d)
    find = last(d, FindDocuments)
    assert find.recipient == recipient_tag(ZHANG.id_number) and not find.code
    assert view(d).status == "finding"
    # a worker that (wrongly) answered with someone else's document: the step drops it
    d.send(DocumentsFound(find.ticket, (DOC, OTHER)))
    assert [r.doc_id for r in view(d).rows] == [DOC.doc_id]
    d.send(ActionTapped("open", OTHER.doc_id))
    assert d.step == "documents" and "不是送达给您" in view(d).error
    assert not any(isinstance(e, OpenDocument) for e in d.effects), "nothing rendered"
    d.send(ActionTapped("open", DOC.doc_id))
    assert d.step == "viewer"
    opened = last(d, OpenDocument)
    assert opened.path == DOC.path and opened.sha256 == DOC.sha256
    key = opened.key
    d.send(DocumentOpened(key, 20))
    for _ in range(19):
        d.send(ActionTapped("next_page"))
    assert view(d).seen == 20 and view(d).page == 20
    d.send(NextTapped())  # 打印: the choices, double-sided for a 20-page judgment
    v = view(d)
    assert v.print_state == "choosing" and ("duplex", "双面打印：是") in v.options
    d.send(ActionTapped("copies_more"))
    d.send(ActionTapped("print_go", "all"))
    job = last(d, PrintDocument)
    assert (job.copies, job.duplex, job.page_ranges) == (2, True, None)
    assert view(d).next_label == "", "no proof before the paper is out"
    d.send(NextTapped())
    assert d.step == "viewer"
    d.send(PrintProgress(job.key, "blocked", "printer.media_empty", "打印机缺纸。", 7))
    assert view(d).print_state == "blocked"
    d.send(PrintProgress(job.key, "printing", job_id=7))
    d.send(PrintProgress(job.key, "done", job_id=7))
    assert view(d).next_label == "下一步：签收"
    d.send(NextTapped())
    assert d.step == "proof"
    text = view(d).text
    assert DOC.title in text and "张三" in text and DOC.sha256[:8] in text and DOC.case_ref in text
    d.send(SIG)
    assert d.step == "served"
    proof = last(d, SealProof).proof
    assert proof["doc_id"] == DOC.doc_id and proof["doc_sha256"] == DOC.sha256
    assert proof["identified_by"] == "card" and proof["signature"]["png"] == SIG.png
    assert proof["signature"]["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert proof["printed"] == {"pages": "1-20", "copies": 2, "duplex": True, "job": 7, "at": proof["printed"]["at"]}
    assert proof["form"]["受送达人"] == "张三" and proof["form"]["送达法院"] == "郑州市中原区人民法院"
    events = [e["event"] for e in proof["audit"]]
    assert {"documents_listed", "document_refused", "document_chosen", "print_blocked", "print_done",
            "signed"} <= set(events)
    d.send(PacketSealed(PacketInfo("0192-proof", "cd" * 32, d.wall + 50)))
    assert last(d, WatchPacket).packet_id == "0192-proof"
    d.send(PacketStateChanged("0192-proof", "received"))
    assert view(d).headline == "管辖法院已收到送达回证"
    d.send(NextTapped())
    assert d.state.journey is None


def test_the_sms_code_opens_its_document_without_a_card(driver):
    d = driver
    open_tile(d, card=None)
    assert not any(isinstance(e, FindDocuments) for e in d.effects), "no card, no code: nothing asked"
    d.send(FieldEdited("code", "12345"))
    assert "六位数字" in view(d).error
    d.send(FieldEdited("code", "123456"))
    find = last(d, FindDocuments)
    assert find.code == "123456" and find.recipient == ""
    d.send(DocumentsFound(find.ticket, code="doc.error.code_expired"))
    assert "已过期" in view(d).error and view(d).rows == ()
    d.send(QrScanned(f"https://court.example/p?c=court-kiosk:pickup:{DOC.doc_id}:654321"))
    find = last(d, FindDocuments)
    assert (find.code, find.doc_id) == ("654321", DOC.doc_id)
    d.send(DocumentsFound(find.ticket, (DOC,)))
    d.send(ActionTapped("open", DOC.doc_id))
    assert d.step == "viewer"
    d.send(DocumentOpened(last(d, OpenDocument).key, 1))
    d.send(NextTapped())
    d.send(ActionTapped("print_go", "all"))
    job = last(d, PrintDocument)
    assert job.duplex is False, "one page: one side"
    d.send(PrintProgress(job.key, "done", job_id=3))
    d.send(NextTapped())
    assert view(d).signer == "张三", "the court's addressee signs"
    d.send(SIG)
    assert last(d, SealProof).proof["identified_by"] == "code"


def test_wrong_codes_lock_the_code_path(driver):
    d = driver
    open_tile(d, card=None)
    for n in range(5):
        d.send(FieldEdited("code", f"00000{n}"))
        d.send(DocumentsFound(last(d, FindDocuments).ticket, code="doc.error.code_wrong"))
    count = len([e for e in d.effects if isinstance(e, FindDocuments)])
    d.send(FieldEdited("code", "999999"))
    assert len([e for e in d.effects if isinstance(e, FindDocuments)]) == count
    assert "次数过多" in view(d).error and not view(d).can_code


def test_a_request_needs_the_card(driver):
    d = driver
    open_tile(d, card=None)
    d.send(ActionTapped("request"))
    assert d.step == "documents" and "身份证" in view(d).error


def request_to_answer(d):
    open_tile(d)
    d.send(DocumentsFound(last(d, FindDocuments).ticket, ()))
    assert "暂时没有" in view(d).headline
    d.send(ActionTapped("request"))
    assert d.step == "case_number"
    d.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d.send(NextTapped())
    assert d.step == "form"
    assert {r.key: r.value for r in view(d).rows}["address"] == ZHANG.address
    d.send(NextTapped())
    assert "申领文书" in view(d).message
    d.send(OptionChosen("judgment", "doc_type"))
    d.send(OptionChosen("collect_here", "service_method"))
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    assert d.step == "check" and view(d).problems == ()
    d.send(NextTapped())
    texts = []
    for _ in range(3):
        texts.append(view(d).text)
        d.send(SIG)
    assert "判决书" in texts[0] and "郑州市中原区人民法院" in texts[1]
    assert ZHANG.address in texts[2] and "当场领取打印" in texts[2]
    assert d.step == "submit"
    filing = last(d, SealPacket).filing
    assert filing.kind == "document_request" and filing.case_ref == "（2024）豫0102民初1187号"
    assert filing.form["application"]["fields"]["doc_type"]["text"] == "判决书"
    assert [s["key"] for s in filing.signatures] == ["doc.request", "doc.court", "doc.service"]
    d.seal("0192-request")
    assert d.step == "answer" and last(d, WatchAnswer).packet_id == "0192-request"


@pytest.mark.parametrize("state, said", [
    ("not_generated", "文书尚未生成"), ("unsuitable", "不适宜在本院领取")])
def test_the_court_says_not_generated_or_unsuitable(driver, state, said):
    d = driver
    request_to_answer(d)
    reason = "案件正在审理中" if state == "not_generated" else "涉及未成年人隐私"
    effects = d.send(PacketStateChanged("0192-request", state, reason))
    assert any(isinstance(e, Speak) and said in e.text and reason in e.text for e in effects), "spoken"
    v = view(d)
    assert v.headline == said and v.detail == reason and v.primary == ""
    d.send(NextTapped())
    assert d.state.journey is None


def test_the_court_sends_the_document_and_it_is_collected(driver):
    d = driver
    request_to_answer(d)
    d.send(PacketStateChanged("0192-request", "document_sent", "已发送"))
    assert view(d).primary == "领取打印"
    d.send(NextTapped())
    assert d.step == "collect"
    find = last(d, FindDocuments)
    d.send(DocumentsFound(find.ticket, ()))
    assert "正在传送" in view(d).headline
    from kiosk.flows.base import ClockTicked

    for _ in range(3):
        d.send(ClockTicked())
    again = last(d, FindDocuments)
    assert again.ticket > find.ticket, "looked again while the document is on its way"
    d.send(DocumentsFound(again.ticket, (DOC,)))
    d.send(ActionTapped("open", DOC.doc_id))
    assert d.step == "viewer"
    d.send(DocumentOpened(last(d, OpenDocument).key, 2))
    d.send(NextTapped())
    d.send(ActionTapped("print_go", "all"))
    d.send(PrintProgress(last(d, PrintDocument).key, "done", job_id=9))
    d.send(NextTapped())
    d.send(SIG)
    assert d.step == "served" and last(d, SealProof).proof["doc_id"] == DOC.doc_id, \
        "the request's packet is not the proof's: the proof is sealed all the same"
    d.send(PacketSealed(PacketInfo("0192-proof", "cd" * 32, d.wall + 50)))
    d.send(PacketStateChanged("0192-proof", "received"))
    assert view(d).packet_id == "0192-proof" and view(d).state == "received"
    assert d.dossier.packet.packet_id == "0192-request"


def test_code_from_scan():
    assert code_from_scan("领取码 123 456") == ("", "123456")
    assert code_from_scan("hello") == ("", "")
