"""Operator park/retry while the uplink sender runs (issue 5): a park stops the packet's chunks
within the sender's state poll, a retry resumes from the stored bitmap, and a verified receipt that
arrives after a park still delivers the packet (the court has it: nothing lost, nothing twice)."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from court.store import InChunk
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.bitmap import Bitmap
from offline_queue.outbox import Outbox, QueueError
from offline_queue.service import open_outbox
from tests.transport.helpers import VENV_BIN, Running, clean_env, kiosk_env, wait_for
from tests.transport.test_link import assert_identical_at_court, court_rows

def kiosk_cli(ks, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "kiosk"), *args], env={**clean_env(), **kiosk_env(ks)},
                          capture_output=True, text=True, timeout=60)


class ChunkSpy:
    """Records every chunk the sender hands to its MQTT link: (packet, file, chunk, when)."""

    def __init__(self, link):
        self.sent: list[tuple[str, int, int, float]] = []
        original = link.publish

        def publish(topic, payload, **kw):
            ok = original(topic, payload, **kw)
            parsed = topics.parse(topic)
            if ok and parsed is not None and parsed.leaf == "chunk":
                self.sent.append((parsed.item_id, parsed.file, parsed.chunk, time.monotonic()))
            return ok

        link.publish = publish

    def of(self, pid: str, after: float = 0.0) -> list[tuple[int, int]]:
        return [(f, c) for p, f, c, at in list(self.sent) if p == pid and at > after]


class CourtGate:
    """Wraps the in-process gateway's batch processing: closes itself once ``pause_after`` chunks
    have been stored (the court stops answering, as over a stalled uplink) and drops ``fin``
    messages when asked, so a receipt can only come from the court's own assembly."""

    def __init__(self, receiver, *, pause_after: int | None = None, drop_fin: bool = False):
        self.open = threading.Event()
        self.open.set()
        self.paused = threading.Event()
        self.chunks = 0
        original = receiver.process

        def process(batch):
            self.open.wait(30)
            if drop_fin:
                batch = [m for m in batch if m[0].leaf != "fin"]
            answers = original(batch)
            self.chunks += sum(1 for m in batch if m[0].leaf == "chunk")
            if pause_after is not None and self.chunks >= pause_after and not self.paused.is_set():
                self.paused.set()
                self.open.clear()
            return answers

        receiver.process = process


def court_chunk_count(engine, pid: str) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(InChunk).where(InChunk.packet_id == pid)).one()


def stored_bitmap(outbox, pid: str) -> set[tuple[int, int]]:
    have = set()
    for f in outbox.files(pid):
        bits = Bitmap(f.chunk_count, f.have)
        have |= {(f.idx, c) for c in range(f.chunk_count) if bits.has(c)}
    return have


@pytest.mark.integration
def test_park_stops_the_transfer_and_retry_resumes_from_the_bitmap(mosquitto, pair):
    ks, cs = pair(mosquitto.port, chunk_size=16 * 1024, window=8)
    outbox = open_outbox(ks)
    pid = seal_session(ks, sample_filing(material_bytes=3_000_000), outbox=outbox)
    total = sum(f.chunk_count for f in outbox.files(pid))
    run = Running(ks, cs)
    spy = ChunkSpy(run.sender.link)
    gate = CourtGate(run.gateway.receiver, pause_after=40)
    with run:
        try:
            assert gate.paused.wait(20), "the transfer never started"
            parked = kiosk_cli(ks, "queue", "park", pid[:13], "--reason", "材料待核对")
            assert parked.returncode == 0, parked.stderr
            assert f"{pid}: parked" in parked.stdout
            assert wait_for(lambda: pid not in run.sender.transfers, 5), "the sender kept the transfer"
            noticed = time.monotonic()
        finally:
            gate.open.set()  # the court catches up with what was in flight
        sent_before = len(spy.of(pid))
        assert wait_for(lambda: gate.chunks >= sent_before, 5)
        at_court = court_chunk_count(run.engine, pid)
        time.sleep(1.5)  # three state polls and ack timeouts' worth: nothing more may go out
        assert spy.of(pid, after=noticed) == []
        assert court_chunk_count(run.engine, pid) == at_court
        assert 40 <= at_court < total
        row = run.outbox.get(pid)
        assert row.state == "parked" and row.parked_reason == "材料待核对"
        have = stored_bitmap(run.outbox, pid)
        assert len(have) >= 40 - ks.broker.window  # what the court confirmed is kept

        retried_at = time.monotonic()
        retried = kiosk_cli(ks, "queue", "retry", pid)
        assert retried.returncode == 0 and f"{pid}: sealed" in retried.stdout, retried.stderr
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 20)
    resent = spy.of(pid, after=retried_at)
    assert resent and not set(resent) & have  # resumed: no confirmed chunk went out again
    assert have | set(resent) == {(f.idx, c) for f in run.outbox.files(pid) for c in range(f.chunk_count)}
    receipt = json.loads(run.outbox.get(pid).receipt)["receipt"]
    assert receipt["status"] == "received" and receipt["packet_id"] == pid
    assert_identical_at_court(ks, run.engine, [pid])


@pytest.mark.integration
def test_a_receipt_arriving_after_a_park_delivers_the_packet_once(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    run = Running(ks, cs)
    CourtGate(run.gateway.receiver, drop_fin=True)
    held, release = threading.Event(), threading.Event()
    deliver = run.gateway.receiver.deliver

    def hold_receipts(topic, payload):
        if b'"receipt"' in payload:
            held.set()
            release.wait(20)
        return deliver(topic, payload)

    run.gateway.receiver.deliver = hold_receipts
    with run:
        try:
            pid = seal_session(ks, sample_filing(material_bytes=200_000), outbox=run.outbox)
            assert held.wait(20), "the court never finished the packet"
            operator = Outbox.from_settings(ks)  # another connection, as `kiosk queue park` uses
            assert operator.park(pid, "operator check").state == "parked"
            assert wait_for(lambda: pid not in run.sender.transfers, 5)
        finally:
            release.set()
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 10)
        time.sleep(0.6)  # a state poll later: the sender has not claimed it again
        assert run.sender.transfers == {}
    row = run.outbox.get(pid)
    assert row.state == "delivered" and row.delivered_at and row.receipt_status == "received"
    assert json.loads(row.receipt)["receipt"]["packet_id"] == pid
    assert [r.packet_id for r in court_rows(run.engine)] == [pid]
    assert_identical_at_court(ks, run.engine, [pid])
    with pytest.raises(QueueError):
        run.outbox.retry(pid)  # delivered: nothing to send twice
    with pytest.raises(QueueError):
        run.outbox.park(pid, "too late")


@pytest.mark.unit
def test_claim_never_overrides_a_park_made_between_its_read_and_its_write(pair):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    first, second = (seal_session(ks, sample_filing(material_bytes=1000, seed=i), outbox=outbox) for i in range(2))
    operator = Outbox.from_settings(ks)
    parked = []

    @event.listens_for(outbox.engine, "before_cursor_execute")
    def park_first(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE") and not parked:
            parked.append(operator.park(first, "operator, mid-claim"))

    claimed = outbox.claim(2, exclude=set())
    assert parked and [r.packet_id for r in claimed] == [second]
    assert claimed[0].state == "sending" and claimed[0].attempts == 1
    assert outbox.states([first, second, "nope"]) == {first: "parked", second: "sending"}
