"""The fleet as court IT sees it: each kiosk's signed heartbeat (``up/status``, retained; its last
will says offline), ordered so that a replayed old heartbeat or a stale will changes nothing, and
kept through the will so an offline kiosk still shows when it was last seen, its faults, queue,
oldest undelivered packet and 15-minute breaches (norms §8).

Ordering: within one sender session by (kiosk time, sequence number); a new session (the sender
restarted) counts when it is not older than what is stored. A will counts only for the session it
belongs to (the broker publishes it when that session's connection dies)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from sqlmodel import select

from court.store import ConfigPush, KioskFleet, store_session


def _int(value, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def accepts(row: KioskFleet | None, status: dict) -> bool:
    """Whether a verified status moves the fleet row forward (False: a replay, logged by the caller)."""
    if row is None:
        return True
    at, seq, session = _int(status.get("at")), _int(status.get("seq")), str(status.get("session"))
    if status.get("online"):
        if session == row.session:
            return (at, seq) > (row.at, row.seq)
        return at >= row.at
    if session == row.session:  # this session's will, or its clean stop
        return row.online
    return at >= row.at  # a session the court never saw online, newer than the stored one


def record(engine, kiosk_id: str, status: dict, now: float | None = None) -> bool:
    """Store a verified status if it moves the row forward; returns whether it did."""
    now = time.time() if now is None else now
    with store_session(engine) as s:
        row = s.get(KioskFleet, kiosk_id)
        if not accepts(row, status):
            return False
        apply(s, row, kiosk_id, status, now)
        s.commit()
    return True


def apply(s, row: KioskFleet | None, kiosk_id: str, status: dict, now: float) -> None:
    """Move the fleet row to an accepted status inside the caller's transaction."""
    row = row or KioskFleet(kiosk_id=kiosk_id)
    row.session, row.at, row.seq = str(status.get("session")), _int(status.get("at")), _int(status.get("seq"))
    if status.get("online"):
        row.online, row.last_seen_at, row.offline_at = True, now, None
        row.heartbeat = json.dumps(status, ensure_ascii=False)
    else:  # keep the last heartbeat's figures: they are what the kiosk had when it went away
        if row.online or row.offline_at is None:
            row.offline_at = now
        row.online = False
        if row.heartbeat == "{}" and "queue_depth" in status:
            row.heartbeat = json.dumps(status, ensure_ascii=False)
    s.add(row)


@dataclass(frozen=True)
class FleetRow:
    kiosk_id: str
    online: bool
    last_seen_at: float
    offline_at: float | None
    queue_depth: int | None
    oldest_undelivered_at: float | None
    breaching: int
    late_24h: int
    faults: list[dict] = field(default_factory=list)
    selftest_at: int = 0
    disk_alarm: bool = False
    parked: int = 0
    config: dict | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def rows(engine, trusted: set[str] | None = None) -> list[FleetRow]:
    """Every kiosk with a heartbeat (only those in ``trusted`` when given: a ghost is no kiosk)."""
    with store_session(engine) as s:
        fleet = s.exec(select(KioskFleet).order_by(KioskFleet.kiosk_id)).all()
        pushes = {p.kiosk_id: p for p in s.exec(select(ConfigPush)).all()}
    out = []
    for r in fleet:
        if trusted is not None and r.kiosk_id not in trusted:
            continue
        try:
            hb = json.loads(r.heartbeat or "{}")
        except ValueError:
            hb = {}
        health = hb.get("health") if isinstance(hb.get("health"), dict) else {}
        faults = [f for f in health.get("faults", []) if isinstance(f, dict)]
        if hb.get("disk_alarm"):
            faults.append({"device": "disk", "detail": f"{_int(hb.get('free_mb'))} MiB free"})
        push = pushes.get(r.kiosk_id)
        config = None
        if push is not None or "config_version" in hb:
            config = {"running": hb.get("config_version"), "pushed": push.version if push else None,
                      "result": push.result if push else None,
                      "reasons": json.loads(push.reasons) if push else []}
        oldest = _int(hb.get("oldest_undelivered_at")) or None
        out.append(FleetRow(r.kiosk_id, r.online, r.last_seen_at, r.offline_at,
                            _int(hb.get("queue_depth"), -1) if "queue_depth" in hb else None, oldest,
                            _int(hb.get("breaching")), _int(hb.get("late_24h")), faults,
                            _int(health.get("at")), bool(hb.get("disk_alarm")), _int(hb.get("parked")), config))
    return out


def _ago(ts: float | None, now: float) -> str:
    if not ts:
        return "-"
    minutes = (now - ts) / 60
    return f"{minutes:.0f}m ago" if minutes < 120 else f"{minutes / 60:.0f}h ago"


def table(fleet: list[FleetRow], now: float | None = None) -> list[str]:
    """The lines of ``court-gateway kiosks``."""
    now = time.time() if now is None else now
    lines = [f"{'kiosk':20} {'state':7} {'last seen':10} {'queue':>5} {'oldest':>8} {'breach':>6} "
             f"{'late24h':>7} {'config':16} faults"]
    for r in fleet:
        oldest = f"{(now - r.oldest_undelivered_at) / 60:.0f}m" if r.oldest_undelivered_at else "-"
        faults = "; ".join(f"{f.get('device')}: {f.get('detail')}" for f in r.faults) or "none"
        cfg = "-"
        if r.config:
            cfg = f"v{r.config['running'] or '?'}" + (f" {r.config['result']} v{r.config['pushed']}"
                                                      if r.config.get("pushed") is not None else "")
        lines.append(f"{r.kiosk_id:20} {'online' if r.online else 'OFFLINE':7} {_ago(r.last_seen_at, now):10} "
                     f"{r.queue_depth if r.queue_depth is not None else '-':>5} {oldest:>8} "
                     f"{r.breaching:>6} {r.late_24h:>7} {cfg:16} {faults}")
    return lines
