"""Outbox state machine and recovery, receipts, bitmaps, topics, back-off, transfer bookkeeping."""

from __future__ import annotations

import random

import pytest

from court.review import acceptance_fee
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.bitmap import Bitmap
from offline_queue.crypto import generate_key
from offline_queue.link import Backoff
from offline_queue.outbox import Outbox, QueueError
from offline_queue.receipt import ReceiptError, make_receipt, verify_receipt
from offline_queue.service import open_outbox
from offline_queue.transfer import Transfer

pytestmark = pytest.mark.unit


@pytest.fixture
def sealed(pair):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    ids = [seal_session(ks, sample_filing(material_bytes=20_000, seed=i), outbox=outbox) for i in range(3)]
    return ks, outbox, ids


def test_recovery_requeues_in_flight_packets_and_keeps_the_bitmap(sealed):
    ks, outbox, ids = sealed
    claimed = outbox.claim(2, exclude=set())
    assert [p.packet_id for p in claimed] == ids[:2]
    first = outbox.files(ids[0])[0]
    bits = Bitmap(first.chunk_count)
    bits.set(0)
    outbox.save_bitmaps({ids[0]: {first.idx: bytes(bits.bits)}})
    outbox.set_state(ids[1], "awaiting_receipt")
    reopened = Outbox.from_settings(ks)  # as after a crash: a new process opens the same file
    assert reopened.recover()["requeued"] == 2
    assert {p.state for p in reopened.list()} == {"sealed"}
    assert Bitmap(first.chunk_count, reopened.files(ids[0])[0].have).has(0)


def test_recovery_removes_half_written_dirs_and_adopts_orphans(sealed):
    ks, outbox, ids = sealed
    (ks.spool_dir / ".tmp-0190a0b0-0000-7000-8000-000000000009").mkdir()
    # an orphan is a complete spool dir whose row was never written (crash between rename and insert)
    with outbox.session() as s:
        from sqlalchemy import delete

        from offline_queue.models import OutFile, OutPacket

        s.exec(delete(OutFile).where(OutFile.packet_id == ids[0]))
        s.exec(delete(OutPacket).where(OutPacket.packet_id == ids[0]))
        s.commit()
    report = outbox.recover()
    assert report["removed_tmp"] == 1 and report["adopted"] == 1
    assert outbox.get(ids[0]).state == "sealed"
    assert not list(ks.spool_dir.glob(".tmp-*"))


def test_priority_then_sequence_order_and_operator_actions(sealed):
    ks, outbox, ids = sealed
    urgent = seal_session(ks, sample_filing(material_bytes=100), outbox=outbox, priority=5)
    outbox.park(ids[0], "operator check")
    assert [p.packet_id for p in outbox.claim(10, exclude=set())] == [urgent, ids[1], ids[2]]
    assert outbox.get(ids[0]).state == "parked"
    with pytest.raises(QueueError):
        outbox.park("no-such-packet", "x")
    assert outbox.retry(ids[0][:13]).state == "sealed"  # a unique prefix is enough
    status = outbox.status()
    assert status.depth == 4 and status.counts == {"sealed": 1, "sending": 3}
    assert status.oldest_undelivered_at is not None


def test_only_a_verified_receipt_delivers(sealed):
    ks, outbox, ids = sealed
    court = generate_key("p256")
    row = outbox.get(ids[0])
    good = make_receipt(court, packet_id=row.packet_id, kiosk_id=ks.kiosk.kiosk_id, packet_digest=row.digest,
                        received_at="2026-01-01T00:00:00Z", status="received", receiver_id="gw")
    forged = make_receipt(generate_key("p256"), packet_id=row.packet_id, kiosk_id=ks.kiosk.kiosk_id,
                          packet_digest=row.digest, received_at="x", status="received", receiver_id="gw")
    altered = {"receipt": {**good["receipt"], "status": "rejected"}, "sig": good["sig"]}
    other = make_receipt(court, packet_id=ids[1], kiosk_id=ks.kiosk.kiosk_id, packet_digest=row.digest,
                         received_at="x", status="received", receiver_id="gw")
    expect = dict(packet_id=row.packet_id, kiosk_id=ks.kiosk.kiosk_id, packet_digest=row.digest)
    for bad in (forged, altered, other, {"receipt": "x"}, {"sig": "!!"}, None):
        with pytest.raises(ReceiptError):
            verify_receipt(bad, court.public_key(), **expect)
    body = verify_receipt(good, court.public_key(), **expect)
    assert outbox.mark_delivered(row.packet_id, good, body)
    assert outbox.get(row.packet_id).state == "delivered"
    assert not outbox.mark_delivered(row.packet_id, good, body)  # exactly once
    assert outbox.purge_delivered(0) == 1
    assert sorted(p.name for p in (ks.spool_dir / row.packet_id).iterdir()) == ["manifest.json", "manifest.sig"]


