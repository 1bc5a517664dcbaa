"""Outbox tables (kiosk side): packets, their files with the court-confirmed chunk bitmap,
downlink documents and counters. Blobs live in the spool; rows hold path + sha256."""

from __future__ import annotations

from typing import Optional

from sqlmodel import Field, SQLModel

STATES = ("sealed", "sending", "awaiting_receipt", "delivered", "rejected", "parked")
OPEN_STATES = ("sealed", "sending", "awaiting_receipt", "parked")


class OutPacket(SQLModel, table=True):
    __tablename__ = "out_packet"

    packet_id: str = Field(primary_key=True)
    kiosk_seq: int = Field(index=True)
    kind: str
    service: str
    priority: int = 0
    state: str = Field(default="sealed", index=True)
    spool_path: str
    digest: str
    total_bytes: int
    total_chunks: int
    sealed_at: float
    delivered_at: Optional[float] = None
    attempts: int = 0
    last_error: Optional[str] = None
    receipt: Optional[str] = None
    receipt_status: Optional[str] = None
    parked_reason: Optional[str] = None
    purged: bool = False


class OutFile(SQLModel, table=True):
    __tablename__ = "out_file"

    packet_id: str = Field(foreign_key="out_packet.packet_id", primary_key=True)
    idx: int = Field(primary_key=True)
    path: str
    size: int
    sha256: str
    chunk_size: int
    chunk_count: int
    have: bytes = b""


class InDocument(SQLModel, table=True):
    __tablename__ = "in_document"

    doc_id: str = Field(primary_key=True)
    kind: str = ""
    title: str = ""
    case_ref: Optional[str] = None
    recipient: Optional[str] = Field(default=None, index=True)
    state: str = "receiving"
    path: Optional[str] = None
    received_at: float = 0.0
    verified_at: Optional[float] = None
    error: Optional[str] = None
    manifest: Optional[str] = None


class Counter(SQLModel, table=True):
    __tablename__ = "counter"

    name: str = Field(primary_key=True)
    value: int = 0
