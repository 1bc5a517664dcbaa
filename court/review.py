"""The filing judge's decisions: accept (case number + fee notice) or reject (reasons). Each goes
back to the kiosk as a signed decision document and to the litigant as the required SMS."""

from __future__ import annotations

import json
import math
import time
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlmodel import Session, select

from court.applications import (APPLICATION_KINDS, application_form, case_number_for, field_value,
                                preservation_fee)
from court.store import CaseCounter, InPacket, store_session
from offline_queue import manifest as mf

CASE_TYPE_CODES = {"civil_first": "民初", "civil_appeal": "民终", "civil_retrial": "民申",
                   "admin_first": "行初", "admin_enforcement": "行审", "enforcement": "执",
                   "preservation": "财保",
                   # the kiosk journeys' codes (kiosk/flows/journeys/case_types.py)
                   "admin_nonlitigation_enforcement": "行审", "first_enforcement": "执",
                   "preservation_property_pre": "财保"}
# 诉讼费用交纳办法 §13(1): property cases, cumulative brackets (upper bound in yuan, rate).
_PROPERTY_BRACKETS = [(100_000, "0.025"), (200_000, "0.02"), (500_000, "0.015"), (1_000_000, "0.01"),
                      (2_000_000, "0.009"), (5_000_000, "0.008"), (10_000_000, "0.007"),
                      (20_000_000, "0.006"), (None, "0.005")]


class ReviewError(Exception):
    """A review action that does not apply (unknown packet, not received yet, already decided)."""


REVIEWED_KINDS = ("filing", "material_transfer", *APPLICATION_KINDS)
"""What the filing judge reviews (``review list|accept|reject``): filings, materials handed in for a
case, preservation and appraisal applications. Every other packet has its own command."""
ELSEWHERE = {
    "petition": ("a petition", "`petitions answer`"),
    "fee_proof": ("a proof of payment", "`fees match` and `fees confirm`"),
    "document_request": ("a document request", "`documents answer`"),
    "service_proof": ("a proof of service", "`documents` (it is recorded, not reviewed)"),
    "archive_request": ("an archive viewing request", "`archives approve` or `archives refuse`"),
    "video_assist": ("a video assistance application", "`video schedule` or `video refuse`"),
    "transcript_signature": ("a signed or refused transcript", "`transcripts show` (it is recorded, not reviewed)"),
    "message": ("a message to the judge", "`messages reply`"),
}


def not_a_filing(packet) -> str | None:
    """Why ``review`` does not decide this packet (and what does), or None for a filing."""
    if packet.kind in REVIEWED_KINDS:
        return None
    what, where = ELSEWHERE.get(packet.kind, (f"a {packet.kind or 'packet of unknown kind'}", "its own command"))
    return f"packet {packet.packet_id} is {what}, not a filing: use {where}"


def acceptance_fee(case_type: str, claim_amount: float | None) -> Decimal:
    """Case acceptance fee: property brackets for civil claims with an amount, else 50 yuan."""
    if not claim_amount or not case_type.startswith("civil"):
        return Decimal("50.00")
    amount = Decimal(str(claim_amount))
    fee, lower = Decimal("50"), Decimal(10_000)
    for upper, rate in _PROPERTY_BRACKETS:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, Decimal(upper))
        fee += (top - lower) * Decimal(rate)
        lower = Decimal(upper) if upper else amount
    return fee.quantize(Decimal("0.01"), ROUND_HALF_UP)


def find_packet(s: Session, packet_ref: str) -> InPacket:
    rows = s.exec(select(InPacket).where(InPacket.packet_id.startswith(packet_ref)).limit(2)).all()
    if len(rows) != 1:
        raise ReviewError(f"no unique packet matches {packet_ref!r}")
    return rows[0]


def next_case_number(s: Session, court_code: str, case_type: str, year: int | None = None) -> str:
    year = year or datetime.now().year
    code = CASE_TYPE_CODES.get(case_type, "民初")
    prefix = f"（{year}）{court_code}{code}"
    counter = s.get(CaseCounter, prefix) or CaseCounter(prefix=prefix, value=0)
    counter.value += 1
    s.add(counter)
    return f"{prefix}{counter.value}号"


def claim_amount(packet: InPacket, court_key=None) -> float | None:
    """The claimed amount from the packet's form (``form.json``, or ``form.json.enc`` read with the
    court's key): the fee depends on it, so an encrypted form must not silently mean 50 yuan."""
    from court.dossier import Unreadable, read_json

    if not packet.files_dir:
        return None
    try:
        form = read_json(Path(packet.files_dir), "form.json", court_key, packet.packet_id) or {}
        fields = {**form.get("fields", {}), **form}
    except (Unreadable, TypeError, AttributeError, ValueError):
        return None
    # the older flat form's claim_amount; the journey's claims (the amount claimed, OCR'd or typed)
    for key in ("claim_amount", "claims"):
        value = fields.get(key)
        value = value.get("value") if isinstance(value, dict) else value
        try:
            amount = float(str(value).replace(",", "").replace("，", "").strip().removesuffix("元"))
        except ValueError:
            continue
        if math.isfinite(amount) and amount > 0:
            return amount
    return None


