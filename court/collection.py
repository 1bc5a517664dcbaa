"""跨域文书领取 at the jurisdiction court (norms §19–21): the requests the kiosks send, the answer
to each (the signed document itself with an SMS pickup code, "not generated yet" with the case's
status, or "not suitable for collection here" with the reason), and the proofs of service (送达回证)
the kiosks send back, matched to the documents they name: served, refused (the paper handed over,
the proof not signed, and why) or not yet served, per document.

A proof counts only when its packet verified at the receiver (kiosk signature, every file's hash)
and it names a document this court sent, with that document's own hash."""

from __future__ import annotations

import json
import secrets
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlmodel import select

from court.applications import application_form, field_value
from court.review import ReviewError, find_packet
from court.store import InPacket, OutDocument, store_session
from offline_queue import manifest as mf
from offline_queue.document import build_document, pickup_digest

REQUEST_KIND = "document_request"
PROOF_KIND = "service_proof"
COLLECT_KIND = "judgment"
DECISIONS = ("document_sent", "not_generated", "unsuitable")
DOC_TYPE_NAMES = {"judgment": "判决书", "ruling": "裁定书", "mediation": "调解书", "decision": "决定书",
                  "effective_cert": "法律文书生效证明", "other": "诉讼文书"}
METHOD_NAMES = {"collect_here": "协作法院自助终端当场领取", "post": "管辖法院邮寄送达",
                "electronic": "电子送达"}
CODE_VALID_DAYS = 7


def requests(engine, state: str = "pending") -> list[InPacket]:
    """Received document requests, oldest first: pending | answered | all."""
    with store_session(engine) as s:
        query = select(InPacket).where(InPacket.kind == REQUEST_KIND).order_by(InPacket.first_seen_at)
        if state == "pending":
            query = query.where(InPacket.review == "pending")
        elif state == "answered":
            query = query.where(InPacket.review != "pending")
        return list(s.exec(query).all())


def request_summary(packet: InPacket, court_key) -> dict:
    section = application_form(packet, court_key)
    doc_type = field_value(section, "doc_type")
    method = field_value(section, "service_method")
    return {"doc_type": doc_type, "doc_type_name": DOC_TYPE_NAMES.get(doc_type, doc_type or "-"),
            "method": method, "method_name": METHOD_NAMES.get(method, method or "-"),
            "address": field_value(section, "address"), "phone": field_value(section, "phone") or packet.phone,
            "case_ref": _case_ref(packet)}


def _case_ref(packet: InPacket) -> str:
    try:
        return mf.decode(packet.manifest).get("case_ref") or ""
    except ValueError:
        return ""


def record_answer(engine, packet_ref: str, decision: str, text: str) -> InPacket:
    """Record the answer once; a request not received yet, or answered, is refused."""
    if decision not in DECISIONS:
        raise ReviewError(f"the answer must be one of {', '.join(DECISIONS)}")
    with store_session(engine, expire_on_commit=False) as s:
        packet = find_packet(s, packet_ref)
        if packet.kind != REQUEST_KIND:
            raise ReviewError(f"packet {packet.packet_id} is a {packet.kind}, not a document request")
        if packet.state != "received":
            raise ReviewError(f"request {packet.packet_id} is {packet.state}; only received requests can be answered")
        if packet.review != "pending":
            raise ReviewError(f"request {packet.packet_id} was already answered ({packet.review})")
        packet.review, packet.review_reason, packet.decided_at = decision, text, time.time()
        s.add(packet)
        s.commit()
        return packet


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def collectable_document(settings, key, *, kiosk_id: str, pdf: bytes, title: str, recipient: str,
                         recipient_name: str, doc_type: str, case_ref: str | None, code: str,
                         valid_days: int = CODE_VALID_DAYS, request_packet: str | None = None):
    """The document to collect, signed: the PDF, the recipient tag, the pickup code's digest and
    expiry, and the court's 送达回证 form for the kiosk to fill in."""
    doc_id = mf.uuid7()
    expires = datetime.now(timezone.utc) + timedelta(days=valid_days)
    collect = {"doc_type": doc_type, "doc_type_name": DOC_TYPE_NAMES.get(doc_type, "诉讼文书"),
               "recipient_name": recipient_name, "request_packet": request_packet,
               "pickup": {"code_sha256": pickup_digest(doc_id, code),
                          "expires_at": expires.isoformat(timespec="seconds").replace("+00:00", "Z")},
               "service_form": {"送达法院": settings.court_name, "案号": case_ref or "",
                                "送达文书": f"{title}（{DOC_TYPE_NAMES.get(doc_type, '诉讼文书')}）",
                                "受送达人": recipient_name}}
    return build_document(key, kiosk_id=kiosk_id, kind=COLLECT_KIND, title=title, court=settings.court_code,
                          files=[("document.pdf", pdf, "document", "application/pdf")], recipient=recipient,
                          case_ref=case_ref, chunk_size=settings.broker.chunk_size, doc_id=doc_id,
                          extra={"collect": collect})


