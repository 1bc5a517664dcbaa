"""The spool shared by two processes (issue 10): the app sealing while `kiosk sender run` starts
and recovers, and sealed packets whose spool files were damaged afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.crypto import load_public_key
from offline_queue.outbox import Outbox
from offline_queue.packet import TMP_PREFIX
from offline_queue.service import open_outbox
from offline_queue.verify import verify_dir

ROOT = Path(__file__).resolve().parents[2]


def race(ks, role: str, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.transport.spool_race", role,
                             str(ks.storage.data_dir), str(seconds)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def events(proc: subprocess.Popen) -> list[dict]:
    out, _ = proc.communicate(timeout=120)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines and "rounds" in lines[-1], out[-3000:]
    return lines


@pytest.mark.integration
@pytest.mark.parametrize("seconds", [4.0, pytest.param(30.0, marks=pytest.mark.slow)])
def test_sealing_and_recovery_in_two_processes_at_once(pair, seconds):
    ks, _cs = pair()
    open_outbox(ks)  # tables exist before both start
    sealer, recoverer = race(ks, "seal", seconds), race(ks, "recover", seconds)
    sealed, recovered = events(sealer), events(recoverer)
    errors = [e["error"] for e in sealed + recovered if "error" in e]
    assert errors == [], errors[0]
    ids = [e["sealed"] for e in sealed if "sealed" in e]
    assert len(ids) >= 5 and recovered[-1]["rounds"] >= 20, (len(ids), recovered[-1])
    outbox = Outbox.from_settings(ks)
    report = outbox.recover()
    assert report["adopted"] == 0 and report["removed_tmp"] == 0, report  # nothing half-done was left
    kiosk_pub = load_public_key(ks.kiosk_key_file)
    rows = {r.packet_id: r for r in outbox.list(limit=10_000)}
    assert sorted(rows) == sorted(ids)
    for pid in ids:
        assert verify_dir(ks.spool_dir / pid, kiosk_pub) == [], pid
    assert not [p for p in ks.spool_dir.iterdir() if p.name.startswith(TMP_PREFIX)]
