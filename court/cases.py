"""What a case-management system would tell the kiosks: cases with their parties (by ID tag, never
the ID number), status, judge and clerk, hearings and deadlines; and the answers to the live
questions (my cases, the conversation with the judge), built from these rows and the received
packets. ``court-gateway case set`` and ``messages …`` write here; the query responder reads."""

from __future__ import annotations

import json
import logging
import time
from typing import Optional

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel, select

from court.store import InPacket, store_session
from offline_queue.db import create_tables

log = logging.getLogger("court.cases")
MESSAGE_SERVICE = "contact_judge"


class CourtCase(SQLModel, table=True):
    __tablename__ = "court_case"

    case_number: str = Field(primary_key=True)
    court: str = ""
    case_type: str = ""
    cause: str = ""
    status: str = ""
    judge: str = ""
    clerk: str = ""
    judge_phone: str = ""
    hearings: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    deadlines: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    updated_at: float = 0.0


class CaseParty(SQLModel, table=True):
    __tablename__ = "court_case_party"

    case_number: str = Field(primary_key=True)
    tag: str = Field(primary_key=True)
    role: str = ""
    name: str = ""


class MessageState(SQLModel, table=True):
    """A message to the judge (a ``contact_judge`` packet): when it was read and the reply."""

    __tablename__ = "court_message"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    read_at: Optional[float] = None
    reader: Optional[str] = None
    reply: Optional[str] = Field(default=None, sa_column=Column(Text))
    replied_at: Optional[float] = None
    replied_by: Optional[str] = None


TABLES = [CourtCase, CaseParty, MessageState]
_ready: set[int] = set()


def ensure_tables(engine) -> None:
    """These tables beside the receiving store's (created on first use, no migration needed)."""
    if id(engine) not in _ready:
        create_tables(engine, TABLES)
        _ready.add(id(engine))


def set_case(engine, case_number: str, *, parties: list[tuple[str, str, str]] = (),
             hearings: list[dict] | None = None, deadlines: list[dict] | None = None, **fields) -> CourtCase:
    """Create or update a case; ``parties`` = [(tag, role, name)] are added (or updated by tag);
    ``hearings`` / ``deadlines`` given replace the stored lists."""
    ensure_tables(engine)
    with store_session(engine, expire_on_commit=False) as s:
        row = s.get(CourtCase, case_number) or CourtCase(case_number=case_number)
        for name, value in fields.items():
            if value is not None:
                setattr(row, name, value)
        if hearings is not None:
            row.hearings = json.dumps(hearings, ensure_ascii=False)
        if deadlines is not None:
            row.deadlines = json.dumps(deadlines, ensure_ascii=False)
        row.updated_at = time.time()
        s.add(row)
        for tag, role, name in parties:
            s.merge(CaseParty(case_number=case_number, tag=tag, role=role, name=name))
        s.commit()
        return row


def _case_json(row: CourtCase, role: str) -> dict:
    return {"case_number": row.case_number, "court": row.court, "case_type": row.case_type,
            "cause": row.cause, "status": row.status, "judge": row.judge, "clerk": row.clerk,
            "role": role, "hearings": json.loads(row.hearings or "[]"),
            "deadlines": json.loads(row.deadlines or "[]")}


def _filing_state(p: InPacket) -> str:
    if p.state == "rejected" or p.review in ("rejected", "refused"):
        return "rejected"
    if p.review in ("accepted", "scheduled"):  # scheduled: a video session (court.video)
        return "accepted"
    return "received" if p.state == "received" else "pushed"


def _proof_summary(packet: InPacket, court_key) -> dict:
    """What a litigant understands of a proof of service they sent: the document's name, signed
    or refused (and why), when; read from its ``proof.json`` (encrypted to the court)."""
    from court.collection import _proof

    proof = _proof(packet, court_key) or {}
    refusal = proof.get("refusal") or {}
    refused = proof.get("decision") == "refused" or packet.service == "service_refusal"
    return {"title": str(proof.get("title") or ""), "case_ref": str(proof.get("case_ref") or ""),
            "decision": "refused" if refused else "signed", "at": proof.get("signed_at") or packet.sealed_at,
            "reason": str(refusal.get("reason_text") or "") if refused else ""}


def my_cases(engine, subject: str, court_key=None) -> dict:
    """The answer to "my cases": every case this person is a party to, and every packet they sent
    (a proof of service named by its document, with ``court_key`` to read it)."""
    ensure_tables(engine)
    with store_session(engine) as s:
        parties = s.exec(select(CaseParty).where(CaseParty.tag == subject)).all()
        roles = {p.case_number: p.role for p in parties}
        packets = s.exec(select(InPacket).where(InPacket.applicant_tag == subject)
                         .order_by(InPacket.sealed_at.desc())).all()
        for p in packets:  # an accepted filing is this person's case even before `case set`
            if p.case_number:
                roles.setdefault(p.case_number, "applicant")
        rows = s.exec(select(CourtCase).where(CourtCase.case_number.in_(sorted(roles)))).all() if roles else []
        known = {r.case_number for r in rows}
        cases = [_case_json(r, roles[r.case_number]) for r in sorted(rows, key=lambda r: r.case_number)]
        cases += [{"case_number": n, "court": "", "case_type": "", "cause": "", "status": "已立案",
                   "judge": "", "clerk": "", "role": roles[n], "hearings": [], "deadlines": []}
                  for n in sorted(roles) if n not in known]
        filings = [{"packet_id": p.packet_id, "service": p.service, "case_type": p.case_type,
                    "court": p.jurisdiction_court, "sealed_at": p.sealed_at, "state": _filing_state(p),
                    "case_number": p.case_number or "", "fee_yuan": p.fee_yuan,
                    "reason": p.review_reason or "", "decided_at": p.decided_at, "kind": p.kind,
                    **({"proof": _proof_summary(p, court_key)} if p.kind == "service_proof" else {})}
                   for p in packets if p.service != MESSAGE_SERVICE]
    return {"cases": cases, "filings": filings}


