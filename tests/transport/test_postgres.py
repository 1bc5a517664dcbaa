"""The court store on PostgreSQL (through SQLAlchemy): two gateways in a shared subscription."""

from __future__ import annotations

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from tests.fixtures.postgres import PostgresUnavailable, private_postgres
from tests.transport.helpers import Running, wait_for
from tests.transport.test_faults import assert_exactly_once

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
