"""跨域视频辅助 and 笔录签署 at the jurisdiction court (norms §16–17).

An application for video assistance arrives as a packet (kind ``video_assist``); the judge in
charge schedules it (§16(2): the time and place go back to the kiosk as a signed decision, into
the case's hearings so My cases shows them, and by SMS) or refuses it with a reason (§16(3)).
After the session the court sends the transcript (a signed ``transcript`` document for one
litigant); the litigant's signed transcript — or refusal with its reason — comes back as a packet
(kind ``transcript_signature``) and is recorded against the transcript sent, its hash checked."""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from court.review import ReviewError, find_packet
from court.store import InPacket, OutDocument, store_session

VIDEO_KIND, SIGNED_KIND = "video_assist", "transcript_signature"
WHEN = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
SESSION_NAMES = {"mediation": "视频调解", "trial": "在线庭审"}
REASON_NAMES = {"not_what_i_said": "笔录记载与本人陈述不符", "incomplete": "笔录记载不完整",
                "need_advice": "需要咨询律师后再签", "other": "其他原因，将当面向法官说明"}


def _form(packet: InPacket, court_key) -> dict:
    from court.dossier import Unreadable, read_json

    if not packet.files_dir:
        return {}
    try:
        form = read_json(Path(packet.files_dir), "form.json", court_key, packet.packet_id) or {}
    except Unreadable:
        return {}
    return form.get("fields", form) if isinstance(form, dict) else {}


def _value(section: dict, key: str) -> str:
    entry = section.get(key) if isinstance(section, dict) else None
    value = entry.get("value") if isinstance(entry, dict) else entry
    return "" if value in (None, "") else str(value)


# --- video assistance -------------------------------------------------------------------------
def applications(engine, state: str = "pending") -> list[InPacket]:
    with store_session(engine) as s:
        query = select(InPacket).where(InPacket.kind == VIDEO_KIND).order_by(InPacket.first_seen_at)
        if state != "all":
            query = query.where(InPacket.review == state)
        return list(s.exec(query).all())


def application_summary(packet: InPacket, court_key) -> dict:
    fields = (_form(packet, court_key).get("application") or {}).get("fields") or {}
    return {"session": _value(fields, "video_session"), "way": _value(fields, "video_way"),
            "preferred": _value(fields, "preferred"), "case_number": packet.case_number or _case_ref(packet)}


def _case_ref(packet: InPacket) -> str:
    from offline_queue import manifest as mf

    try:
        return mf.decode(packet.manifest).get("case_ref") or ""
    except ValueError:
        return ""


def _decidable(s, packet_ref: str) -> InPacket:
    packet = find_packet(s, packet_ref)
    if packet.kind != VIDEO_KIND:
        raise ReviewError(f"packet {packet.packet_id} is a {packet.kind}, not a video assistance application")
    if packet.state != "received":
        raise ReviewError(f"application {packet.packet_id} is {packet.state}; only received ones can be decided")
    if packet.review != "pending":
        raise ReviewError(f"application {packet.packet_id} was already {packet.review}")
    return packet


def schedule(engine, court_key, packet_ref: str, at: str, place: str, note: str = "") -> tuple[InPacket, dict]:
    """Record the time and place once; the case's hearings get the session (My cases shows it)."""
    from court.cases import CaseParty, CourtCase, ensure_tables, set_case

    at, place = (at or "").strip(), (place or "").strip()
    if not WHEN.match(at):
        raise ReviewError(f"--at {at!r}: expected YYYY-MM-DD HH:MM")
    if not place or len(place) > 60:
        raise ReviewError("--place must be 1 to 60 characters (the room or the platform)")
    ensure_tables(engine)
    with store_session(engine, expire_on_commit=False) as s:
        packet = _decidable(s, packet_ref)
        summary = application_summary(packet, court_key)
        packet.review, packet.decided_at = "scheduled", time.time()
        packet.case_number = summary["case_number"] or None
        packet.review_reason = json.dumps({"at": at, "place": place, "note": note}, ensure_ascii=False)
        s.add(packet)
        s.commit()
        case_number = summary["case_number"]
        case = s.get(CourtCase, case_number) if case_number else None
        known = s.get(CaseParty, (case_number, packet.applicant_tag)) if case_number and packet.applicant_tag else None
    decision = {"packet_id": packet.packet_id, "decision": "scheduled", "session": summary["session"] or "mediation",
                "at": at, "place": place, "note": note, "case_number": case_number,
                "decided_at": datetime.fromtimestamp(packet.decided_at).strftime("%Y-%m-%d %H:%M")}
    if case_number:
        hearings = json.loads(case.hearings) if case is not None else []
        hearings.append({"at": at, "room": f"{SESSION_NAMES.get(decision['session'], '视频')}（{place}）"})
        parties = [] if known is not None or not packet.applicant_tag else [
            (packet.applicant_tag, "applicant", packet.applicant_name or "")]
        set_case(engine, case_number, parties=parties, hearings=hearings)
    return packet, decision


