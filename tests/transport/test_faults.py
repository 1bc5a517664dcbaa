"""Faults with real processes on a real Mosquitto: kill -9 the sender mid-transfer, restart the
broker, kill and restart the gateway, cut the link. Afterwards every sealed packet has exactly one
verified, byte-identical record at the court and a stored, verified receipt on the kiosk."""

from __future__ import annotations

import json
import random
import subprocess
import time

import pytest
from sqlmodel import Session, select

from court.store import InChunk, InPacket, open_store
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.receipt import verify_receipt
from offline_queue.service import court_public_key, open_outbox
from tests.fixtures.procs import ManagedProcess
from tests.transport.helpers import VENV_BIN, clean_env, court_env, kiosk_env, wait_for
from tests.transport.proxy import CuttableProxy
from tests.transport.test_link import assert_identical_at_court

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def gateway_proc(cs, root, name="gateway"):
    return ManagedProcess([str(VENV_BIN / "court-gateway"), "run"], root / f"{name}.log",
                          env={**clean_env(), **court_env(cs)}, cwd=root).start()


def sender_proc(ks, root, name="sender"):
    return ManagedProcess([str(VENV_BIN / "kiosk"), "sender", "run"], root / f"{name}.log",
                          env={**clean_env(), **kiosk_env(ks)}, cwd=root).start()


def seal_many(ks, n, size, seed=0):
    outbox = open_outbox(ks)
    return outbox, [seal_session(ks, sample_filing(material_bytes=size, seed=seed + i), outbox=outbox)
                    for i in range(n)]


def states(outbox):
    return {p.packet_id: p.state for p in outbox.list(limit=10_000)}


def assert_exactly_once(ks, cs, outbox, ids, logs=()):
    """Every packet: delivered with a verified receipt; one received, identical record at the court."""
    court_key = court_public_key(ks)
    for pid in ids:
        row = outbox.get(pid)
        assert row.state == "delivered", (pid, row.state)
        verify_receipt(json.loads(row.receipt), court_key, packet_id=pid, kiosk_id=ks.kiosk.kiosk_id,
                       packet_digest=row.digest)
    engine = open_store(cs.store_url)
    with Session(engine) as s:
        rows = s.exec(select(InPacket)).all()
        assert s.exec(select(InChunk)).all() == []
    assert not any((cs.data_dir / "chunks").rglob("*.*"))
    assert sorted(r.packet_id for r in rows) == sorted(ids)
    assert_identical_at_court(ks, engine, ids)
    for path in logs:
        assert "Traceback" not in path.read_text(errors="replace"), path.read_text()[-3000:]


def kill_sender_repeatedly(ks, cs, tmp_path, n_packets, seed):
    ks.broker.chunk_size, ks.broker.window = 1024, 8
    outbox, ids = seal_many(ks, n_packets, 6000, seed)
    gateway = gateway_proc(cs, tmp_path)
    assert wait_for(lambda: "subscribed to" in gateway.log(), 15)
    rng = random.Random(seed)
    kills = mid_transfer = 0
    try:
        deadline = time.monotonic() + 240
        while any(s != "delivered" for s in states(outbox).values()) and time.monotonic() < deadline:
            sender = sender_proc(ks, tmp_path, "sender")
            wait_for(lambda: "connected to" in sender.log().split("KILLED")[-1], 10, 0.02)
            time.sleep(rng.uniform(0.0, 0.5))
            sender.kill()
            with open(tmp_path / "sender.log", "a") as log:
                log.write("\nKILLED\n")
            kills += 1
            mid_transfer += any(s in ("sending", "awaiting_receipt") for s in states(outbox).values())
        final = sender_proc(ks, tmp_path, "sender-final")
        assert wait_for(lambda: set(states(outbox).values()) == {"delivered"}, 60), states(outbox)
        final.stop()
    finally:
        gateway.stop()
    assert kills >= 5 and mid_transfer >= kills // 2, (kills, mid_transfer)
    assert_exactly_once(ks, cs, outbox, ids, [tmp_path / "gateway.log", tmp_path / "sender.log"])