def decide(engine, settings, packet_ref: str, *, accept: bool, reason: str | None = None,
           fee: float | None = None, court_key=None) -> InPacket:
    """Record the decision once; returns the updated packet row."""
    with store_session(engine, expire_on_commit=False) as s:
        packet = find_packet(s, packet_ref)
        if packet.state != "received":
            raise ReviewError(f"packet {packet.packet_id} is {packet.state}; only received packets can be reviewed")
        if packet.review != "pending":
            raise ReviewError(f"packet {packet.packet_id} was already {packet.review}")
        refused = not_a_filing(packet)
        if refused:
            raise ReviewError(refused)
        if accept and packet.kind in APPLICATION_KINDS:  # preservation / appraisal (court.applications)
            packet.case_number = case_number_for(s, settings, packet, mf.decode(packet.manifest))
            amount = field_value(application_form(packet, court_key), "amount")
            packet.fee_yuan = float(Decimal(str(fee)) if fee is not None else preservation_fee(packet.case_type, amount))
            packet.review = "accepted"
        elif accept:
            packet.case_number = next_case_number(s, settings.court_code, packet.case_type)
            packet.fee_yuan = float(Decimal(str(fee)) if fee is not None
                                    else acceptance_fee(packet.case_type, claim_amount(packet, court_key)))
            packet.review = "accepted"
        else:
            if not reason:
                raise ReviewError("a rejection needs a reason (--reason)")
            packet.review, packet.review_reason = "rejected", reason
        packet.decided_at = time.time()
        s.add(packet)
        s.commit()
        return packet


def decision_files(packet: InPacket, settings) -> list[tuple[str, bytes, str, str]]:
    """decision.json (and fee_notice.json when accepted) for the kiosk to show and print."""
    decision = {"packet_id": packet.packet_id, "decision": packet.review, "case_number": packet.case_number,
                "reason": packet.review_reason, "court": settings.court_name,
                "decided_at": datetime.fromtimestamp(packet.decided_at).isoformat(timespec="seconds")}
    files = [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
              "application/json")]
    if packet.review == "accepted" and packet.fee_yuan:
        from court.fees import notice_json

        notice = notice_json(packet, settings)  # rules §9 and the payment reference (court.fees)
        files.append(("fee_notice.json", json.dumps(notice, ensure_ascii=False, indent=1).encode(),
                      "fee_notice", "application/json"))
    return files


def dossier_for(engine, settings, court_key, packet_ref: str, *, full: bool = False) -> dict:
    """Everything ``review show`` prints, as data (``--json`` prints it as it is)."""
    from court.audit import verdict_from_json
    from court.dossier import build
    from court.store import PacketAudit
    from offline_queue import manifest as mf

    with store_session(engine) as s:
        row = find_packet(s, packet_ref)
        stored = s.get(PacketAudit, (row.kiosk_id, row.packet_id))
    manifest = mf.decode(row.manifest)
    record = {"state": row.state, "received_at": row.received_at, "clock_s": row.clock_s,
              "clock_limit_s": settings.clock_limit_s, "review": row.review, "case_number": row.case_number,
              "fee_yuan": row.fee_yuan, "review_reason": row.review_reason, "files_dir": row.files_dir,
              "audit_at_receipt": verdict_from_json(stored.verdict).summary() if stored else None}
    if row.state != "received" or not row.files_dir or not Path(row.files_dir).is_dir():
        keys = ("packet_id", "kiosk_id", "kiosk_seq", "kind", "service", "case_type", "jurisdiction_court",
                "cooperating_court", "case_ref", "supersedes", "sealed_at")
        return {**{k: manifest.get(k) for k in keys}, "digest": row.digest, "record": record, "complete": False}
    built = build(Path(row.files_dir), manifest, court_key, full=full)
    if manifest.get("supersedes"):
        from court.dossier import read_json
        from court.resubmit import check_supersedes

        try:
            listing = read_json(Path(row.files_dir), "material_list.json", court_key, row.packet_id)
        except Exception:
            listing = None
        built["supersedes_check"] = check = check_supersedes(engine, manifest, listing, row.applicant_tag, court_key)
        pages = {k.get("no"): k.get("real_pages") for k in check.get("kept", [])}
        for listed in built["materials"]["listed"]:  # a kept row's pages, counted in the court's copy
            if listed.get("kept") and pages.get(listed.get("no")) is not None:
                listed["real_pages"] = pages[listed["no"]]
    return {**built, "record": record, "complete": True}
