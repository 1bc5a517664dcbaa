"""One member assembles a complete packet: a PostgreSQL advisory lock per packet, tried before
assembly. With a shared subscription both members store parts of every packet, and when their last
batches commit close together both see it complete; without the claim both read its chunks back,
hash and write every file, and one of them loses the final rename (the work done twice). The lock
dies with its holder, so a member killed mid-assembly leaves the packet to the next fin."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger("court.claims")


def packet_key(kid: str, pid: str) -> int:
    return int.from_bytes(hashlib.sha256(f"court-assemble:{kid}:{pid}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def assembly_claim(engine: Engine, kid: str, pid: str) -> Iterator[bool]:
    """Yields whether this member may assemble the packet now (False: another member is at it and
    sends the receipt). Stores other than PostgreSQL always yield True (one host: the rename decides)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = packet_key(kid, pid)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    finally:
        conn.close()
