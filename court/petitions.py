"""The petition office (信访部门, rules annex 10): petitions arrive as packets like any other and
are answered here, not reviewed as filings. An answer is recorded once, goes back to the kiosk as
a signed decision document naming the packet (the kiosk shows it on the status step only after
verifying the court's signature) and to the petitioner by SMS."""

from __future__ import annotations

import json
import time
from datetime import datetime

from sqlmodel import select

from court.applications import application_form, field_value
from court.review import ReviewError, find_packet
from court.store import InPacket, store_session

MAX_ANSWER = 1000


def petitions(engine, state: str = "pending") -> list[InPacket]:
    """pending (not answered yet) | answered | all; oldest first."""
    with store_session(engine) as s:
        query = select(InPacket).where(InPacket.kind == "petition").order_by(InPacket.first_seen_at)
        if state == "pending":
            query = query.where(InPacket.review == "pending")
        elif state == "answered":
            query = query.where(InPacket.review == "answered")
        return list(s.exec(query).all())


def summary(packet: InPacket, court_key) -> dict:
    """The petitioner, the matter and the request, for the list."""
    section = application_form(packet, court_key)
    return {"petitioner": field_value(section, "petitioner") or packet.applicant_name or "",
            "matter": field_value(section, "matter"), "request": field_value(section, "request"),
            "case_ref": field_value(section, "case_ref")}


def answer(engine, packet_ref: str, text: str) -> InPacket:
    """Record the office's answer once; a petition not yet received, or answered, is refused."""
    text = (text or "").strip()
    if not text:
        raise ReviewError("an answer needs its text (--text)")
    if len(text) > MAX_ANSWER:
        raise ReviewError(f"the answer has {len(text)} characters; at most {MAX_ANSWER} go to the kiosk and SMS")
    with store_session(engine, expire_on_commit=False) as s:
        packet = find_packet(s, packet_ref)
        if packet.kind != "petition":
            raise ReviewError(f"packet {packet.packet_id} is a {packet.kind}, not a petition: use `review`")
        if packet.state != "received":
            raise ReviewError(f"petition {packet.packet_id} is {packet.state}; only received petitions can be answered")
        if packet.review != "pending":
            raise ReviewError(f"petition {packet.packet_id} was already answered")
        packet.review, packet.review_reason, packet.decided_at = "answered", text, time.time()
        s.add(packet)
        s.commit()
        return packet


def answer_files(packet: InPacket, settings) -> list[tuple[str, bytes, str, str]]:
    decision = {"packet_id": packet.packet_id, "decision": "answered", "answer": packet.review_reason,
                "court": f"{settings.court_name}信访部门",
                "decided_at": datetime.fromtimestamp(packet.decided_at).strftime("%Y-%m-%d %H:%M")}
    return [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json")]


def answered_text(court: str, packet: InPacket, limit: int = 120) -> str:
    excerpt = packet.review_reason if len(packet.review_reason) <= limit else packet.review_reason[:limit] + "……"
    return (f"【{court}】{packet.applicant_name or '信访人'}您好，您提交的信访事项已由本院信访部门答复：{excerpt}"
            "完整答复可凭身份证在诉讼服务自助终端查看。")
