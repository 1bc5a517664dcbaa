"""`court-gateway incoming`: packets still arriving at the court, their progress, and the
15-minute clock since sealing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from court.keys import court_key
from court.monitor import incoming
from court.receiver import Receiver
from court.store import InPacket, open_store, store_session
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.service import open_outbox
from tests.transport.helpers import packet_messages
from tests.transport.test_link import _court_cli

pytestmark = pytest.mark.integration


def test_incoming_shows_progress_and_flags_the_clock(pair):
    ks, cs = pair(chunk_store="files", chunk_size=64 * 1024)
    outbox = open_outbox(ks)
    arriving = seal_session(ks, sample_filing(material_bytes=400_000, seed=1), outbox=outbox)
    complete = seal_session(ks, sample_filing(material_bytes=20_000, seed=2), outbox=outbox)
    engine = open_store(cs.store_url)
    receiver = Receiver(cs, engine, court_key(cs))
    head, chunks = packet_messages(ks, arriving)
    receiver.process([head] + chunks[:5])
    head2, chunks2 = packet_messages(ks, complete)
    answers = receiver.process([head2] + chunks2)
    assert b'"received"' in answers[0][1]  # recorded: no longer arriving

    rows = incoming(engine, cs.clock_limit_s)
    assert [(r.packet_id, r.chunks_stored, r.chunks_total) for r in rows] == [(arriving, 5, len(chunks))]
    assert not rows[0].over_limit and rows[0].service == "case_filing" and 0 < rows[0].percent < 100
    assert incoming(engine, cs.clock_limit_s, now=rows[0].sealed_at + cs.clock_limit_s + 1)[0].over_limit

    out = _court_cli(cs, "incoming")
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if arriving in x)
    assert f"5/{len(chunks)}" in line and not line.rstrip().endswith("!")
    with store_session(engine) as s:  # sealed 20 minutes ago: over the regulation's 15 minutes
        s.exec(update(InPacket).where(InPacket.packet_id == arriving).values(sealed_at=time.time() - 1200))
        s.commit()
    line = next(x for x in _court_cli(cs, "incoming").stdout.splitlines() if arriving in x)
    assert line.rstrip().endswith("!") and "20.0m" in line

    receiver.process(chunks[5:])  # the rest arrives: nothing is arriving any more
    assert incoming(engine, cs.clock_limit_s) == []
    assert "no packet is arriving" in _court_cli(cs, "incoming").stdout
