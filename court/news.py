"""What is new for one person since they last looked (issue 13 §2: "new replies announced at the
next ID tap"): the judges' replies they have not yet seen at a kiosk, and documents the court
addressed to them since they were last told.

A reply counts as seen once a kiosk was answered a conversation holding it (``mark_seen``); a
document counts as told once a ``news`` answer named it. Both are kept by the ID tag only, at the
court; the kiosk keeps nothing.
"""

from __future__ import annotations

import time

from sqlmodel import Field, SQLModel, select

from court.cases import MESSAGE_SERVICE, MessageState, _case_ref
from court.cases import ensure_tables as ensure_case_tables
from court.store import InPacket, OutDocument, store_session
from offline_queue.db import create_tables

NEWS_DOCUMENT_KINDS = ("decision", "judgment", "document", "fee_notice", "transcript", "reply", "answer")


class ReplySeen(SQLModel, table=True):
    """A judge's reply the person has seen at a kiosk (the conversation showed it)."""

    __tablename__ = "court_reply_seen"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    seen_at: float = 0.0


class NewsTold(SQLModel, table=True):
    """Until when this person (by ID tag) was told about the documents addressed to them."""

    __tablename__ = "court_news_told"

    subject: str = Field(primary_key=True)
    documents_until: float = 0.0


_ready: set[int] = set()


def ensure_tables(engine) -> None:
    ensure_case_tables(engine)
    if id(engine) not in _ready:
        create_tables(engine, [ReplySeen, NewsTold])
        _ready.add(id(engine))


def news_for(engine, subject: str, now: float | None = None) -> dict:
    """Unseen replies (case number, judge, when) and documents addressed to ``subject`` since last told."""
    ensure_tables(engine)
    now = time.time() if now is None else now
    with store_session(engine) as s:
        packets = s.exec(select(InPacket).where(InPacket.service == MESSAGE_SERVICE,
                                                InPacket.applicant_tag == subject)).all()
        states = {(m.kiosk_id, m.packet_id): m for m in s.exec(
            select(MessageState).where(MessageState.packet_id.in_([p.packet_id for p in packets]))).all()} \
            if packets else {}
        seen = {(r.kiosk_id, r.packet_id) for r in s.exec(
            select(ReplySeen).where(ReplySeen.packet_id.in_([p.packet_id for p in packets]))).all()} \
            if packets else set()
        told = s.get(NewsTold, subject)
        since = told.documents_until if told else 0.0
        docs = s.exec(select(OutDocument).where(OutDocument.recipient == subject,
                                                OutDocument.created_at > since,
                                                OutDocument.kind.in_(NEWS_DOCUMENT_KINDS))
                      .order_by(OutDocument.created_at)).all()
        replies = []
        for p in packets:
            state = states.get((p.kiosk_id, p.packet_id))
            if state is not None and state.reply is not None and (p.kiosk_id, p.packet_id) not in seen:
                replies.append({"packet_id": p.packet_id, "case_number": _case_ref(p),
                                "judge": state.replied_by or "", "replied_at": state.replied_at})
        documents = [{"kind": d.kind, "title": d.title, "created_at": d.created_at} for d in docs]
        if documents:
            row = told or NewsTold(subject=subject)
            row.documents_until = max(d.created_at for d in docs)
            s.add(row)
            s.commit()
    replies.sort(key=lambda r: r["replied_at"] or 0)
    return {"replies": replies, "documents": documents}


def mark_seen(engine, subject: str, data: dict, now: float | None = None) -> None:
    """The conversation in ``data`` was shown: its replies are no longer news."""
    replied = [m["packet_id"] for m in data.get("messages", []) if m.get("state") == "replied"]
    if not replied:
        return
    ensure_tables(engine)
    now = time.time() if now is None else now
    with store_session(engine) as s:
        rows = s.exec(select(InPacket).where(InPacket.service == MESSAGE_SERVICE,
                                             InPacket.applicant_tag == subject,
                                             InPacket.packet_id.in_(replied))).all()
        for p in rows:
            if s.get(ReplySeen, (p.kiosk_id, p.packet_id)) is None:
                s.add(ReplySeen(kiosk_id=p.kiosk_id, packet_id=p.packet_id, seen_at=now))
        s.commit()
