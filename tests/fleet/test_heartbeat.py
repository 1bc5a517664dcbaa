"""The fleet heartbeat for real: a `kiosk sender run` process on a real Mosquitto with a real
`court-gateway run`; its self-test result, queue, oldest packet and 15-minute breaches reach
`court-gateway kiosks`; killed with SIGKILL, its last will marks it offline there, with the last
figures kept. Plus the pure rules: heartbeat health and the ordering of statuses."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
from sqlalchemy import update

from court.fleet import accepts, table
from court.store import KioskFleet
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.health import heartbeat_health, write_health
from offline_queue.models import OutPacket
from offline_queue.service import open_outbox
from tests.transport.helpers import VENV_BIN, clean_env, court_env, wait_for
from tests.transport.test_faults import gateway_proc, sender_proc

pytestmark = [pytest.mark.integration]


def fleet_json(cs) -> dict:
    out = subprocess.run([str(VENV_BIN / "court-gateway"), "kiosks", "--json"], capture_output=True, text=True,
                         env={**clean_env(), **court_env(cs)}, timeout=60)
    assert out.returncode == 0, out.stderr
    return {row["kiosk_id"]: row for row in map(json.loads, out.stdout.splitlines())}


def test_heartbeat_carries_health_queue_and_breaches_and_the_will_says_offline(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    write_health(ks.storage.data_dir, [{"name": "idcard", "ok": True, "detail": "SAM 05"},
                                       {"name": "printer", "ok": False, "detail": "media-empty"}])
    outbox = open_outbox(ks)
    late = seal_session(ks, sample_filing(material_bytes=2000, seed=1), outbox=outbox)
    stuck = seal_session(ks, sample_filing(material_bytes=2000, seed=2), outbox=outbox)
    twenty_min_ago = time.time() - 20 * 60
    with outbox.session() as s:  # both sealed 20 minutes ago: one still goes (late), one waits parked
        s.exec(update(OutPacket).values(sealed_at=twenty_min_ago))
        s.commit()
    outbox.park(stuck, "operator holds it")
    gateway = gateway_proc(cs, tmp_path)
    sender = None
    try:
        assert wait_for(lambda: "subscribed to" in gateway.log(), 20), gateway.log()
        sender = sender_proc(ks, tmp_path)
        assert wait_for(lambda: outbox.get(late).state == "delivered", 30), sender.log()
        row = lambda: fleet_json(cs).get(kid, {})
        assert wait_for(lambda: row().get("online") and row().get("late_24h") == 1, 30), row()
        r = row()
        assert r["queue_depth"] == 1 and r["parked"] == 1 and r["breaching"] == 1, r
        assert abs(r["oldest_undelivered_at"] - twenty_min_ago) < 2, r
        assert r["faults"] == [{"device": "printer", "detail": "media-empty"}], r
        seen = r["last_seen_at"]
        # A new self-test result goes out with the next heartbeat, not 30 s later.
        write_health(ks.storage.data_dir, [{"name": "printer", "ok": True, "detail": "idle"}])
        assert wait_for(lambda: row().get("faults") == [], 15), row()
        text = subprocess.run([str(VENV_BIN / "court-gateway"), "kiosks"], capture_output=True, text=True,
                              env={**clean_env(), **court_env(cs)}, timeout=60).stdout
        assert any(line.startswith(kid) and " online " in line and "none" in line for line in text.splitlines()), text
        sender.kill()  # SIGKILL: no clean stop, only the broker's last will
        assert wait_for(lambda: row().get("online") is False, 20), row()
        r = row()
        assert r["offline_at"] and r["last_seen_at"] >= seen and r["queue_depth"] == 1 and r["breaching"] == 1, r
        text = subprocess.run([str(VENV_BIN / "court-gateway"), "kiosks"], capture_output=True, text=True,
                              env={**clean_env(), **court_env(cs)}, timeout=60).stdout
        assert any(line.startswith(kid) and " OFFLINE " in line for line in text.splitlines()), text
        assert "Traceback" not in gateway.log()
    finally:
        gateway.stop()
        if sender:
            sender.stop()


def test_health_faults_missing_and_stale_selftest(tmp_path):
    assert heartbeat_health(tmp_path)["faults"] == [{"device": "selftest", "detail": "no self-test has run"}]
    write_health(tmp_path, [{"name": "scanner", "ok": False, "detail": "cover open"}], now=1000)
    h = heartbeat_health(tmp_path, now=1000 + 60)
    assert h == {"at": 1000, "checked": 1, "faults": [{"device": "scanner", "detail": "cover open"}]}
    stale = heartbeat_health(tmp_path, now=1000 + 16 * 60)["faults"]
    assert {"device": "selftest", "detail": "last self-test 16 min ago"} in stale
    (tmp_path / "health.json").write_text("{not json")
    assert heartbeat_health(tmp_path)["faults"][0]["device"] == "selftest"


def _row(**kw):
    return KioskFleet(kiosk_id="k", **{"online": True, "session": "s1", "at": 100, "seq": 5, **kw})


def test_status_ordering_replays_and_wills():
    assert accepts(None, {"online": True, "at": 1, "seq": 1, "session": "x"})
    assert accepts(_row(), {"online": True, "at": 100, "seq": 6, "session": "s1"})
    assert not accepts(_row(), {"online": True, "at": 100, "seq": 5, "session": "s1"})  # the same one again
    assert not accepts(_row(), {"online": True, "at": 99, "seq": 9, "session": "s1"})
    assert not accepts(_row(), {"online": True, "at": 50, "seq": 9, "session": "old"})  # an older session
    assert accepts(_row(), {"online": True, "at": 101, "seq": 1, "session": "s2"})  # a restart
    assert accepts(_row(), {"online": False, "at": 10, "seq": 0, "session": "s1"})  # its will (dated at start)
    assert not accepts(_row(online=False), {"online": False, "at": 10, "seq": 0, "session": "s1"})
    assert not accepts(_row(), {"online": False, "at": 10, "seq": 0, "session": "s0"})  # an older session's will


def test_table_shows_state_breaches_and_faults():
    from court.fleet import FleetRow

    now = 10_000.0
    lines = table([FleetRow("kiosk-a", False, now - 600, now - 300, 3, now - 1200, 2, 1,
                            [{"device": "printer", "detail": "media-empty"}])], now=now)
    assert lines[1].split()[:6] == ["kiosk-a", "OFFLINE", "10m", "ago", "3", "20m"]
    assert "printer: media-empty" in lines[1]
