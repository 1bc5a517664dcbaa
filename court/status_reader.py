"""The kiosks' retained statuses and config reports, read by one gateway member at a time.

MQTT v5 sends no retained messages to a shared subscription, so ``up/status`` and ``up/cfg`` are
plain subscriptions: with two members in a group each would verify and write every status. One
member is elected instead, by a lock that the holder's death releases (a PostgreSQL session
advisory lock, or ``flock`` on a file beside a SQLite store): the holder subscribes; the others
try the lock every second and, once one holds it, subscribes and gets every kiosk's retained
status from the broker, so nothing published while no one read is lost.

A kiosk repeats its status every 30 s, mostly unchanged: a verified status newer than the last one
seen and equal to the one last written except for its time and sequence is not written again
(within ``REFRESH_S``, so "last seen" stays that fresh). Skipping is safe for ordering: every
status newer than the stored one and not written equals the stored one, so replaying it changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from court import fleet
from court.store import KioskFleet, KioskStatus, store_session
from offline_queue import topics
from offline_queue.ack import AckError, open_status
from offline_queue.canonical import canonical
from offline_queue.throttle import Throttle

log = logging.getLogger("court.status")
REFRESH_S = 120.0  # an unchanged status is written again after this long
_VOLATILE = ("at", "seq", "sig")


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class AlwaysLeader:
    """A member alone (no shared group): it reads the statuses."""

    def try_acquire(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        pass


class PgLeaderLock:
    """``pg_try_advisory_lock`` on a connection of its own, kept open while held: PostgreSQL
    releases it when that connection ends, which a killed process's does at once."""

    def __init__(self, engine: Engine, group: str):
        self.engine = engine
        self.key = int.from_bytes(hashlib.sha256(f"court-status:{group}".encode()).digest()[:8], "big", signed=True)
        self.conn = None

    def try_acquire(self) -> bool:
        try:
            if self.conn is None:
                self.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = bool(self.conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        except Exception as exc:  # the store is away: not the reader, try again later
            log.warning("status reader election: store unreachable (%s)", exc.__class__.__name__)
            self.release()
            return False
        return got

    def still_held(self) -> bool:
        """The lock lives as long as its connection: a query that fails means it is gone."""
        try:
            self.conn.execute(text("SELECT 1"))
            return True
        except Exception as exc:
            log.warning("status reader lock: its store connection failed (%s: %s)", exc.__class__.__name__,
                        str(exc).splitlines()[0] if str(exc) else "")
            self.release()
            return False

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.invalidate()  # never back to the pool holding the lock
                self.conn.close()
            except Exception:
                pass
            self.conn = None


class FileLeaderLock:
    """``flock`` on a file beside the SQLite store (members on one host share that file)."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def try_acquire(self) -> bool:
        import fcntl

        if self.handle is None:
            self.handle = open(self.path, "a+b")
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def still_held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file drops the lock
            self.handle = None


def leader_lock(engine: Engine, group: str):
    """The election for ``group``'s statuses; none without a group (a lone member reads them)."""
    if not group:
        return AlwaysLeader()
    if engine.dialect.name == "postgresql":
        return PgLeaderLock(engine, group)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return FileLeaderLock(Path(f"{database}.status-reader-{group}.lock"))
    return AlwaysLeader()


class StatusReader:
    """Verifies and records statuses and config reports while this member holds the lock."""

    SUBSCRIPTIONS = topics.court_status_subscriptions()

    def __init__(self, engine: Engine, kiosk_keys, group: str, member: str, *, on_online=None,
                 on_config_report=None, retry_s: float = 1.0):
        self.engine = engine
        self.kiosk_keys = kiosk_keys
        self.member = member
        self.lock = leader_lock(engine, group)
        self.elected = isinstance(self.lock, AlwaysLeader)
        self.on_online = on_online
        self.on_config_report = on_config_report
        self.retry_s = retry_s
        self._next_try = 0.0
        self._logged = Throttle(60.0)
        self.recorded = 0  # statuses this member verified and stored
        self.unchanged = 0  # verified, newer, equal to the one written: not written again
        self._seen: dict[str, list] = {}  # kiosk -> [session, at, seq, content written, when written]

    def subscriptions(self) -> list[str]:
        """What the link subscribes at start: the status topics only when no election is needed."""
        return list(self.SUBSCRIPTIONS) if self.elected else []

    def tick(self, link, now: float | None = None) -> None:
        """Once a second from the gateway's loop: take the lock, or check it is still ours."""
        now = time.monotonic() if now is None else now
        if isinstance(self.lock, AlwaysLeader) or now < self._next_try:
            return
        self._next_try = now + self.retry_s
        if self.elected:
            if not self.lock.still_held():
                self.elected = False
                log.warning("%s lost the status reader lock (store connection gone); another member takes over",
                            self.member)
                link.unsubscribe(self.SUBSCRIPTIONS)
        elif self.lock.try_acquire():
            self.elected = True
            self._seen.clear()  # another member may have written since this one last read
            log.info("%s reads the kiosks' statuses (elected; the retained ones follow)", self.member)
            link.subscribe(self.SUBSCRIPTIONS)

    def on_connected(self, link) -> None:
        """A persistent session may still hold the status subscription of a past election."""
        if not self.elected:
            link.unsubscribe(self.SUBSCRIPTIONS)

    def close(self) -> None:
        self.lock.release()

    def handle(self, topic, message) -> None:
        if not self.elected:
            return  # queued for a past election of this session: the reader has them
        if topic.kind == "status":
            self.status(topic.kiosk_id, message.payload)
        elif self.on_config_report is not None:
            self.on_config_report(topic.kiosk_id, message.payload)

    def status(self, kiosk_id: str, payload: bytes) -> bool:
        """A kiosk's status counts only signed with that kiosk's trusted key and not older than the
        stored one (``court.fleet.accepts``); anything else, an empty retained message included
        (anyone may publish one), is logged and dropped. True when it was recorded."""
        public = self.kiosk_keys.get(kiosk_id)
        if public is None:
            if self._logged.due((kiosk_id, "status")):
                log.warning("status of %s ignored: the court has no trusted key for that kiosk", kiosk_id)
            return False
        if not payload:
            if self._logged.due((kiosk_id, "empty")):
                log.warning("empty status of %s dropped: it carries no signature (the last verified status "
                            "is kept)", kiosk_id)
            return False
        try:
            status = open_status(payload, public, kiosk_id)
        except AckError as exc:
            if self._logged.due((kiosk_id, "status", str(exc))):
                log.warning("status of %s dropped: %s", kiosk_id, exc)
            return False
        content = canonical({k: v for k, v in status.items() if k not in _VOLATILE})
        order = (status["session"], status["at"], status.get("seq") if isinstance(status.get("seq"), int) else 0)
        seen, now = self._seen.get(kiosk_id), time.monotonic()
        if seen is not None and status.get("online") and seen[0] == order[0]:
            if order[1:] <= (seen[1], seen[2]):
                log.info("status of %s dropped: older than the one stored (a replay)", kiosk_id)
                return False
            if seen[3] == content and now - seen[4] < REFRESH_S:
                seen[1], seen[2] = order[1], order[2]
                self.unchanged += 1
                self._online(kiosk_id, status)
                return True
        if not self._record(kiosk_id, status, payload):
            log.info("status of %s dropped: older than the one stored (a replay)", kiosk_id)
            return False
        self._seen[kiosk_id] = [*order, content, now]
        self.recorded += 1
        self._online(kiosk_id, status)
        return True

    def _online(self, kiosk_id: str, status: dict) -> None:
        if status.get("online") and self.on_online is not None:
            self.on_online(kiosk_id)

    def _record(self, kiosk_id: str, status: dict, payload: bytes) -> bool:
        """The fleet row and the status row in one transaction."""
        now = time.time()
        with store_session(self.engine) as s:
            row = s.get(KioskFleet, kiosk_id)
            if not fleet.accepts(row, status):
                return False
            fleet.apply(s, row, kiosk_id, status, now)
            s.merge(KioskStatus(kiosk_id=kiosk_id, online=bool(status.get("online")),
                                queue_depth=_int(status.get("queue_depth")),
                                oldest_undelivered_at=_int(status.get("oldest_undelivered_at")) or None,
                                disk_alarm=bool(status.get("disk_alarm")), updated_at=now,
                                raw=payload.decode("utf-8", "replace")))
            s.commit()
        return True

