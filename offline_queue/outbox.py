"""The durable outbox: the packet state machine on SQLite, start-up recovery, operator actions.

States: sealed → sending → awaiting_receipt → delivered | rejected, plus parked. Nothing here ever
deletes a packet row; only retention purges personal files of delivered packets.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from offline_queue.db import commit_count, create_tables, sqlite_engine
from offline_queue.fsutil import free_mb
from offline_queue.health import PUSH_LIMIT_S
from offline_queue.manifest import RESERVED, parse_time
from offline_queue.models import OPEN_STATES, Counter, InDocument, OutFile, OutPacket
from offline_queue.packet import TMP_PREFIX, SealedPacket, read_packet
from offline_queue.spool import recovering

log = logging.getLogger("offline_queue.outbox")


class QueueError(Exception):
    """An operator action that does not apply (unknown packet, wrong state)."""


@dataclass(frozen=True)
class QueueStatus:
    counts: dict[str, int]
    depth: int
    oldest_undelivered_at: float | None
    pending_bytes: int
    free_mb: float
    high_water: bool
    hard_limit: bool
    documents: int
    parked: tuple[dict, ...] = ()
    """Each parked packet with the reason it waits for an operator (for the admin screen)."""
    breaching: int = 0
    """Undelivered packets sealed more than 15 minutes ago (norms §8): breaching the clock now."""
    late_24h: int = 0
    """Packets whose receipt came in the last 24 hours but more than 15 minutes after sealing."""

    def as_dict(self) -> dict:
        return {**self.__dict__, "parked": [dict(p) for p in self.parked]}


class Outbox:
    """All outbox reads and writes; safe to share between the app and the sender thread."""

    at_rest_key: bytes | None = None
    """The key court documents in this store are kept under (``offline_queue.doc_store``)."""

    def __init__(self, db_path: Path, spool_dir: Path, *, high_water_mb: float = 0, hard_limit_mb: float = 0):
        self.db_path = Path(db_path)
        self.spool_dir = Path(spool_dir)
        self.high_water_mb = high_water_mb
        self.hard_limit_mb = hard_limit_mb
        self.engine = sqlite_engine(self.db_path)
        from offline_queue.doc_store import DocumentServed

        create_tables(self.engine, (OutPacket, OutFile, InDocument, Counter, DocumentServed))  # the app and `kiosk sender run` may race

    @classmethod
    def from_settings(cls, settings) -> "Outbox":
        return cls(settings.queue_db, settings.spool_dir, high_water_mb=settings.storage.disk_high_water_mb,
                   hard_limit_mb=settings.storage.disk_hard_limit_mb)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @property
    def commits(self) -> int:
        return commit_count(self.engine)

    # --- sealing -------------------------------------------------------------------------------
    def next_seq(self, name: str = "kiosk_seq") -> int:
        with self.session() as s:
            row = s.get(Counter, name) or Counter(name=name, value=0)
            row.value += 1
            s.add(row)
            s.commit()
            return row.value

    def add(self, sealed: SealedPacket, priority: int = 0) -> None:
        """Record a sealed spool directory; from now on the packet is never dropped."""
        m = sealed.manifest
        with self.session() as s:
            s.add(OutPacket(packet_id=m["packet_id"], kiosk_seq=m["kiosk_seq"], kind=m["kind"],
                            service=m["service"], priority=priority, spool_path=str(sealed.path),
                            digest=sealed.digest, total_bytes=m["totals"]["bytes"],
                            total_chunks=m["totals"]["chunks"], sealed_at=parse_time(m["sealed_at"])))
            s.flush()
            for f in m["files"]:
                s.add(OutFile(packet_id=m["packet_id"], idx=f["idx"], path=f["path"], size=f["size"],
                              sha256=f["sha256"], chunk_size=f["chunk_size"], chunk_count=f["chunk_count"],
                              have=bytes((f["chunk_count"] + 7) // 8)))
            s.commit()

    # --- recovery ------------------------------------------------------------------------------
    def recover(self) -> dict[str, int]:
        """Start-up of the sender: in-flight packets back to sealed (bitmaps kept), then the spool."""
        with self.session() as s:
            result = s.exec(update(OutPacket).where(OutPacket.state.in_(("sending", "awaiting_receipt")))
                            .values(state="sealed"))
            s.commit()
        report = {"requeued": result.rowcount, **self.recover_spool()}
        if any(report.values()):
            log.info("outbox recovery: %s", report)
        return report

    def recover_spool(self, wait_s: float = 2.0) -> dict[str, int]:
        """Half-written spool dirs of dead writers removed; complete spool dirs without a row
        (a crash between rename and insert) adopted. Only under the spool's exclusive lock, so a
        live writer's folder is never touched (``offline_queue.spool``); safe to repeat at any time."""
        report = {"removed_tmp": 0, "adopted": 0}
        if not self.spool_dir.is_dir():
            return report
        with recovering(self.spool_dir, wait_s) as owned:
            if not owned:
                log.info("spool busy (packets being sealed): its temporary folders are looked at next time")
                return report
            with self.session() as s:
                known = set(s.exec(select(OutPacket.packet_id)).all())
            for entry in sorted(self.spool_dir.iterdir()):
                if entry.name.startswith(TMP_PREFIX):
                    shutil.rmtree(entry, ignore_errors=True)
                    report["removed_tmp"] += 1
                elif entry.is_dir() and entry.name not in known:
                    report["adopted"] += self._adopt(entry)
        return report

    def _adopt(self, path: Path) -> int:
        try:
            manifest, data, sig = read_packet(path)
        except (OSError, ValueError) as exc:
            log.error("spool dir %s has no readable manifest (%s); left for the operator", path, exc)
            return 0
        try:
            self.add(SealedPacket(manifest["packet_id"], path, manifest, data, sig))
        except IntegrityError:  # recorded meanwhile (by a process that does not take the lock)
            return 0
        return 1

    # --- the sender's side -----------------------------------------------------------------------
    def claim(self, limit: int, exclude: set[str]) -> list[OutPacket]:
        """Up to ``limit`` sealed packets, highest priority then oldest first, now ``sending``.
        Each row changes only if it is still sealed, so an operator's park between the read and
        the write wins."""
        with self.session() as s:
            query = (select(OutPacket).where(OutPacket.state == "sealed")
                     .order_by(OutPacket.priority.desc(), OutPacket.kiosk_seq).limit(limit + len(exclude)))
            rows = [r for r in s.exec(query).all() if r.packet_id not in exclude][:limit]
            claimed = [r.packet_id for r in rows if s.exec(
                update(OutPacket).where(OutPacket.packet_id == r.packet_id, OutPacket.state == "sealed")
                .values(state="sending", attempts=OutPacket.attempts + 1)
                .execution_options(synchronize_session=False)).rowcount == 1]
            if not claimed:
                return []
            s.commit()
            fresh = {r.packet_id: r for r in s.exec(select(OutPacket).where(OutPacket.packet_id.in_(claimed))
                                                    .execution_options(populate_existing=True)).all()}
            return [fresh[pid] for pid in claimed]

    def states(self, packet_ids: list[str]) -> dict[str, str]:
        """The current state of each of these packets, in one query (the sender polls this to
        notice operator actions taken in another process)."""
        if not packet_ids:
            return {}
        with self.session() as s:
            return dict(s.exec(select(OutPacket.packet_id, OutPacket.state)
                               .where(OutPacket.packet_id.in_(packet_ids))).all())

    def files(self, packet_id: str) -> list[OutFile]:
        with self.session() as s:
            return list(s.exec(select(OutFile).where(OutFile.packet_id == packet_id).order_by(OutFile.idx)).all())

    def save_bitmaps(self, bitmaps: dict[str, dict[int, bytes]]) -> None:
        """Persist court-confirmed chunks of several packets in one commit."""
        if not bitmaps:
            return
        with self.session() as s:
            for packet_id, per_file in bitmaps.items():
                for idx, bits in per_file.items():
                    s.exec(update(OutFile).where(OutFile.packet_id == packet_id, OutFile.idx == idx)
                           .values(have=bytes(bits)))
            s.commit()

    def set_state(self, packet_id: str, state: str, *, only_from: tuple[str, ...] | None = None,
                  **values) -> bool:
        with self.session() as s:
            stmt = update(OutPacket).where(OutPacket.packet_id == packet_id)
            if only_from:
                stmt = stmt.where(OutPacket.state.in_(only_from))
            result = s.exec(stmt.values(state=state, **values))
            s.commit()
            return result.rowcount == 1

    def note_error(self, packet_id: str, text: str) -> bool:
        """Say why an undelivered packet is not moving (shown by `kiosk queue show`); the state stays."""
        with self.session() as s:
            result = s.exec(update(OutPacket).where(OutPacket.packet_id == packet_id,
                                                    OutPacket.state.in_(OPEN_STATES)).values(last_error=text))
            s.commit()
            return result.rowcount == 1

    def mark_delivered(self, packet_id: str, envelope: dict, body: dict) -> bool:
        """Store the verified receipt: the one event that ends a packet's life on the kiosk."""
        state = "delivered" if body["status"] == "received" else "rejected"
        return self.set_state(packet_id, state, only_from=OPEN_STATES, receipt=json.dumps(envelope),
                              receipt_status=body["status"], delivered_at=time.time(),
                              last_error=body.get("reason"))

    # --- operator actions ---------------------------------------------------------------------
    def get(self, packet_id: str) -> OutPacket | None:
        with self.session() as s:
            row = s.get(OutPacket, packet_id)
            if row is None:  # allow a unique prefix, as operators type short ids
                rows = s.exec(select(OutPacket).where(OutPacket.packet_id.startswith(packet_id)).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            return row

    def list(self, state: str | None = None, limit: int = 50) -> list[OutPacket]:
        with self.session() as s:
            query = select(OutPacket).order_by(OutPacket.kiosk_seq.desc()).limit(limit)
            if state:
                query = query.where(OutPacket.state == state)
            return list(s.exec(query).all())

    def park(self, packet_id: str, reason: str) -> OutPacket:
        row = self._require(packet_id)
        if not self.set_state(row.packet_id, "parked", only_from=("sealed", "sending", "awaiting_receipt"),
                              parked_reason=reason):
            raise QueueError(f"packet {row.packet_id} is {row.state}; only undelivered packets can be parked")
        return self._require(row.packet_id)

    def retry(self, packet_id: str) -> OutPacket:
        row = self._require(packet_id)
        if not self.set_state(row.packet_id, "sealed", only_from=("parked", "rejected", "sending",
                                                                  "awaiting_receipt"),
                              parked_reason=None, receipt=None, receipt_status=None, last_error=None):
            raise QueueError(f"packet {row.packet_id} is {row.state}; nothing to retry")
        return self._require(row.packet_id)

    def _require(self, packet_id: str) -> OutPacket:
        row = self.get(packet_id)
        if row is None:
            raise QueueError(f"no packet {packet_id!r} in the queue")
        return row

    # --- status and retention -----------------------------------------------------------------
    def status(self) -> QueueStatus:
        with self.session() as s:
            counts = dict(s.exec(select(OutPacket.state, func.count()).group_by(OutPacket.state)).all())
            oldest = s.exec(select(func.min(OutPacket.sealed_at)).where(OutPacket.state.in_(OPEN_STATES))).one()
            pending = s.exec(select(func.coalesce(func.sum(OutPacket.total_bytes), 0))
                             .where(OutPacket.state.in_(OPEN_STATES))).one()
            depth = sum(n for state, n in counts.items() if state in OPEN_STATES)
            docs = s.exec(select(func.count()).select_from(InDocument).where(InDocument.state == "verified")).one()
            parked = s.exec(select(OutPacket.packet_id, OutPacket.parked_reason, OutPacket.sealed_at)
                            .where(OutPacket.state == "parked").order_by(OutPacket.kiosk_seq).limit(100)).all()
            now = time.time()
            breaching = s.exec(select(func.count()).select_from(OutPacket).where(
                OutPacket.state.in_(OPEN_STATES), OutPacket.sealed_at < now - PUSH_LIMIT_S)).one()
            late = s.exec(select(func.count()).select_from(OutPacket).where(
                OutPacket.delivered_at >= now - 86400,
                OutPacket.delivered_at - OutPacket.sealed_at > PUSH_LIMIT_S)).one()
        free = free_mb(self.spool_dir)
        return QueueStatus(counts=counts, depth=depth, oldest_undelivered_at=oldest, pending_bytes=int(pending),
                           free_mb=round(free, 1), high_water=free < self.high_water_mb,
                           hard_limit=free < self.hard_limit_mb, documents=int(docs),
                           parked=tuple({"packet_id": pid, "reason": reason or "", "sealed_at": sealed}
                                        for pid, reason, sealed in parked),
                           breaching=int(breaching), late_24h=int(late))

    def purge_delivered(self, keep_hours: float, now: float | None = None) -> int:
        """Delete scans and personal data of packets whose receipt is stored (manifest and
        signature stay, for the audit trail). Returns how many packets were purged."""
        cutoff = (now or time.time()) - keep_hours * 3600
        with self.session() as s:
            rows = s.exec(select(OutPacket).where(OutPacket.state == "delivered", OutPacket.purged == False,  # noqa: E712
                                                  OutPacket.delivered_at <= cutoff)).all()
            for row in rows:
                root = Path(row.spool_path)
                for path in sorted(root.rglob("*"), reverse=True) if root.is_dir() else []:
                    if path.is_file() and path.relative_to(root).as_posix() not in RESERVED:
                        path.unlink()
                    elif path.is_dir() and not any(path.iterdir()):
                        path.rmdir()
                row.purged = True
                s.add(row)
            if rows:
                s.commit()
            return len(rows)