def test_kill_sender_at_random_points_during_50_transfers(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    kill_sender_repeatedly(ks, cs, tmp_path, 50, seed=5)


@pytest.mark.slow
def test_kill_sender_at_random_points_during_300_transfers(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    kill_sender_repeatedly(ks, cs, tmp_path, 300, seed=11)


def _run_with(ks, cs, tmp_path, n, size, disrupt, proxy=None):
    ks.broker.chunk_size = 16 * 1024
    outbox, ids = seal_many(ks, n, size)
    if proxy is not None:
        ks.broker.port = proxy.port
    procs = {"gateway": gateway_proc(cs, tmp_path)}
    try:
        assert wait_for(lambda: "subscribed to" in procs["gateway"].log(), 15)
        procs["sender"] = sender_proc(ks, tmp_path)
        delivered = lambda: sum(s == "delivered" for s in states(outbox).values())
        assert wait_for(lambda: delivered() >= 1, 30)
        assert delivered() < n, "too fast to disrupt mid-transfer: make the packets bigger"
        disrupt(procs)
        assert wait_for(lambda: delivered() == n, 90), states(outbox)
    finally:
        for proc in procs.values():
            proc.stop()
    assert_exactly_once(ks, cs, outbox, ids, [tmp_path / "gateway.log", tmp_path / "sender.log"])


def test_broker_restart_mid_transfer(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    _run_with(ks, cs, tmp_path, 12, 600_000, lambda procs: mosquitto.restart())


@pytest.mark.parametrize("store, how", [("db", "kill -9"), ("files", "stop")])
def test_gateway_stopped_and_restarted_mid_transfer(mosquitto, pair, tmp_path, store, how):
    ks, cs = pair(mosquitto.port, chunk_store=store)

    def disrupt(procs):
        procs["gateway"].kill() if how == "kill -9" else procs["gateway"].stop()
        time.sleep(1.0)
        procs["gateway"] = gateway_proc(cs, tmp_path, "gateway")

    _run_with(ks, cs, tmp_path, 12, 600_000, disrupt)


def test_link_cut_mid_transfer(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    proxy = CuttableProxy(mosquitto.port)

    def disrupt(_procs):
        proxy.cut()
        time.sleep(2.0)
        proxy.restore()

    try:
        _run_with(ks, cs, tmp_path, 12, 600_000, disrupt, proxy)
    finally:
        proxy.close()


def test_last_will_marks_a_killed_kiosk_offline(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    gateway = gateway_proc(cs, tmp_path)
    sender = None
    try:
        assert wait_for(lambda: "subscribed to" in gateway.log(), 15)
        seal_many(ks, 2, 1000)
        sender = sender_proc(ks, tmp_path)
        fleet = lambda: subprocess.run([str(VENV_BIN / "court-gateway"), "kiosks"], capture_output=True, text=True,
                                       env={**clean_env(), **court_env(cs)}, timeout=30).stdout
        row = lambda: next((line for line in fleet().splitlines() if line.startswith(ks.kiosk.kiosk_id)), "")
        assert wait_for(lambda: " online " in row() and " 0 " in row(), 20), fleet()
        sender.kill()
        assert wait_for(lambda: " OFFLINE " in row(), 20), fleet()
    finally:
        gateway.stop()
        if sender:
            sender.stop()


def test_drain_completes_after_the_gateway_stalls(mosquitto, pair, tmp_path):
    """The gateway frozen (SIGSTOP) for 6 s mid-transfer, within its keepalive: the kiosk's fins go
    unanswered and back off; once the court answers again every packet is delivered, promptly."""
    import os
    import signal

    resumed = []

    def disrupt(procs):
        pid = procs["gateway"].proc.pid
        os.kill(pid, signal.SIGSTOP)
        try:
            time.sleep(6.0)
        finally:
            os.kill(pid, signal.SIGCONT)
        resumed.append(time.monotonic())

    ks, cs = pair(mosquitto.port)
    _run_with(ks, cs, tmp_path, 12, 600_000, disrupt)
    assert time.monotonic() - resumed[0] < 30  # well before a backed-off fin (up to 30 s) would come
