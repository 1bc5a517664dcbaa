"""Chunks that arrive before any verified manifest of their packet ("orphans"). Several gateway
members may legitimately store a few (a chunk can reach one member before the manifest commits on
another), but nothing authenticates them: so only for kiosks the court trusts, at most so many per
packet and per kiosk, and deleted once older than ``max_age_s`` without a manifest."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import delete, exists, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from court.store import InChunk, InPacket, OrphanChunks, packets_in, store_session

log = logging.getLogger("court.orphans")


@dataclass
class OrphanLimits:
    per_packet_chunks: int = 256  # four windows of the default 64
    per_kiosk_packets: int = 8  # a kiosk sends at most 4 packets at once
    per_kiosk_chunks: int = 1024
    per_kiosk_bytes: int = 256 * 1024 * 1024
    max_age_s: float = 3600.0  # the kiosk resends whatever the court did not keep


class Orphans:
    """The ledger of orphan chunks, read and written inside the receiver's batch transaction."""

    def __init__(self, limits: OrphanLimits | None = None):
        self.limits = limits or OrphanLimits()
        self._kiosks: dict[str, dict[str, list[int]]] = {}  # this batch's view: kiosk → packet → [chunks, bytes]
        self._pending: dict[tuple[str, str], list[int]] = {}

    def begin_batch(self) -> None:
        self._kiosks, self._pending = {}, {}

    def admit(self, s: Session, kid: str, pid: str, nbytes: int) -> str | None:
        """None if one more chunk of ``pid`` may be stored (and counts it), else why not."""
        packets = self._kiosks.get(kid)
        if packets is None:
            rows = s.connection().execute(select(OrphanChunks.packet_id, OrphanChunks.chunks, OrphanChunks.bytes)
                                          .where(OrphanChunks.kiosk_id == kid))
            packets = self._kiosks[kid] = {p: [c, b] for p, c, b in rows}
        lim = self.limits
        mine = packets.get(pid, [0, 0])
        if pid not in packets and len(packets) >= lim.per_kiosk_packets:
            return f"{len(packets)} packets of this kiosk already wait for their manifest"
        if mine[0] >= lim.per_packet_chunks:
            return f"{mine[0]} chunks of this packet already wait for its manifest"
        if sum(c for c, _b in packets.values()) >= lim.per_kiosk_chunks or \
                sum(b for _c, b in packets.values()) + nbytes > lim.per_kiosk_bytes:
            return "this kiosk's allowance for chunks without a manifest is used up"
        packets[pid] = [mine[0] + 1, mine[1] + nbytes]
        pending = self._pending.setdefault((kid, pid), [0, 0])
        pending[0] += 1
        pending[1] += nbytes
        return None

    def flush(self, s: Session, manifests: set[tuple[str, str]], now: float | None = None) -> None:
        """Record this batch's orphans; packets whose manifest this batch stored are orphans no more."""
        now = time.time() if now is None else now
        rows = [dict(kiosk_id=k, packet_id=p, first_seen_at=now, chunks=c, bytes=b)
                for (k, p), (c, b) in self._pending.items() if (k, p) not in manifests]
        self._pending = {}
        if rows:
            module = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
            stmt = module.insert(OrphanChunks.__table__)
            stmt = stmt.on_conflict_do_update(index_elements=["kiosk_id", "packet_id"], set_={
                "chunks": OrphanChunks.__table__.c.chunks + stmt.excluded.chunks,
                "bytes": OrphanChunks.__table__.c.bytes + stmt.excluded.bytes})
            s.connection().execute(stmt, rows)
        if manifests:
            s.connection().execute(delete(OrphanChunks).where(
                tuple_(OrphanChunks.kiosk_id, OrphanChunks.packet_id).in_(sorted(manifests))))

    def expired(self, s: Session, now: float) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(orphans to delete, ledger rows to forget). To delete: orphans older than the limit, and
        chunk rows that belong to no packet and no orphan (left by an older version). To forget:
        ledger rows of packets whose manifest arrived on another member meanwhile (chunks wanted)."""
        old = s.connection().execute(select(OrphanChunks.kiosk_id, OrphanChunks.packet_id).where(
            OrphanChunks.first_seen_at < now - self.limits.max_age_s)).all()
        stray = s.connection().execute(select(InChunk.kiosk_id, InChunk.packet_id).distinct().where(
            ~exists().where(InPacket.kiosk_id == InChunk.kiosk_id, InPacket.packet_id == InChunk.packet_id),
            ~exists().where(OrphanChunks.kiosk_id == InChunk.kiosk_id,
                            OrphanChunks.packet_id == InChunk.packet_id))).all()
        keys = {(k, p) for k, p in old} | {(k, p) for k, p in stray}
        known = set()
        if keys:
            known = {(k, p) for k, p in s.connection().execute(
                select(InPacket.kiosk_id, InPacket.packet_id).where(packets_in(keys))).all()}
        return sorted(keys - known), sorted(known)

    def expire(self, engine, chunks, write_lock, now: float | None = None) -> int:
        """Delete what ``expired`` names (chunk rows, chunk files, ledger rows); how many packets' went."""
        now = time.time() if now is None else now
        with store_session(engine) as s:
            doomed, settled = self.expired(s, now)
            if not doomed and not settled:
                return 0
            with write_lock:
                for kid, pid in doomed:
                    chunks.drop(s, kid, pid)
                for kid, pid in doomed + settled:
                    self.forget(s, kid, pid)
                s.commit()
        for kid, pid in doomed:
            chunks.cleanup(kid, pid)
        if doomed:
            log.info("expired the chunks of %d packet(s) that never had a verified manifest", len(doomed))
        return len(doomed)

    @staticmethod
    def forget(s: Session, kid: str, pid: str) -> None:
        s.connection().execute(delete(OrphanChunks).where(OrphanChunks.kiosk_id == kid,
                                                          OrphanChunks.packet_id == pid))
