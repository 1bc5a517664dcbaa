"""The court's receiver without a broker: chunks before their manifest (shared subscriptions
reorder), duplicates, and chunks that do not fit the manifest, for both chunk stores."""

from __future__ import annotations

import json
import logging

import pytest

from court.keys import court_key
from court.receiver import Receiver
from court.store import open_store
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.canonical import sha256_hex
from offline_queue.service import open_outbox
from tests.transport.helpers import packet_messages as messages
from tests.transport.test_link import assert_identical_at_court

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("store", ["db", "files"])
def test_chunks_before_the_manifest_and_duplicates(pair, store):
    ks, cs = pair(chunk_store=store)
    pid = seal_session(ks, sample_filing(material_bytes=12_000), outbox=open_outbox(ks))
    engine = open_store(cs.store_url)
    receiver = Receiver(cs, engine, court_key(cs))
    head, chunks = messages(ks, pid)
    half = len(chunks) // 2
    first = receiver.process(chunks[:half])  # no manifest yet: stored and confirmed
    assert json.loads(first[0][1])["got"] and json.loads(first[0][1])["manifest"] is False
    receiver.process([head] + chunks[:3])  # the manifest, and duplicates
    answers = receiver.process(chunks[half:])
    answer = json.loads(answers[0][1])
    assert answer["state"] == "received" and answer["receipt"]["receipt"]["packet_id"] == pid
    again = json.loads(receiver.process(chunks[:2])[0][1])
    assert again["receipt"] == answer["receipt"]  # replay: the same stored receipt
    assert_identical_at_court(ks, engine, [pid])


def test_files_store_refuses_chunks_that_do_not_fit_the_manifest(pair, caplog):
    caplog.set_level(logging.WARNING)
    ks, cs = pair(chunk_store="files")
    pid = seal_session(ks, sample_filing(material_bytes=12_000), outbox=open_outbox(ks))
    engine = open_store(cs.store_url)
    receiver = Receiver(cs, engine, court_key(cs))
    head, chunks = messages(ks, pid)
    topic, part, _sha = chunks[0]
    big = part + b"overflow" * 1000
    wrong_file = topics.parse(topics.up_chunk(ks.kiosk.kiosk_id, pid, 99, 0))
    receiver.process([head, (topic, big, sha256_hex(big)), (wrong_file, part, sha256_hex(part))])
    assert sum("not in the manifest's chunking" in r.getMessage() for r in caplog.records) == 2
    answer = json.loads(receiver.process(chunks)[0][1])
    assert answer["state"] == "received"
    assert_identical_at_court(ks, engine, [pid])
