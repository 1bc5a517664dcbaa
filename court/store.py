"""The court's store (SQLite by default, PostgreSQL through the same SQLAlchemy models), shared by
every gateway instance: idempotent inserts keyed (kiosk, packet) and (kiosk, packet, file, chunk)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional

from sqlalchemy import Column, LargeBinary, Text, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from offline_queue.db import create_tables, make_engine


class InPacket(SQLModel, table=True):
    __tablename__ = "court_packet"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    manifest: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    digest: str
    kiosk_seq: int = 0
    kind: str = ""
    service: str = ""
    case_type: str = ""
    jurisdiction_court: str = ""
    sealed_at: float = 0.0
    first_seen_at: float = 0.0
    received_at: Optional[float] = None
    clock_s: Optional[float] = None
    state: str = Field(default="receiving", index=True)  # receiving | received | rejected
    receipt: Optional[str] = Field(default=None, sa_column=Column(Text))
    files_dir: Optional[str] = None
    applicant_name: Optional[str] = None
    applicant_tag: Optional[str] = Field(default=None, index=True)
    phone: Optional[str] = None
    review: str = Field(default="pending", index=True)  # pending | accepted | rejected
    review_reason: Optional[str] = None
    case_number: Optional[str] = None
    fee_yuan: Optional[float] = None
    decided_at: Optional[float] = None


class InChunk(SQLModel, table=True):
    __tablename__ = "court_chunk"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    file_idx: int = Field(primary_key=True)
    chunk_idx: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class OutDocument(SQLModel, table=True):
    __tablename__ = "court_document"

    doc_id: str = Field(primary_key=True)
    kiosk_id: str = Field(index=True)
    kind: str
    title: str
    recipient: Optional[str] = None
    packet_id: Optional[str] = None
    path: str
    created_at: float
    published_at: Optional[float] = None
    state: str = "pending"  # pending | published | verified | rejected
    kiosk_answer: Optional[str] = None


class Sms(SQLModel, table=True):
    __tablename__ = "court_sms"

    id: Optional[int] = Field(default=None, primary_key=True)
    created_at: float
    kind: str
    phone: Optional[str] = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    ref: Optional[str] = None


class KioskStatus(SQLModel, table=True):
    __tablename__ = "court_kiosk"

    kiosk_id: str = Field(primary_key=True)
    online: bool = False
    queue_depth: Optional[int] = None
    oldest_undelivered_at: Optional[float] = None
    disk_alarm: bool = False
    updated_at: float = 0.0
    raw: Optional[str] = None


class KioskFleet(SQLModel, table=True):
    """The fleet view (``court.fleet``): the latest verified heartbeat of each kiosk while online,
    kept through its last will, so an offline kiosk still shows when it was last seen and with
    what faults and queue. Its own table so stores made before it need no migration."""

    __tablename__ = "court_kiosk_fleet"

    kiosk_id: str = Field(primary_key=True)
    online: bool = False
    session: str = ""
    at: int = 0  # kiosk clock of the latest accepted status
    seq: int = 0
    last_seen_at: float = 0.0  # court clock: when the latest online heartbeat arrived
    offline_at: Optional[float] = None  # court clock: when the will (or a clean stop) arrived
    heartbeat: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class ConfigPush(SQLModel, table=True):
    """The signed site config the court published for one kiosk (retained on ``down/cfg``) and what
    the kiosk reported back about it (``court.remote_config``)."""

    __tablename__ = "court_config_push"

    kiosk_id: str = Field(primary_key=True)
    version: int = 0
    pushed_at: float = 0.0
    document: str = Field(default="", sa_column=Column(Text, nullable=False))
    published_at: Optional[float] = None  # the gateway published it (retained) on down/cfg
    result: str = "pending"  # pending | applied | rejected | rolled_back
    result_version: Optional[int] = None
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    result_at: Optional[float] = None


class PacketAudit(SQLModel, table=True):
    """The court's check of the audit chain inside a recorded packet (``court.audit``); its own
    table so stores made before it need no migration."""

    __tablename__ = "court_packet_audit"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    ok: bool = Field(index=True)
    events: int = 0
    verdict: str = Field(sa_column=Column(Text, nullable=False))
    checked_at: float = 0.0


class OrphanChunks(SQLModel, table=True):
    """Chunks stored for a packet whose manifest the court has not verified (yet): counted here so
    that unauthenticated input stays bounded per packet and kiosk, and expires with age."""

    __tablename__ = "court_orphan"

    kiosk_id: str = Field(primary_key=True)
    packet_id: str = Field(primary_key=True)
    first_seen_at: float = Field(index=True)
    chunks: int = 0
    bytes: int = 0


class CaseCounter(SQLModel, table=True):
    __tablename__ = "court_case_counter"

    prefix: str = Field(primary_key=True)
    value: int = 0


TABLES = [InPacket, InChunk, OutDocument, Sms, KioskStatus, CaseCounter, PacketAudit, OrphanChunks, KioskFleet,
          ConfigPush]


def open_store(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, page_size=65536)  # chunks are 256 KiB blobs: big pages write faster
    create_tables(engine, TABLES)  # members started together race here: retried
    return engine


@contextmanager
def store_session(engine: Engine, **kwargs) -> Iterator[Session]:
    """Every session on the court store: rolled back explicitly when anything fails. After a failed
    COMMIT (e.g. SQLITE_FULL on a full disk) SQLAlchemy returns the connection to its pool still
    inside the transaction, whose rows the next commit on that connection would then write."""
    with Session(engine, **kwargs) as s:
        try:
            yield s
        except BaseException:
            s.rollback()
            raise


def stored_chunks():
    """The number of chunks stored for the ``InPacket`` row of the enclosing query (correlated)."""
    return (select(func.count()).select_from(InChunk)
            .where(InChunk.kiosk_id == InPacket.kiosk_id, InChunk.packet_id == InPacket.packet_id)
            .scalar_subquery())


def packets_in(keys):
    """``InPacket`` rows whose (kiosk, packet) is among ``keys``, in one condition."""
    return tuple_(InPacket.kiosk_id, InPacket.packet_id).in_(sorted(keys))


def insert_ignore_many(session: Session, model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for many rows in one executemany (one compiled statement)."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    session.connection().execute(module.insert(model.__table__).on_conflict_do_nothing(), rows)


def insert_ignore(session: Session, model, **values) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL; True if the row was new."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(model.__table__).values(**values).on_conflict_do_nothing()
    return session.exec(stmt).rowcount == 1