def decision_files(packet: InPacket, settings, decision: str, *, title: str = "", case_status: str = "",
                   reason: str = "", doc_id: str = "", doc_type_name: str = "") -> list[tuple[str, bytes, str, str]]:
    body = {"packet_id": packet.packet_id, "decision": decision, "court": settings.court_name,
            "doc_type_name": doc_type_name,
            "title": title, "case_status": case_status, "reason": reason, "doc_id": doc_id,
            "decided_at": datetime.fromtimestamp(packet.decided_at or time.time()).isoformat(timespec="seconds")}
    return [("decision.json", json.dumps(body, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json")]


def case_status(engine, case_ref: str) -> str:
    """The status ``court-gateway case set`` recorded for the case, if any."""
    from court.cases import CourtCase, ensure_tables

    ensure_tables(engine)
    with store_session(engine) as s:
        row = s.get(CourtCase, case_ref) if case_ref else None
    return row.status if row is not None else ""


# --- proofs of service -------------------------------------------------------------------------


def _proof(packet: InPacket, court_key=None) -> dict | None:
    """The proof's ``proof.json``: plain (older kiosks) or encrypted to the court (``proof.json.enc``:
    it names the person served)."""
    from court.dossier import Unreadable, read_json

    try:
        data = read_json(Path(packet.files_dir), "proof.json", court_key, packet.packet_id) \
            if court_key is not None else json.loads((Path(packet.files_dir) / "proof.json").read_bytes())
    except (OSError, TypeError, ValueError, Unreadable):
        return None
    return data if isinstance(data, dict) else None


def _document_sha(row: OutDocument) -> str:
    try:
        manifest = mf.decode((Path(row.path) / mf.MANIFEST).read_bytes())
    except (OSError, ValueError):
        return ""
    return next((f["sha256"] for f in manifest["files"] if f.get("media_type") == "application/pdf"), "")


def service_records(engine, court_key=None) -> list[dict]:
    """Per document sent for collection: served (with the proof), refused (handed over, the proof
    not signed, with the person's reason) or not yet served. A proof whose
    hash is not the document's own, from another kiosk, or signed by a card that is not the
    document's recipient is shown as a mismatch, never as served."""
    with store_session(engine) as s:
        docs = s.exec(select(OutDocument).where(OutDocument.kind == COLLECT_KIND)
                      .order_by(OutDocument.created_at)).all()
        proofs = s.exec(select(InPacket).where(InPacket.kind == PROOF_KIND, InPacket.state == "received")
                        .order_by(InPacket.received_at)).all()
    by_doc: dict[str, list[tuple[InPacket, dict]]] = {}
    for packet in proofs:
        proof = _proof(packet, court_key)
        if proof is not None:
            by_doc.setdefault(str(proof.get("doc_id")), []).append((packet, proof))
    out = []
    for row in docs:
        sha = _document_sha(row)
        entry = {"doc_id": row.doc_id, "kiosk_id": row.kiosk_id, "title": row.title, "sent_at": row.created_at,
                 "delivery": row.state, "state": "not_served", "served_at": None, "signer": "",
                 "proof_packet": None, "identified_by": "", "printed": {}, "refusal_reason": ""}
        for packet, proof in by_doc.get(row.doc_id, ()):
            signer_is_other = packet.applicant_tag is not None and packet.applicant_tag != row.recipient
            if packet.kiosk_id != row.kiosk_id or proof.get("doc_sha256") != sha or signer_is_other:
                entry.update(state="mismatch", proof_packet=packet.packet_id)
                continue
            refused = proof.get("decision") == "refused"
            refusal = proof.get("refusal") or {}
            entry.update(state="refused" if refused else "served", served_at=proof.get("signed_at"),
                         proof_packet=packet.packet_id, signer=(proof.get("form") or {}).get("受送达人", ""),
                         identified_by=proof.get("identified_by", ""), printed=proof.get("printed") or {},
                         refusal_reason=str(refusal.get("reason_text") or "") if refused else "")
            break
        out.append(entry)
    return out


def service_record(engine, doc_ref: str, court_key=None) -> dict:
    rows = [r for r in service_records(engine, court_key) if r["doc_id"].startswith(doc_ref)]
    if len(rows) != 1:
        raise ReviewError(f"no unique document matches {doc_ref!r}")
    return rows[0]
