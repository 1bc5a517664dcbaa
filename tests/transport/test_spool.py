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
    assert len(ids) >= 3 and recovered[-1]["rounds"] >= 10, (len(ids), recovered[-1])  # both really ran
    outbox = Outbox.from_settings(ks)
    report = outbox.recover()
    assert report["adopted"] == 0 and report["removed_tmp"] == 0, report  # nothing half-done was left
    kiosk_pub = load_public_key(ks.kiosk_key_file)
    rows = {r.packet_id: r for r in outbox.list(limit=10_000)}
    assert sorted(rows) == sorted(ids)
    for pid in ids:
        assert verify_dir(ks.spool_dir / pid, kiosk_pub) == [], pid
    assert not [p for p in ks.spool_dir.iterdir() if p.name.startswith(TMP_PREFIX)]


@pytest.mark.integration
@pytest.mark.faults
def test_damaged_packets_are_parked_and_the_ones_behind_them_go(mosquitto, pair, tmp_path):
    """Real `kiosk sender run` and `court-gateway run` on a real Mosquitto: of five sealed packets
    the first lost a file and the second had a file changed in the spool; they are parked with
    their reasons (in the outbox status the admin screen shows), the three behind them are
    delivered, and the sender keeps running (no crash loop)."""
    from offline_queue.service import queue_status
    from tests.transport.test_faults import assert_exactly_once, gateway_proc, seal_many, sender_proc
    from tests.transport.helpers import wait_for

    ks, cs = pair(mosquitto.port)
    outbox, ids = seal_many(ks, 5, 9000)
    missing, changed, healthy = ids[0], ids[1], ids[2:]
    (ks.spool_dir / missing / "materials" / "01.pdf.enc").unlink()
    target = ks.spool_dir / changed / "materials" / "02.pdf.enc"
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))
    gateway = gateway_proc(cs, tmp_path)
    sender = sender_proc(ks, tmp_path)
    try:
        assert wait_for(lambda: all(outbox.get(p).state == "delivered" for p in healthy), 40), \
            sender.log()[-3000:]
        assert wait_for(lambda: {outbox.get(p).state for p in (missing, changed)} == {"parked"}, 10)
        assert sender.running, sender.log()[-3000:]
    finally:
        sender.stop()
        gateway.stop()
    assert "materials/01.pdf.enc: missing" in outbox.get(missing).parked_reason
    assert "materials/02.pdf.enc: SHA-256 does not match" in outbox.get(changed).parked_reason
    parked = {p["packet_id"]: p["reason"] for p in queue_status(ks, outbox)["parked"]}
    assert parked == {missing: outbox.get(missing).parked_reason, changed: outbox.get(changed).parked_reason}
    assert_exactly_once(ks, cs, outbox, healthy, logs=[tmp_path / "sender.log", tmp_path / "gateway.log"])


@pytest.mark.unit
def test_a_spool_file_lost_during_the_transfer_is_a_clear_error(pair):
    from offline_queue.transfer import SpoolDamaged, Transfer

    ks, _cs = pair()
    outbox = open_outbox(ks)
    pid = seal_session(ks, sample_filing(material_bytes=9000), outbox=outbox)
    t = Transfer.load(outbox.get(pid), outbox.files(pid))
    (ks.spool_dir / pid / "materials" / "01.pdf.enc").unlink()
    with pytest.raises(SpoolDamaged, match="01.pdf"):
        t.read_chunk(1, 0)
    with pytest.raises(SpoolDamaged, match="materials/01.pdf.enc: missing"):
        Transfer.load(outbox.get(pid), outbox.files(pid))


@pytest.mark.integration
@pytest.mark.faults
def test_a_second_sender_waits_and_takes_over_when_the_first_dies(mosquitto, pair, tmp_path):
    """The app's sender thread and `kiosk sender run` on one outbox: the second waits instead of
    fighting over the MQTT client id (and requeueing the first's packets); after kill -9 of the
    first it takes over, and every packet arrives exactly once."""
    from tests.transport.helpers import wait_for
    from tests.transport.test_faults import assert_exactly_once, gateway_proc, seal_many, sender_proc

    ks, cs = pair(mosquitto.port, chunk_size=1024, window=8)
    outbox, ids = seal_many(ks, 6, 30_000)
    gateway = gateway_proc(cs, tmp_path)
    first = sender_proc(ks, tmp_path, "first")
    try:
        assert wait_for(lambda: "connected to" in first.log(), 15), first.log()
        second = sender_proc(ks, tmp_path, "second")
        try:
            assert wait_for(lambda: "another sender (pid" in second.log(), 15), second.log()
            assert wait_for(lambda: any(outbox.get(p).state == "delivered" for p in ids), 30)
            first.kill()
            assert "disconnected from the broker" not in first.log()  # nobody took its session
            assert wait_for(lambda: all(outbox.get(p).state == "delivered" for p in ids), 60), second.log()[-3000:]
        finally:
            second.stop()
    finally:
        first.stop()
        gateway.stop()
    assert_exactly_once(ks, cs, outbox, ids, logs=[tmp_path / "second.log", tmp_path / "gateway.log"])
