"""The court store on PostgreSQL (through SQLAlchemy): two gateways in a shared subscription."""

from __future__ import annotations

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from tests.fixtures.postgres import PostgresUnavailable, private_postgres
from tests.transport.helpers import Running, wait_for
from tests.transport.test_faults import assert_exactly_once, gateway_proc

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def postgres_url():
    pytest.importorskip("psycopg")
    try:
        with private_postgres() as (url, _server):
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))


def test_two_gateways_share_a_postgresql_store(mosquitto, pair, postgres_url):
    ks, cs = pair(mosquitto.port)
    cs.db_url, cs.shared_group = postgres_url, "court"
    cs2 = cs.model_copy(update={"receiver_id": "court-gw-2"})
    with Running(ks, cs, sender=False), Running(ks, cs2, sender=False):
        with Running(ks, cs, gateway=False) as kiosk:
            ids = [seal_session(ks, sample_filing(material_bytes=30_000, seed=i), outbox=kiosk.outbox)
                   for i in range(6)]
            assert wait_for(lambda: kiosk.outbox.status().depth == 0, 40)
    assert_exactly_once(ks, cs, kiosk.outbox, ids)


def _fleet_row(engine, kid):
    from sqlmodel import Session

    from court.store import KioskFleet

    with Session(engine) as s:
        row = s.get(KioskFleet, kid)
        return None if row is None else (row.online, row.session)


ELECTED = "reads the kiosks' statuses"


def test_statuses_are_read_by_one_member_only(mosquitto, pair, postgres_url):
    """Two members on one store: one elected reader verifies and writes every status, the other none."""
    ks, cs = pair(mosquitto.port)
    cs.db_url, cs.shared_group = postgres_url, "court-once"
    cs2 = cs.model_copy(update={"receiver_id": "court-gw-2"})
    with Running(ks, cs, sender=False) as a, Running(ks, cs2, sender=False) as b:
        members = (a.gateway.statuses, b.gateway.statuses)
        assert wait_for(lambda: sum(m.elected for m in members) == 1, 10)
        for n in range(3):  # three sender sessions: online and offline statuses each
            with Running(ks, cs, gateway=False):
                assert wait_for(lambda: (_fleet_row(a.engine, ks.kiosk.kiosk_id) or (False,))[0], 10)
        assert wait_for(lambda: _fleet_row(a.engine, ks.kiosk.kiosk_id)[0] is False, 10)
        recorded = sorted(m.recorded for m in members)
    assert recorded[0] == 0 and recorded[1] >= 6, recorded


def test_a_killed_status_reader_is_replaced_and_nothing_published_meanwhile_is_lost(
        mosquitto, pair, postgres_url, tmp_path):
    """kill -9 the elected member; the kiosk's offline status, published right after (while no one
    reads), is recorded by the other member once it takes the lock and gets the retained status."""
    from court.store import open_store

    ks, cs = pair(mosquitto.port)
    cs.db_url, cs.shared_group = postgres_url, "court-kill"
    cs2 = cs.model_copy(update={"receiver_id": "court-gw-2"})
    procs = [gateway_proc(cs, tmp_path, "gw1"), gateway_proc(cs2, tmp_path, "gw2")]
    engine = open_store(cs.store_url)
    kid = ks.kiosk.kiosk_id
    try:
        assert wait_for(lambda: all("subscribed to" in p.log() for p in procs), 20)
        assert wait_for(lambda: sum(ELECTED in p.log() for p in procs) == 1, 10), [p.log() for p in procs]
        leader, other = procs if ELECTED in procs[0].log() else procs[::-1]
        kiosk = Running(ks, cs, gateway=False).__enter__()
        try:
            assert wait_for(lambda: (_fleet_row(engine, kid) or (False,))[0], 15)
            session = _fleet_row(engine, kid)[1]
            leader.kill()
        finally:
            kiosk.__exit__(None, None, None)  # the sender's clean stop: its offline status, retained
        assert wait_for(lambda: _fleet_row(engine, kid) == (False, session), 15), _fleet_row(engine, kid)
        assert ELECTED in other.log()
        assert "Traceback" not in other.log(), other.log()[-3000:]
    finally:
        for p in procs:
            p.stop()