def message_text(packet: InPacket, court_key) -> str:
    """The message typed at the kiosk, from the packet's encrypted form."""
    from offline_queue.private import read_form

    try:
        fields = read_form(packet, court_key).get("fields", {})
        message = fields.get("message") or {}
        return str(message.get("value", "")) if isinstance(message, dict) else str(message)
    except Exception as exc:  # a packet not yet on disk, or a form that does not open
        log.warning("message %s unreadable: %s", packet.packet_id, exc)
        return ""


def _message_json(p: InPacket, state: MessageState | None, court_key) -> dict:
    replied = state is not None and state.reply is not None
    read = state is not None and state.read_at is not None
    return {"packet_id": p.packet_id, "sent_at": p.sealed_at,
            "text": message_text(p, court_key),
            "state": "replied" if replied else "read" if read else "sent",
            "reply": state.reply if replied else "", "replied_at": state.replied_at if replied else None,
            "replied_by": state.replied_by if replied else ""}


def messages(engine, court_key, *, subject: str | None = None, case_number: str | None = None) -> list[dict]:
    """Messages to the judges (one person's in one case, or all), oldest first, with their state."""
    ensure_tables(engine)
    with store_session(engine) as s:
        query = select(InPacket).where(InPacket.service == MESSAGE_SERVICE).order_by(InPacket.sealed_at)
        if subject is not None:
            query = query.where(InPacket.applicant_tag == subject)
        rows = s.exec(query).all()
        states = {(m.kiosk_id, m.packet_id): m for m in s.exec(select(MessageState)).all()}
    out = []
    for p in rows:
        case_ref = _case_ref(p)
        if case_number is not None and case_ref != case_number:
            continue
        entry = _message_json(p, states.get((p.kiosk_id, p.packet_id)), court_key)
        entry.update(case_number=case_ref, kiosk_id=p.kiosk_id, applicant=p.applicant_name or "",
                     phone=p.phone or "")
        out.append(entry)
    return out


def _case_ref(p: InPacket) -> str:
    from offline_queue import manifest as mf

    try:
        return mf.decode(p.manifest).get("case_ref") or ""
    except Exception:
        return ""


def conversation(engine, court_key, subject: str, case_number: str) -> tuple[str, dict]:
    """The answer to "my messages in this case": (status, data). A case the court does not know is
    ``unknown_case``, said plainly at the kiosk."""
    ensure_tables(engine)
    with store_session(engine) as s:
        case = s.get(CourtCase, case_number)
        tags = {p.tag for p in s.exec(select(CaseParty).where(CaseParty.case_number == case_number)).all()}
    found = messages(engine, court_key, subject=subject, case_number=case_number)
    if case is None and not found:
        return "unknown_case", {"case_number": case_number}
    if tags and subject not in tags and not found:  # the parties are on record, and not this person
        return "not_party", {"case_number": case_number}
    data = {"case_number": case_number, "judge": case.judge if case else "",
            "clerk": case.clerk if case else "", "court": case.court if case else "",
            "messages": [{k: m[k] for k in ("packet_id", "sent_at", "text", "state", "reply", "replied_at",
                                            "replied_by")} for m in found]}
    return "ok", data


def find_message(engine, ref: str) -> InPacket | None:
    """A message packet by its id or a unique prefix of it."""
    with store_session(engine) as s:
        rows = s.exec(select(InPacket).where(InPacket.service == MESSAGE_SERVICE,
                                             InPacket.packet_id.startswith(ref))).all()
    return rows[0] if len(rows) == 1 else None


def mark_read(engine, packet: InPacket, reader: str) -> None:
    ensure_tables(engine)
    with store_session(engine) as s:
        row = s.get(MessageState, (packet.kiosk_id, packet.packet_id)) or MessageState(
            kiosk_id=packet.kiosk_id, packet_id=packet.packet_id)
        if row.read_at is None:
            row.read_at, row.reader = time.time(), reader
            s.add(row)
            s.commit()


def reply(engine, packet: InPacket, text: str, judge: str) -> MessageState:
    ensure_tables(engine)
    with store_session(engine, expire_on_commit=False) as s:
        row = s.get(MessageState, (packet.kiosk_id, packet.packet_id)) or MessageState(
            kiosk_id=packet.kiosk_id, packet_id=packet.packet_id)
        now = time.time()
        row.read_at = row.read_at or now
        row.reader = row.reader or judge
        row.reply, row.replied_at, row.replied_by = text, now, judge
        s.add(row)
        s.commit()
        return row
