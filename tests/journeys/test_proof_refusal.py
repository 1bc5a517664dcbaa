"""送达回证 refused, as pure transitions: after the paper is printed the person may refuse to sign
the proof of service, with one of a few reasons or a typed one; the refusal is its own text bound
to its hash, in the audit trail with the reason, and sealed as a proof packet that says so."""

from __future__ import annotations

import hashlib

from kiosk.flows.effects import OpenDocument, PrintDocument, SealProof, Speak
from kiosk.flows.events import (ActionTapped, DocumentOpened, DocumentsFound, FieldEdited, NextTapped,
                                PacketSealed, PacketStateChanged, PrintProgress)
from kiosk.flows.dossier import PacketInfo
from kiosk.flows.effects import FindDocuments
from kiosk.flows.rules.documents import REFUSAL_SERVICE
from tests.journeys.test_documents import DOC, SIG, last, open_tile, view


def to_proof(d):
    open_tile(d)
    d.send(DocumentsFound(last(d, FindDocuments).ticket, (DOC,)))
    d.send(ActionTapped("open", DOC.doc_id))
    d.send(DocumentOpened(last(d, OpenDocument).key, 1))
    d.send(NextTapped())
    d.send(ActionTapped("print_go", "all"))
    d.send(PrintProgress(last(d, PrintDocument).key, "done", job_id=4))
    d.send(NextTapped())
    assert d.step == "proof" and view(d).can_refuse and not view(d).refusing


def test_refused_with_a_chosen_reason_is_sealed_as_a_refusal(driver):
    d = driver
    to_proof(d)
    effects = d.send(ActionTapped("refuse"))
    assert any(isinstance(e, Speak) and "理由" in e.text for e in effects), "the question is spoken"
    v = view(d)
    assert v.refusing and [r for r, _l, _c in v.reasons] == ["disagree", "wrong_document", "need_advice", "other"]
    d.send(NextTapped())
    assert d.step == "proof" and "请先选择" in view(d).error, "no reason, no refusal"
    d.send(ActionTapped("reason", "disagree"))
    text = view(d).text
    assert "拒绝在送达回证上签名" in text and "对文书内容有异议" in text and DOC.title in text
    d.send(SIG)
    assert d.step == "proof", "the pad is not there while refusing: a stray signature changes nothing"
    d.send(NextTapped())
    assert d.step == "served"
    proof = last(d, SealProof).proof
    assert proof["decision"] == "refused" and proof["signature"] is None
    refusal = proof["refusal"]
    assert refusal["reason"] == "disagree" and refusal["reason_text"] == "对文书内容有异议"
    assert refusal["text"] == text and refusal["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert proof["form"]["拒收理由"] == "对文书内容有异议" and "签收时间" not in proof["form"]
    events = {e["event"]: e for e in proof["audit"]}
    assert events["signature_refused"]["reason"] == "disagree"
    assert events["signature_refused"]["text_sha256"] == refusal["text_sha256"]
    assert "refusal_started" in events and "print_done" in events
    assert view(d).headline == "正在提交拒绝签收的记录，请稍候"
    d.send(PacketSealed(PacketInfo("0192-refusal", "cd" * 32, d.wall + 50)))
    effects = d.send(PacketStateChanged("0192-refusal", "received"))
    assert view(d).headline == "管辖法院已收到您拒绝签收的记录"
    assert any(isinstance(e, Speak) and "拒绝签收" in e.text for e in effects)


def test_a_typed_reason_and_going_back_to_sign(driver):
    d = driver
    to_proof(d)
    d.send(ActionTapped("refuse"))
    d.send(ActionTapped("reason", "other"))
    assert view(d).editing, "其他理由 opens the keyboard"
    d.send(FieldEdited("refusal_reason", "   "))
    assert "不能为空" in view(d).error and view(d).editing
    d.send(FieldEdited("refusal_reason", "字" * 81))
    assert "最多80个字" in view(d).error
    d.send(FieldEdited("refusal_reason", " 送达地址 写错了 "))
    v = view(d)
    assert not v.editing and v.typed == "送达地址 写错了" and "拒绝理由：送达地址 写错了" in v.text
    # changes their mind: back to the pad, signs after all
    d.send(ActionTapped("sign_instead"))
    assert not view(d).refusing and "特此签收" in view(d).text
    d.send(SIG)
    proof = last(d, SealProof).proof
    assert proof["decision"] == "signed" and proof["refusal"] is None and proof["signature"]["png"] == SIG.png
    assert "refusal_withdrawn" in {e["event"] for e in proof["audit"]}


def test_the_typed_reason_goes_into_the_sealed_refusal(driver):
    d = driver
    to_proof(d)
    d.send(ActionTapped("refuse"))
    d.send(ActionTapped("reason", "other"))
    d.send(FieldEdited("refusal_reason", "文书页数不全"))
    d.send(NextTapped())
    proof = last(d, SealProof).proof
    assert proof["refusal"]["reason"] == "other" and proof["refusal"]["reason_text"] == "文书页数不全"


def test_the_refusal_packet_says_refused(tmp_path):
    """The packet sealed from a refusal: its own service, the refusal's confirmation marked
    refused with its reason, no signature image, and the PDF says 拒绝签收."""
    from kiosk.effects.documents import proof_filing, proof_pdf

    proof = {"schema": "court-kiosk/service-proof/v1", "doc_id": DOC.doc_id, "doc_sha256": DOC.sha256,
             "title": DOC.title, "case_ref": DOC.case_ref, "court": DOC.court, "identified_by": "card",
             "signed_at": 1_767_000_000.0, "decision": "refused",
             "form": {"送达法院": "郑州市中原区人民法院", "受送达人": "张三", "拒收理由": "对文书内容有异议"},
             "printed": {}, "signature": None, "identity": None, "audit": [],
             "refusal": {"reason": "disagree", "reason_text": "对文书内容有异议", "text": "拒绝……",
                         "text_sha256": "ef" * 32}}
    pdf, text = proof_pdf(proof)
    assert pdf.startswith(b"%PDF") and "拒绝签收" in text
    filing = proof_filing(proof, pdf, text)
    assert filing.service == REFUSAL_SERVICE and filing.kind == "service_proof"
    (confirmation,) = filing.confirmations
    assert confirmation["refused"] and confirmation["reason"] == "disagree" and not confirmation["png"]
    assert filing.extra["proof.json"]["decision"] == "refused"


def _title(d) -> str:
    from kiosk.flows.view import step_frame

    return step_frame(d.state).title


def test_the_served_page_says_what_happened_a_refusal_or_a_proof(driver):
    """A refusal is not a proof of service: the page title and the arrival's voice say 拒绝签收已记录,
    never 送达回证已提交; a signed proof keeps its own title."""
    d = driver
    to_proof(d)
    d.send(ActionTapped("refuse"))
    d.send(ActionTapped("reason", "disagree"))
    arrival = d.send(NextTapped())
    assert d.step == "served"
    assert _title(d) == "拒绝签收已记录"
    said = [e.text for e in arrival if isinstance(e, Speak)]
    assert said and said[0].startswith("拒绝签收已记录"), said
    assert not any("送达回证已提交" in text for text in said), said


def test_a_signed_proof_keeps_its_title(driver):
    d = driver
    to_proof(d)
    arrival = d.send(SIG)  # the signature on the pad is the proof: it moves on
    assert d.step == "served" and _title(d) == "送达回证已提交"
    assert [e.text for e in arrival if isinstance(e, Speak)][0].startswith("送达回证已提交")