def test_orphan_chunks_are_counted_and_expired_on_postgresql(pair, postgres_url):
    """The orphan ledger's upsert and the expiry's NOT EXISTS queries, on PostgreSQL."""
    import time
    import uuid

    from sqlalchemy import text

    from court.keys import court_key
    from court.receiver import Receiver
    from court.store import open_store
    from offline_queue import topics
    from offline_queue.canonical import sha256_hex
    from offline_queue.service import open_outbox
    from tests.transport.helpers import packet_messages

    ks, cs = pair()
    cs.db_url = postgres_url
    engine = open_store(cs.store_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM court_chunk")), conn.execute(text("DELETE FROM court_orphan"))
    receiver = Receiver(cs, engine, court_key(cs))
    kid, junk = ks.kiosk.kiosk_id, str(uuid.uuid4())
    for c in range(3):  # two batches for the same packet: the second updates the ledger row
        body = f"junk {c}".encode()
        receiver.process([(topics.parse(topics.up_chunk(kid, junk, 0, c)), body, sha256_hex(body))])
    pid = seal_session(ks, sample_filing(material_bytes=3000), outbox=open_outbox(ks))
    head, chunks = packet_messages(ks, pid)
    receiver.process(chunks[:2])  # orphans until their manifest comes
    with engine.connect() as conn:
        ledger = dict(conn.execute(text("SELECT packet_id, chunks FROM court_orphan")).all())
    assert ledger == {junk: 3, pid: 2}
    receiver.process([head] + chunks)
    with engine.connect() as conn:
        assert dict(conn.execute(text("SELECT packet_id, chunks FROM court_orphan")).all()) == {junk: 3}
    assert receiver.expire_orphans(now=time.time() + 3601) == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM court_chunk")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM court_orphan")).scalar() == 0


def test_a_packet_claimed_by_another_member_is_not_assembled_twice(pair, postgres_url):
    """While another member holds a complete packet's assembly claim this one neither assembles nor
    answers it; once the claim is free (that member done or dead) the next fin records it."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import text
    from sqlmodel import select

    from court.claims import packet_key
    from court.keys import court_key
    from court.receiver import Receiver
    from court.store import InPacket, open_store, store_session
    from offline_queue import topics
    from offline_queue.service import open_outbox
    from tests.transport.helpers import packet_messages

    ks, cs = pair()
    cs.db_url = postgres_url
    engine = open_store(cs.store_url)
    delivered = []
    with ThreadPoolExecutor(1) as finalizer:
        receiver = Receiver(cs, engine, court_key(cs), finalizer=finalizer,
                            deliver=lambda topic, payload: delivered.append(topic))
        pid = seal_session(ks, sample_filing(material_bytes=3000), outbox=open_outbox(ks))
        head, chunks = packet_messages(ks, pid)
        kid = ks.kiosk.kiosk_id
        fin = (topics.parse(topics.up_fin(kid, pid)), b'{"nonce":"n1"}', None)

        def state():
            with store_session(engine) as s:
                return s.exec(select(InPacket.state).where(InPacket.packet_id == pid)).first()

        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
            assert other.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": packet_key(kid, pid)}).scalar()
            receiver.process([head] + chunks)
            assert wait_for(lambda: receiver.assembly_skipped == 1, 10)
            assert state() == "receiving" and delivered == []
            other.invalidate()  # its connection closed, as when that member dies
        receiver.process([fin])  # the claim died with the other member's connection
        assert wait_for(lambda: state() == "received", 10)
        assert wait_for(lambda: delivered == [topics.down_ack(kid, pid)], 5), delivered
