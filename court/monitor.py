"""What the court's IT staff watch between "sealed" and "received": packets still arriving, how far
along each is, and whether its 15-minute clock (sealed → received) is running out."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlmodel import select

from court.store import InPacket, store_session, stored_chunks
from offline_queue import manifest as mf


@dataclass(frozen=True)
class Incoming:
    kiosk_id: str
    packet_id: str
    service: str
    sealed_at: float
    first_seen_at: float
    chunks_stored: int
    chunks_total: int
    age_s: float  # since sealing: the regulation's clock
    over_limit: bool

    @property
    def percent(self) -> int:
        return 100 * self.chunks_stored // self.chunks_total if self.chunks_total else 100


def incoming(engine, clock_limit_s: float, now: float | None = None) -> list[Incoming]:
    """Packets whose manifest arrived but which are not recorded yet, oldest sealing first."""
    now = time.time() if now is None else now
    with store_session(engine) as s:
        rows = s.exec(select(InPacket.kiosk_id, InPacket.packet_id, InPacket.service, InPacket.sealed_at,
                             InPacket.first_seen_at, InPacket.manifest, stored_chunks())
                      .where(InPacket.state == "receiving").order_by(InPacket.sealed_at)).all()
    out = []
    for kid, pid, service, sealed_at, first_seen, manifest, count in rows:
        try:
            total = sum(f["chunk_count"] for f in mf.decode(manifest)["files"])
        except (ValueError, KeyError, TypeError):  # stored only after its signature checked: not expected
            total = 0
        age = now - sealed_at
        out.append(Incoming(kid, pid, service, sealed_at, first_seen, count, total, age, age > clock_limit_s))
    return out