def refuse(engine, packet_ref: str, reason: str) -> tuple[InPacket, dict]:
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ReviewError("--reason must be 1 to 300 characters (it is shown and sent to the litigant)")
    with store_session(engine, expire_on_commit=False) as s:
        packet = _decidable(s, packet_ref)
        packet.review, packet.review_reason, packet.decided_at = "refused", reason, time.time()
        s.add(packet)
        s.commit()
    return packet, {"packet_id": packet.packet_id, "decision": "refused", "reason": reason,
                    "decided_at": datetime.fromtimestamp(packet.decided_at).strftime("%Y-%m-%d %H:%M")}


def decision_files(decision: dict) -> list[tuple[str, bytes, str, str]]:
    return [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json")]


# --- transcripts ------------------------------------------------------------------------------
def check_pdf(data: bytes) -> int:
    """Pages of a PDF that opens and renders its first page; ``ReviewError`` otherwise (a
    transcript the litigant cannot read must not be sent for signing)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        try:
            pages = len(pdf)
            if pages < 1:
                raise ReviewError("the PDF has no page")
            pdf[0].render(scale=0.2)
            return pages
        finally:
            pdf.close()
    except ReviewError:
        raise
    except Exception as exc:
        raise ReviewError(f"the PDF does not open or render ({exc.__class__.__name__}: {exc})") from None


def sent(engine) -> list[OutDocument]:
    with store_session(engine) as s:
        return list(s.exec(select(OutDocument).where(OutDocument.kind == "transcript")
                           .order_by(OutDocument.created_at)).all())


def answers(engine, court_key) -> dict[str, list[tuple[InPacket, dict]]]:
    """doc id → [(packet, its record section)] of every signed/refused answer received, oldest first."""
    with store_session(engine) as s:
        rows = s.exec(select(InPacket).where(InPacket.kind == SIGNED_KIND, InPacket.state == "received")
                      .order_by(InPacket.received_at)).all()
    out: dict[str, list] = {}
    for row in rows:
        record = _form(row, court_key).get("record") or {}
        doc_id = _value(record, "transcript_doc_id")
        if doc_id:
            out.setdefault(doc_id, []).append((row, record))
    return out


def answer_state(doc: OutDocument, found: list) -> tuple[str, str]:
    """(state, detail) of a transcript: signed | refused (reason) | at the kiosk | on its way."""
    if found:
        packet, record = found[0]
        decision = _value(record, "decision")
        if decision == "refused":
            reason = _value(record, "refusal_reason")
            return "refused", REASON_NAMES.get(reason, reason)
        return "signed", _when(packet.sealed_at)
    return ("at kiosk" if doc.state == "verified" else doc.state), ""


def _when(ts) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def find_transcript(engine, ref: str) -> OutDocument:
    with store_session(engine) as s:
        rows = s.exec(select(OutDocument).where(OutDocument.kind == "transcript",
                                                OutDocument.doc_id.startswith(ref)).limit(2)).all()
    if len(rows) != 1:
        raise ReviewError(f"no unique transcript matches {ref!r}")
    return rows[0]


def verify_answer(doc: OutDocument, packet: InPacket, record: dict) -> list[tuple[str, bool, str]]:
    """What the court checks in a signed transcript: (check, passed, detail)."""
    import pypdfium2 as pdfium

    from offline_queue import manifest as mf

    sent_pdf = next(Path(doc.path).glob("*.pdf"), None)
    original = sent_pdf.read_bytes() if sent_pdf else b""
    digest = hashlib.sha256(original).hexdigest()
    checks = [("笔录摘要与本院发送的一致", _value(record, "transcript_sha256") == digest, digest[:16] + "…")]
    root = Path(packet.files_dir or "")
    manifest = mf.decode(packet.manifest)
    signatures = [f for f in manifest["files"] if f["path"].startswith("signature/") and f["path"].endswith(".json")]
    texts = []
    for entry in signatures:
        try:
            texts.append(json.loads((root / entry["path"]).read_bytes()))
        except (OSError, ValueError):
            pass
    signed = next((t for t in texts if t.get("key") == "transcript"), {})
    checks.append(("签名确认文本含笔录摘要", digest in str(signed.get("text", "")), str(signed.get("signer", ""))))
    if _value(record, "decision") == "refused":
        checks.append(("拒签已记录", bool(signed.get("refused")), _value(record, "refusal_reason")))
        return checks
    strokes = (signed.get("strokes") or {}).get("strokes") if isinstance(signed.get("strokes"), dict) else signed.get("strokes")
    checks.append(("签名笔迹", bool(strokes), f"{len(strokes or [])} 笔"))
    stamped = root / "materials" / "01.pdf"
    try:
        pdf = pdfium.PdfDocument(stamped.read_bytes())
        pages = len(pdf)
        pdf.close()
        original_pages = check_pdf(original) if original else 0
        checks.append(("已签名笔录可打开", pages >= original_pages > 0, f"{pages} 页（原笔录 {original_pages} 页）"))
    except Exception as exc:
        checks.append(("已签名笔录可打开", False, f"{exc.__class__.__name__}"))
    return checks
