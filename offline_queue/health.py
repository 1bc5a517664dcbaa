"""The kiosk's device health as the fleet sees it: the last self-test (``kiosk selftest``, run by
its systemd timer every 5 minutes, or the admin screen) written to ``data_dir/health.json``, and
read by the sender for its heartbeat. A file, not a call, because the self-test and the sender are
separate processes and the heartbeat must go out even while a device hangs.

Also the regulation's clock on the kiosk side: norms §8 — the jurisdiction court receives the
packet within 15 minutes (``PUSH_LIMIT_S``); a packet still undelivered past that is a breach.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from offline_queue.fsutil import atomic_write

HEALTH_FILE = "health.json"
PUSH_LIMIT_S = 15 * 60  # norms §8: 管辖法院无特殊情况15分钟之内接收
STALE_AFTER_S = 15 * 60  # three missed runs of the 5-minute timer: the self-test itself is a fault


def health_path(data_dir: Path) -> Path:
    return Path(data_dir) / HEALTH_FILE


def write_health(data_dir: Path, rows: list[dict], now: float | None = None) -> Path:
    """Record one self-test run: ``rows`` are ``{"name", "ok", "detail"}`` per device."""
    path = health_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"at": int(now if now is not None else time.time()),
            "devices": [{"name": str(r["name"]), "ok": bool(r["ok"]), "detail": str(r.get("detail", ""))[:200]}
                        for r in rows]}
    atomic_write(path, json.dumps(body, ensure_ascii=False).encode())
    return path


def heartbeat_health(data_dir: Path, now: float | None = None) -> dict:
    """What the heartbeat carries: when the self-test last ran, how many devices it checked, and
    every fault (a failed device, or the self-test missing or stale)."""
    now = time.time() if now is None else now
    try:
        body = json.loads(health_path(data_dir).read_text(encoding="utf-8"))
        at, devices = int(body["at"]), list(body["devices"])
    except FileNotFoundError:
        return {"at": 0, "checked": 0, "faults": [{"device": "selftest", "detail": "no self-test has run"}]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"at": 0, "checked": 0,
                "faults": [{"device": "selftest", "detail": f"health.json unreadable ({exc.__class__.__name__})"}]}
    faults = [{"device": str(d.get("name")), "detail": str(d.get("detail", ""))[:200]}
              for d in devices if isinstance(d, dict) and not d.get("ok")]
    if now - at > STALE_AFTER_S:
        faults.append({"device": "selftest", "detail": f"last self-test {int((now - at) // 60)} min ago"})
    return {"at": at, "checked": len(devices), "faults": faults}


def health_mtime(data_dir: Path) -> float:
    try:
        return health_path(data_dir).stat().st_mtime
    except OSError:
        return 0.0