def test_transfer_window_bookkeeping(sealed):
    _ks, outbox, ids = sealed
    row = outbox.get(ids[0])
    t = Transfer.load(row, outbox.files(ids[0]))
    total = sum(f.have.size for f in t.files)
    sent = []
    while (nxt := t.next_chunk()) is not None:
        t.inflight[nxt] = 1.0
        sent.append(nxt)
    assert len(sent) == total
    t.apply({"got": [list(sent[0])]})
    assert sent[0] not in t.inflight and t.files[sent[0][0]].have.has(sent[0][1])
    t.fin_at = 2.0
    t.apply({"full": True, "have": {str(f.idx): Bitmap(f.have.size).to_b64() for f in t.files}})
    assert not t.inflight and t.next_chunk() == (0, 0)  # the court lost everything: send again
    assert t.take_dirty()


def test_bitmap_roundtrip_and_union():
    a, b = Bitmap(11), Bitmap(11)
    a.set(0), b.set(10)
    assert a.union(b) and a.missing() == list(range(1, 10))
    assert Bitmap.from_b64(11, a.to_b64()).bits == a.bits
    assert Bitmap.full(9).complete()
    with pytest.raises(ValueError):
        Bitmap(9, b"\0")


def test_topics_parse_strictly():
    pid = "0190a0b0-0000-7000-8000-000000000001"
    t = topics.parse(topics.up_chunk("kiosk-1", pid, 2, 17))
    assert (t.kiosk_id, t.kind, t.leaf, t.file, t.chunk) == ("kiosk-1", "pkt", "chunk", 2, 17)
    assert topics.parse(topics.down_ack("kiosk-1", pid)).leaf == "ack"
    assert topics.parse(topics.up_status("kiosk-1")).kind == "status"
    for bad in ("court/v1/k/kiosk-1/up/pkt/../fin", f"court/v1/k/+/up/pkt/{pid}/fin",
                f"court/v1/k/kiosk-1/up/pkt/{pid}/c/x/1", "other/topic"):
        assert topics.parse(bad) is None
    assert topics.court_subscriptions("court")[0].startswith("$share/court/")


def test_backoff_grows_to_five_minutes_with_jitter():
    b = Backoff(rng=random.Random(1))
    delays = [b.next_delay() for _ in range(12)]
    assert 0.5 <= delays[0] <= 1.0 and max(delays) <= 300 and delays[-1] >= 150
    assert len(set(delays)) == len(delays)
    b.reset()
    assert b.next_delay() <= 1.0


@pytest.mark.parametrize("case_type, amount, fee", [
    ("civil_first", 100_000, "2300.00"), ("civil_first", 8_000, "50.00"), ("civil_first", None, "50.00"),
    ("civil_first", 1_000_000, "13800.00"), ("admin_first", 500_000, "50.00")])
def test_acceptance_fee(case_type, amount, fee):
    assert str(acceptance_fee(case_type, amount)) == fee


def test_every_outbox_connection_is_wal_and_synchronous_full(pair):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    for _ in range(2):  # a fresh pooled connection gets the same settings
        with outbox.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_throttle_stays_bounded_under_a_flood_of_distinct_keys():
    from offline_queue.throttle import Throttle

    t = Throttle(60.0)
    t.capacity = 100
    let_through = sum(t.due(("forged", n)) for n in range(10_000))
    assert let_through == 101  # the first hundred, then one line for the rest of the flood
    assert len(t._last) <= 101 and not t.due(("forged", 5))
