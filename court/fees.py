"""网上缴费 at the court (rules §9, annex 3): the fee notice an accepted filing gets, the proof of
payment the litigant uploads from a kiosk, the clerk matching the one to the other, and the
confirmation (电子交费单) that goes back signed to the kiosk and by SMS.

The notice is the ``fee_notice.json`` the decision document already carries, extended with its
payment reference, the notice time, the deadline and the items; the same JSON is kept here (one
row per notice) so the live "fees" question and ``court-gateway fees`` read one record.
The deadline: rules §9 gives 7 days from the day the notice SMS arrives; the day itself does not
count (民事诉讼法第八十五条), so the notice of 1 December may be paid until the end of 8 December.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import date, datetime, timedelta
from typing import Optional

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel, select

from court.store import CaseCounter, InPacket, store_session
from offline_queue.db import create_tables

log = logging.getLogger("court.fees")
PROOF_KIND = "fee_proof"
STATES = ("unpaid", "matched", "paid")


class FeeError(Exception):
    """A fees action that does not apply (unknown notice or proof, another person's, already paid)."""


class FeeNotice(SQLModel, table=True):
    __tablename__ = "court_fee_notice"

    reference: str = Field(primary_key=True)
    kiosk_id: str
    packet_id: str = Field(index=True)
    """The accepted filing (or application) the fee is for."""
    recipient: str = Field(index=True)
    """The payer's ID tag (never the ID number)."""
    payer: str = ""
    phone: Optional[str] = None
    case_number: str = ""
    amount_yuan: str = "0.00"
    notice_at: float = 0.0
    due_at: float = 0.0
    body: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    """The notice as sent (``fee_notice.json``)."""
    state: str = Field(default="unpaid", index=True)  # unpaid | matched | paid
    proof_kiosk_id: Optional[str] = None
    proof_packet_id: Optional[str] = None
    matched_at: Optional[float] = None
    matched_by: Optional[str] = None
    confirmed_at: Optional[float] = None
    confirmed_by: Optional[str] = None
    slip_no: Optional[str] = None


_ready: set[int] = set()


def ensure_tables(engine) -> None:
    if id(engine) not in _ready:
        create_tables(engine, [FeeNotice])
        _ready.add(id(engine))


def reference_for(kiosk_id: str, packet_id: str) -> str:
    """16 digits, stable for the filing (the same notice always has the same reference)."""
    digest = hashlib.sha256(f"court-fee/v1:{kiosk_id}/{packet_id}".encode()).hexdigest()
    return f"{int(digest[:20], 16) % 10 ** 16:016d}"


def due_at(notice_at: float, days: int) -> float:
    """The end of the ``days``-th day after the notice's day (local time)."""
    last = date.fromtimestamp(notice_at) + timedelta(days=days)
    return datetime(last.year, last.month, last.day, 23, 59, 59).timestamp()


def notice_json(packet: InPacket, settings) -> dict:
    """``fee_notice.json``: what the court tells the payer (rules §9: amount, account name, account
    number, bank), with the payment reference, the items and the deadline."""
    from court.applications import is_application

    amount = f"{packet.fee_yuan:.2f}"
    reference = reference_for(packet.kiosk_id, packet.packet_id)
    fee = settings.fee
    notice_at = packet.decided_at or time.time()
    due = due_at(notice_at, fee.days)
    item = "申请费" if is_application(packet) else "案件受理费"
    return {"case_number": packet.case_number, "amount_yuan": amount,
            "account_name": fee.account_name, "account_no": fee.account_no, "bank": fee.bank,
            "pay_within_days": fee.days, "reference": reference,
            "items": [{"name": item, "amount_yuan": amount}],
            "court": settings.court_code, "court_name": settings.court_name,
            "notice_at": round(notice_at, 3), "due_at": due,
            "due_date": date.fromtimestamp(due).isoformat(),
            "qr": fee.qr_template.format(reference=reference, amount=amount, case_number=packet.case_number or ""),
            "overdue_text": fee.overdue_text, "packet_id": packet.packet_id}


def record_notice(engine, packet: InPacket, settings) -> FeeNotice | None:
    """Keep the notice of an accepted packet with a fee (once; the first one stays)."""
    if packet.review != "accepted" or not packet.fee_yuan or packet.kind == PROOF_KIND:
        return None
    ensure_tables(engine)
    notice = notice_json(packet, settings)
    with store_session(engine, expire_on_commit=False) as s:
        row = s.get(FeeNotice, notice["reference"])
        if row is not None:
            return row
        row = FeeNotice(reference=notice["reference"], kiosk_id=packet.kiosk_id, packet_id=packet.packet_id,
                        recipient=packet.applicant_tag or "", payer=packet.applicant_name or "",
                        phone=packet.phone, case_number=packet.case_number or "",
                        amount_yuan=notice["amount_yuan"], notice_at=notice["notice_at"],
                        due_at=notice["due_at"], body=json.dumps(notice, ensure_ascii=False))
        s.add(row)
        s.commit()
        log.info("fee notice %s: case %s, %s yuan, due %s", row.reference, row.case_number,
                 row.amount_yuan, notice["due_date"])
        return row


def sync_notices(engine, settings) -> int:
    """Notices for accepted packets decided before this table existed; returns how many were added."""
    ensure_tables(engine)
    with store_session(engine) as s:
        packets = s.exec(select(InPacket).where(InPacket.review == "accepted", InPacket.fee_yuan > 0)).all()
        known = set(s.exec(select(FeeNotice.packet_id)).all())
    added = 0
    for packet in packets:
        if packet.packet_id not in known and record_notice(engine, packet, settings) is not None:
            added += 1
    return added


def notices(engine, *, recipient: str | None = None) -> list[FeeNotice]:
    ensure_tables(engine)
    with store_session(engine) as s:
        query = select(FeeNotice).order_by(FeeNotice.notice_at)
        if recipient is not None:
            query = query.where(FeeNotice.recipient == recipient)
        return list(s.exec(query).all())


def find_notice(engine, ref: str) -> FeeNotice:
    """A notice by its reference (spaces ignored), a unique prefix of it, or its case number."""
    ensure_tables(engine)
    ref = ref.replace(" ", "")
    with store_session(engine) as s:
        rows = s.exec(select(FeeNotice).where(FeeNotice.reference.startswith(ref))).all() if ref else []
        if not rows:
            rows = s.exec(select(FeeNotice).where(FeeNotice.case_number == ref)).all()
    if len(rows) != 1:
        raise FeeError(f"no unique fee notice matches {ref!r}")
    return rows[0]


def notice_answer(row: FeeNotice, now: float | None = None) -> dict:
    """One notice as the kiosk's live answer carries it: the notice, its state, its slip once paid."""
    now = time.time() if now is None else now
    body = json.loads(row.body or "{}")
    state = row.state
    if state == "unpaid" and row.proof_packet_id:
        state = "proof_sent"
    out = {**body, "state": state, "recipient": row.recipient, "overdue": state == "unpaid" and now > row.due_at}
    if row.state == "paid":
        out["slip"] = slip_json(row)
    return out


def answer(engine, subject: str) -> dict:
    """The answer to the kiosk's "fees" question: this person's notices, newest first."""
    rows = notices(engine, recipient=subject)
    return {"notices": [notice_answer(r) for r in sorted(rows, key=lambda r: -r.notice_at)]}


# --- proofs ---------------------------------------------------------------------------------


def proof_reference(packet: InPacket, court_key) -> str:
    """The notice reference a proof packet names (its form's ``fee_notice``), or ""."""
    from offline_queue.private import read_form

    try:
        form = read_form(packet, court_key)
    except Exception as exc:  # not on disk yet, or a form that does not open
        log.warning("proof %s: form unreadable (%s)", packet.packet_id, exc)
        return ""
    fields = form.get("fields", form) if isinstance(form, dict) else {}
    notice = fields.get("fee_notice") if isinstance(fields, dict) else None
    return str(notice.get("reference", "")) if isinstance(notice, dict) else ""


def proofs(engine, court_key) -> list[tuple[InPacket, str, FeeNotice | None]]:
    """Every proof packet received: (packet, the reference it names, the notice it is matched to)."""
    ensure_tables(engine)
    with store_session(engine) as s:
        rows = s.exec(select(InPacket).where(InPacket.kind == PROOF_KIND).order_by(InPacket.first_seen_at)).all()
        matched = {n.proof_packet_id: n for n in s.exec(select(FeeNotice).where(
            FeeNotice.proof_packet_id.is_not(None))).all()}
    return [(p, proof_reference(p, court_key) if p.files_dir else "", matched.get(p.packet_id)) for p in rows]


def _proof(s, ref: str) -> InPacket:
    rows = s.exec(select(InPacket).where(InPacket.kind == PROOF_KIND, InPacket.packet_id.startswith(ref))
                  .limit(2)).all()
    if len(rows) != 1:
        raise FeeError(f"no unique proof of payment matches {ref!r}")
    return rows[0]


def match(engine, court_key, proof_ref: str, notice_ref: str | None = None, *, by: str = "") -> FeeNotice:
    """Link a received proof to its notice (the one it names unless ``notice_ref`` says otherwise).
    Refused: a proof not yet received, a notice already paid, a proof from another person."""
    ensure_tables(engine)
    with store_session(engine) as s:
        proof = _proof(s, proof_ref)
    if proof.state != "received":
        raise FeeError(f"proof {proof.packet_id} is {proof.state}; only received proofs can be matched")
    if proof.review == "rejected":
        raise FeeError(f"proof {proof.packet_id} was rejected: the payer sends a new one")
    notice = find_notice(engine, notice_ref or proof_reference(proof, court_key))
    if notice.recipient != (proof.applicant_tag or ""):
        log.warning("proof %s refused for notice %s: sent by another person", proof.packet_id, notice.reference)
        raise FeeError(f"proof {proof.packet_id} was sent by another person than the payer of notice "
                       f"{notice.reference}; not matched")
    if notice.state == "paid":
        raise FeeError(f"notice {notice.reference} is already paid (slip {notice.slip_no})")
    with store_session(engine, expire_on_commit=False) as s:
        row = s.get(FeeNotice, notice.reference)
        row.proof_kiosk_id, row.proof_packet_id = proof.kiosk_id, proof.packet_id
        row.state, row.matched_at, row.matched_by = "matched", time.time(), by or None
        s.add(row)
        s.commit()
    log.info("fee notice %s matched to proof %s by %s", notice.reference, proof.packet_id, by or "-")
    return row


def _slip_number(s, year: int) -> str:
    prefix = f"fee-slip-{year}"
    counter = s.get(CaseCounter, prefix) or CaseCounter(prefix=prefix, value=0)
    counter.value += 1
    s.add(counter)
    return f"JF{year}{counter.value:06d}"


def confirm(engine, notice_ref: str, *, by: str = "") -> FeeNotice:
    """Payment confirmed: the notice is paid, with its 电子交费单 number; only a matched notice."""
    notice = find_notice(engine, notice_ref)
    if notice.state == "paid":
        raise FeeError(f"notice {notice.reference} is already confirmed (slip {notice.slip_no})")
    if notice.state != "matched":
        raise FeeError(f"notice {notice.reference} has no matched proof yet: `fees match` first")
    with store_session(engine, expire_on_commit=False) as s:
        row = s.get(FeeNotice, notice.reference)
        now = time.time()
        row.state, row.confirmed_at, row.confirmed_by = "paid", now, by or None
        row.slip_no = _slip_number(s, datetime.fromtimestamp(now).year)
        proof = s.get(InPacket, (row.proof_kiosk_id, row.proof_packet_id))
        if proof is not None:  # the proof's own record: accepted, in the notice's case
            proof.review, proof.case_number, proof.decided_at = "accepted", row.case_number, now
            s.add(proof)
        s.add(row)
        s.commit()
    log.info("fee notice %s confirmed paid by %s: slip %s", row.reference, by or "-", row.slip_no)
    return row


def reject(engine, proof_ref: str, reason: str) -> tuple[InPacket, FeeNotice | None]:
    """The proof does not show the payment (unreadable, wrong amount or account): the notice is
    unpaid again and the payer is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise FeeError("a rejection needs a reason (--reason)")
    ensure_tables(engine)
    with store_session(engine, expire_on_commit=False) as s:
        proof = _proof(s, proof_ref)
        if proof.review != "pending":
            raise FeeError(f"proof {proof.packet_id} was already {proof.review}")
        notice = s.exec(select(FeeNotice).where(FeeNotice.proof_packet_id == proof.packet_id)).first()
        if notice is not None and notice.state == "paid":
            raise FeeError(f"notice {notice.reference} is already confirmed paid")
        proof.review, proof.review_reason, proof.decided_at = "rejected", reason, time.time()
        s.add(proof)
        if notice is not None:
            notice.state, notice.proof_kiosk_id, notice.proof_packet_id = "unpaid", None, None
            s.add(notice)
        s.commit()
    log.info("proof %s rejected: %s", proof.packet_id, reason)
    return proof, notice


def slip_json(row: FeeNotice) -> dict:
    """The 电子交费单 (annex 3): what the payer prints and takes to the court for the invoice."""
    body = json.loads(row.body or "{}")
    return {"slip_no": row.slip_no, "reference": row.reference, "case_number": row.case_number,
            "court_name": body.get("court_name", ""), "payer": row.payer, "amount_yuan": row.amount_yuan,
            "items": body.get("items", []), "account_name": body.get("account_name", ""),
            "account_no": body.get("account_no", ""), "bank": body.get("bank", ""),
            "confirmed_at": datetime.fromtimestamp(row.confirmed_at or 0).strftime("%Y-%m-%d %H:%M"),
            "proof_packet_id": row.proof_packet_id}


def confirmation_files(row: FeeNotice, settings) -> list[tuple[str, bytes, str, str]]:
    """The signed answer to the proof packet: decision.json naming it, and the 电子交费单."""
    decision = {"packet_id": row.proof_packet_id, "decision": "paid", "case_number": row.case_number,
                "reference": row.reference, "court": settings.court_name,
                "decided_at": datetime.fromtimestamp(row.confirmed_at).isoformat(timespec="seconds")}
    return [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json"),
            ("fee_slip.json", json.dumps(slip_json(row), ensure_ascii=False, indent=1).encode(), "fee_slip",
             "application/json")]


def rejection_files(proof: InPacket, settings) -> list[tuple[str, bytes, str, str]]:
    decision = {"packet_id": proof.packet_id, "decision": "rejected", "reason": proof.review_reason,
                "court": settings.court_name,
                "decided_at": datetime.fromtimestamp(proof.decided_at).isoformat(timespec="seconds")}
    return [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json")]
