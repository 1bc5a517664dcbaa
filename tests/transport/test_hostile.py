"""Hostile publishers on a real Mosquitto (issue 10): a forged manifest signature must not reject a
genuine filing; forged or out-of-range acks must change nothing on the kiosk; and across a battery
of hostile messages no packet's state changes on either side."""

from __future__ import annotations

import json
import logging
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from sqlmodel import Session

from court.keys import court_key
from court.receiver import Receiver
from court.store import open_store
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.bitmap import Bitmap
from offline_queue.canonical import b64e, canonical
from offline_queue.crypto import generate_key, sign
from offline_queue.link import user_properties
from offline_queue.packet import read_packet
from offline_queue.service import open_outbox
from tests.transport.helpers import Running, packet_messages, wait_for
from tests.transport.test_link import assert_identical_at_court, court_rows
from tests.transport.test_park import stored_bitmap

pytestmark = [pytest.mark.integration, pytest.mark.faults]


@pytest.fixture
def raw(mosquitto):
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"attacker-{uuid.uuid4().hex[:6]}",
                         protocol=MQTTProtocolVersion.MQTTv5)
    client.connect("127.0.0.1", mosquitto.port)
    client.loop_start()

    def publish(topic, payload, retain=False, **props):
        info = client.publish(topic, payload, qos=1, retain=retain,
                              properties=user_properties(**props) if props else None)
        info.wait_for_publish(5)

    yield publish
    client.disconnect()
    client.loop_stop()


def sign_ack(key, kid, pid, body) -> bytes:
    """An ack as the court signs one (written out here: the test pins the wire format)."""
    signed = {**body, "kiosk_id": kid, "packet_id": pid}
    return canonical({**signed, "sig": b64e(sign(key, canonical(signed)))})


def logged(caplog, text):
    return any(text in r.getMessage() for r in caplog.records)


def forged_manifest(ks, pid) -> bytes:
    """The packet's genuine manifest bytes under a random signature."""
    _m, data, _sig = read_packet(ks.spool_dir / pid)
    return canonical({"manifest": b64e(data), "sig": b64e(generate_key("ed25519").sign(data))})


@pytest.mark.unit
def test_a_manifest_whose_signature_fails_gets_no_rejection(pair):
    ks, cs = pair()
    pid = seal_session(ks, sample_filing(material_bytes=6000), outbox=open_outbox(ks))
    receiver = Receiver(cs, open_store(cs.store_url), court_key(cs))
    head, chunks = packet_messages(ks, pid)
    answers = receiver.process([(head[0], forged_manifest(ks, pid), None)])
    assert answers == [] and receiver.dropped[ks.kiosk.kiosk_id] == 1
    answer = json.loads(receiver.process([head] + chunks)[0][1])
    assert answer["state"] == "received" and answer["receipt"]["receipt"]["status"] == "received"


def test_a_forged_manifest_signature_cannot_reject_a_genuine_filing(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs, gateway=False):
        pass  # the kiosk's persistent session exists: what the court answers meanwhile waits for it
    pid = seal_session(ks, sample_filing(material_bytes=6000), outbox=open_outbox(ks))
    with Running(ks, cs, sender=False) as court:
        raw(topics.up_manifest(ks.kiosk.kiosk_id, pid), forged_manifest(ks, pid))
        assert wait_for(lambda: logged(caplog, "manifest signature does not verify"), 10)
        with Running(ks, cs, gateway=False) as kiosk:
            assert wait_for(lambda: kiosk.outbox.get(pid).state in ("delivered", "rejected"), 30)
    row = kiosk.outbox.get(pid)
    assert (row.state, row.receipt_status) == ("delivered", "received")
    assert not logged(caplog, "rejected: manifest")
    assert_identical_at_court(ks, court.engine, [pid])


def all_set(files) -> dict[str, str]:
    return {str(f.idx): Bitmap.full(f.chunk_count).to_b64() for f in files}


def test_forged_and_out_of_range_acks_change_nothing_on_the_kiosk(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid, genuine = ks.kiosk.kiosk_id, court_key(cs)
    with Running(ks, cs, gateway=False) as kiosk:  # no court: nothing moves by itself
        pid = seal_session(ks, sample_filing(material_bytes=20_000), outbox=kiosk.outbox)
        assert wait_for(lambda: pid in kiosk.sender.transfers and kiosk.sender.transfers[pid].inflight, 10)
        files = kiosk.outbox.files(pid)
        other = "0190a0b0-0000-7000-8000-0000000000cc"
        hostile = [
            canonical({"state": "untrusted", "reason": "court does not trust this kiosk"}),
            canonical({"state": "receiving", "got": [], "full": True, "have": all_set(files)}),
            canonical({"state": "receiving", "got": [[-1, 0]]}),
            sign_ack(generate_key("p256"), kid, pid, {"state": "receiving", "full": True, "have": all_set(files)}),
            sign_ack(genuine, kid, other, {"state": "untrusted", "reason": "replayed from another packet"}),
            sign_ack(genuine, "kiosk-other-01", pid, {"state": "receiving", "got": [[0, 0]]}),
            sign_ack(genuine, kid, pid, {"state": "receiving", "got": [[-1, 0]]}),
            sign_ack(genuine, kid, pid, {"state": "receiving", "got": [[0, 10_000]]}),
            sign_ack(genuine, kid, pid, {"state": "receiving", "got": [[0, True]]}),
            sign_ack(genuine, kid, pid, {"state": "receiving", "full": True,
                                         "have": {**all_set(files), "0": b64e(b"\xff" * 40)}}),
            sign_ack(genuine, kid, pid, {"state": "receiving", "full": True, "have": {"0": all_set(files)["0"]}}),
            sign_ack(genuine, kid, pid, {"state": "parked"}),
        ]
        for payload in hostile:
            raw(topics.down_ack(kid, pid), payload)
        wait_for(lambda: getattr(kiosk.sender, "dropped_acks", 0) == len(hostile), 5)
        row = kiosk.outbox.get(pid)
        assert (row.state, row.parked_reason, row.last_error) == ("sending", None, None)
        assert kiosk.sender.dropped_acks == len(hostile)
        assert all(f.have.count() == 0 for f in kiosk.sender.transfers[pid].files)
        assert stored_bitmap(kiosk.outbox, pid) == set()
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        with Running(ks, cs, sender=False) as court:
            assert wait_for(lambda: kiosk.outbox.get(pid).state == "delivered", 30)
    assert_identical_at_court(ks, court.engine, [pid])
    assert [r.packet_id for r in court_rows(court.engine)] == [pid]


def chunk_rows(engine) -> int:
    from sqlalchemy import func, select as sa_select

    from court.store import InChunk

    with Session(engine) as s:
        return s.exec(sa_select(func.count()).select_from(InChunk)).one()[0]


def test_chunks_without_a_verified_manifest_are_bounded_and_expire(mosquitto, pair, raw, caplog):
    import time

    from offline_queue.canonical import sha256_hex

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs, sender=False) as court:
        orphans = getattr(court.gateway.receiver, "orphans", None)  # (absent before issue 10)
        if orphans is not None:
            from court.orphans import OrphanLimits

            orphans.limits = OrphanLimits(per_packet_chunks=4, per_kiosk_packets=3, per_kiosk_chunks=10)
        junk = [(k, str(uuid.UUID(int=(7 << 76) | (2 << 62) | n)), c) for k in (kid, "kiosk-ghost-01")
                for n in range(10) for c in range(6)]
        for k, pid, c in junk:  # 120 chunks with good hashes, for 20 packets nobody ever sealed
            body = f"junk {pid} {c}".encode()
            raw(topics.up_chunk(k, pid, 0, c), body, sha256=sha256_hex(body))
        wait_for(lambda: logged(caplog, "no verified manifest yet and kiosk not trusted"), 10)
        time.sleep(1.0)  # the last batches are stored
        assert chunk_rows(court.engine) <= 10  # this kiosk's allowance; the ghost's none at all
        pid = seal_session(ks, sample_filing(material_bytes=6000), outbox=court.outbox)
        with Running(ks, cs, gateway=False) as kiosk:  # a genuine packet still goes (and its chunks count)
            assert wait_for(lambda: kiosk.outbox.get(pid).state == "delivered", 30)
        assert court.gateway.receiver.expire_orphans(now=time.time() + 3601) >= 1
        assert chunk_rows(court.engine) == 0
    assert_identical_at_court(ks, court.engine, [pid])


def test_the_fleet_lists_only_kiosks_the_court_trusts(mosquitto, pair, raw, caplog):
    from offline_queue.crypto import ensure_private_key
    from tests.transport.test_link import _court_cli

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs) as run:
        raw(topics.up_status("kiosk-ghost-01"), canonical({"online": True, "queue_depth": 0}), retain=True)
        assert wait_for(lambda: _status_rows(run.engine) >= {kid}, 10)
        wait_for(lambda: logged(caplog, "status of kiosk-ghost-01 ignored"), 5)
        genuine = _status_row(run.engine, kid)
        key = ensure_private_key(ks.kiosk_key_file)
        for forged in (canonical({"online": False, "queue_depth": 99, "at": 2**40}),  # unsigned
                       sign_status_as(generate_key("ed25519"), kid, {"online": False, "at": 2**40, "session": "x"}),
                       sign_status_as(key, kid, {"online": True, "queue_depth": 77, "at": 1, "session": "old"})):
            raw(topics.up_status(kid), forged)
        wait_for(lambda: logged(caplog, "older than the one stored"), 5)
        assert _status_row(run.engine, kid) == genuine  # forged and replayed statuses change nothing
        fleet = _court_cli(cs, "kiosks")
    assert fleet.returncode == 0, fleet.stderr
    assert kid in fleet.stdout and "kiosk-ghost-01" not in fleet.stdout
    assert "kiosk-ghost-01" not in _status_rows(run.engine)  # not even stored


def sign_status_as(key, kid, body) -> bytes:
    signed = {**body, "kiosk_id": kid}
    return canonical({**signed, "sig": b64e(sign(key, canonical(signed)))})


def _status_row(engine, kid):
    from court.store import KioskStatus

    with Session(engine) as s:
        row = s.get(KioskStatus, kid)
        return (row.online, row.queue_depth, row.raw)


def _status_rows(engine) -> set[str]:
    from sqlmodel import select

    from court.store import KioskStatus

    with Session(engine) as s:
        return {r.kiosk_id for r in s.exec(select(KioskStatus)).all()}


def court_state(engine) -> dict:
    """Every packet's state at the court: its row (state, digest, receipt) and its stored chunks."""
    from sqlmodel import select

    from court.store import InChunk, InPacket

    with Session(engine) as s:
        packets = {(r.kiosk_id, r.packet_id): (r.state, r.digest, r.receipt) for r in s.exec(select(InPacket)).all()}
        chunks = sorted((c.kiosk_id, c.packet_id, c.file_idx, c.chunk_idx, bytes(c.data))
                        for c in s.exec(select(InChunk)).all() if (c.kiosk_id, c.packet_id) in packets)
    return {"packets": packets, "chunks": chunks}


def kiosk_state(run, ids) -> dict:
    """Every packet's state on the kiosk: its row, stored bitmaps, and the live transfer's bitmaps."""
    rows = {pid: (r.state, r.receipt, r.receipt_status, r.last_error, r.parked_reason)
            for pid in ids for r in [run.outbox.get(pid)]}
    stored = {pid: stored_bitmap(run.outbox, pid) for pid in ids}
    live = {pid: [bytes(f.have.bits) for f in t.files] for pid, t in list(run.sender.transfers.items())}
    return {"rows": rows, "stored": stored, "live": live}


def hostile_uplink(ks, a, b, c) -> list[tuple[str, bytes, dict]]:
    """What an attacker on the broker sends the court about packets A (received), B (half there)
    and C (sealed, not sent yet): (topic, payload, user properties)."""
    from offline_queue.canonical import sha256_hex

    kid = ks.kiosk.kiosk_id
    _m, a_data, a_sig = read_packet(ks.spool_dir / a)
    b_manifest, _d, _s = read_packet(ks.spool_dir / b)
    first = (ks.spool_dir / b / b_manifest["files"][1]["path"]).read_bytes()[:4096]
    last = b_manifest["files"][-1]  # not at the court yet (it has the first half)
    forged = b"Y" * min(last["size"], last["chunk_size"])
    out = [
        (topics.up_manifest(kid, c), forged_manifest(ks, c), {}),  # C's real bytes, a random signature
        (topics.up_manifest(kid, c), canonical({"manifest": b64e(a_data), "sig": b64e(a_sig)}), {}),  # A's, replayed
        (topics.up_manifest(kid, b), forged_manifest(ks, b), {}),
        (topics.up_manifest(kid, a), forged_manifest(ks, a), {}),
        (topics.up_manifest(kid, c), b"\x00garbage", {}),
        (topics.up_chunk(kid, b, 1, 0), b"X" + first[1:], {"sha256": sha256_hex(first)}),  # damaged in transit
        (topics.up_chunk(kid, b, 1, 0), first, {}),  # no hash at all
        (topics.up_chunk(kid, b, last["idx"], 0), forged, {"sha256": sha256_hex(forged)}),  # right size, forged
        (topics.up_chunk(kid, b, 99, 0), first, {"sha256": sha256_hex(first)}),  # no such file
        (topics.up_chunk(kid, b, 1, 999_999), first, {"sha256": sha256_hex(first)}),  # no such chunk
        (topics.up_chunk(kid, b, 1, 1), first[:100], {"sha256": sha256_hex(first[:100])}),  # wrong length
        (topics.up_chunk(kid, a, 1, 0), first, {"sha256": sha256_hex(first)}),  # A is received: a replay
        (topics.up_chunk("kiosk-ghost-01", b, 1, 0), first, {"sha256": sha256_hex(first)}),
        (topics.up_fin(kid, c), b"{}", {}),
        (topics.up_fin(kid, a), b"not json", {}),
        (topics.up_status("kiosk-ghost-01"), canonical({"online": True}), {}),
    ]
    return out


def hostile_downlink(ks, cs, ids, a_receipt) -> list[bytes]:
    """Acks an attacker sends the kiosk about packet ``b`` (each must be dropped)."""
    from offline_queue.receipt import make_receipt

    kid, genuine = ks.kiosk.kiosk_id, court_key(cs)
    a, b = ids
    files = open_outbox(ks).files(b)
    digest = open_outbox(ks).get(b).digest
    evil = make_receipt(generate_key("p256"), packet_id=b, kiosk_id=kid, packet_digest=digest,
                        received_at="2026-01-01T00:00:00Z", status="rejected", receiver_id="evil")
    return [
        canonical({"state": "untrusted", "reason": "forged"}),
        canonical({"state": "receiving", "full": True, "have": all_set(files)}),
        canonical({"state": "receiving", "got": [[-1, 0]]}),
        canonical({"state": "rejected", "receipt": evil}),  # a receipt not signed by the court
        canonical({"state": "received", "receipt": a_receipt}),  # A's genuine receipt, on B's topic
        sign_ack(genuine, kid, b, {"state": "received", "receipt": a_receipt}),  # signed, for the wrong packet
        sign_ack(genuine, kid, a, {"state": "untrusted", "reason": "A's ack replayed on B"}),
        sign_ack(generate_key("p256"), kid, b, {"state": "untrusted", "reason": "not the court"}),
        sign_ack(genuine, kid, b, {"state": "receiving", "got": [[0, 10**6]]}),
        sign_ack(genuine, kid, b, {"state": "receiving", "full": True, "have": {"0": "////"}}),
        # what the court truly answers a fin someone else sent (no nonce of this kiosk's): it once
        # held B for 30 s, or made it resend its manifest, when it waited in the kiosk's session
        sign_ack(genuine, kid, b, {"state": "unknown", "dropped": "manifest signature does not verify"}),
        sign_ack(genuine, kid, b, {"state": "unknown"}),
        sign_ack(genuine, kid, b, {"state": "unknown", "fin": "not-a-nonce-this-kiosk-sent"}),
        b"[1, 2, 3]",
        b"",
    ]


def test_no_message_that_fails_authentication_changes_any_packet_on_either_side(mosquitto, pair, raw, caplog):
    """The property behind the fault suite: A received, B half at the court, C sealed but unsent;
    a battery of hostile messages to the court, then to the kiosk; each side's packets are exactly
    as before; then the genuine traffic delivers B and C, once each, byte-identical."""
    import time

    from court.receiver import Receiver

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        a = seal_session(ks, sample_filing(material_bytes=6000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.get(a).state == "delivered", 30)
    a_receipt = json.loads(run.outbox.get(a).receipt)
    b = seal_session(ks, sample_filing(material_bytes=20_000, seed=1), outbox=run.outbox)
    c = seal_session(ks, sample_filing(material_bytes=6000, seed=2), outbox=run.outbox)
    head, chunks = packet_messages(ks, b)
    Receiver(cs, run.engine, court_key(cs)).process([head] + chunks[: len(chunks) // 2])

    before = court_state(run.engine)
    assert before["packets"][(ks.kiosk.kiosk_id, b)][0] == "receiving" and before["chunks"]
    with Running(ks, cs, sender=False) as court:
        for topic, payload, props in hostile_uplink(ks, a, b, c):
            raw(topic, payload, **props)
        sentinel = topics.up_chunk(ks.kiosk.kiosk_id, "0190a0b0-0000-7000-8000-0000000000ee", 0, 0)
        raw(sentinel, b"sentinel", sha256="0" * 64)  # logged (never throttled) by the last batch
        assert wait_for(lambda: logged(caplog, "0190a0b0-0000-7000-8000-0000000000ee"), 10)
        time.sleep(0.5)  # the batch that logged it commits
        assert court_state(court.engine) == before

    with Running(ks, cs, gateway=False) as kiosk:  # the court is away: nothing changes by itself
        assert wait_for(lambda: {b, c} <= set(kiosk.sender.transfers) and not kiosk.sender.transfers[b].next_chunk(), 10)
        ids = [a, b, c]
        before = kiosk_state(kiosk, ids)
        battery = hostile_downlink(ks, cs, [a, b], a_receipt)
        dropped = kiosk.sender.dropped_acks  # the court's answer to the forged fin for C may be among them
        for payload in battery:
            raw(topics.down_ack(ks.kiosk.kiosk_id, b), payload)
        receipts = lambda: sum(f"receipt for packet {b} rejected" in r.getMessage() for r in caplog.records)
        # three carry a receipt, which only its own signature and packet can make count; the rest are dropped
        assert wait_for(lambda: receipts() == 3 and kiosk.sender.dropped_acks - dropped >= len(battery) - 3, 10), \
            (receipts(), kiosk.sender.dropped_acks - dropped)
        time.sleep(0.3)
        assert kiosk_state(kiosk, ids) == before
        with Running(ks, cs, sender=False) as court:
            assert wait_for(lambda: all(kiosk.outbox.get(p).state == "delivered" for p in ids), 30)
    assert sorted(r.packet_id for r in court_rows(court.engine)) == sorted(ids)
    assert_identical_at_court(ks, court.engine, ids)


def test_a_forged_document_answer_does_not_mark_a_judgment_delivered(mosquitto, pair, raw, caplog, tmp_path):
    """Only the kiosk's own signed answer ends the court's resending of a document."""
    from tests.transport.test_link import _court_cli, _doc_states

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    pdf = tmp_path / "judgment.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"judgment " * 2000)
    with Running(ks, cs, gateway=False):
        pass  # the kiosk's session exists: the document waits for it at the broker
    with Running(ks, cs, sender=False) as court:
        sent = _court_cli(cs, "send-document", str(pdf), "--kiosk", ks.kiosk.kiosk_id,
                          "--for", "410181199003074512", "--kind", "judgment")
        assert sent.returncode == 0, sent.stderr
        doc_id = sent.stdout.strip().splitlines()[-1]
        for forged in (canonical({"state": "verified"}),
                       sign_ack(generate_key("ed25519"), ks.kiosk.kiosk_id, doc_id, {"state": "verified"})):
            raw(topics.up_doc_ack(ks.kiosk.kiosk_id, doc_id), forged)
        wait_for(lambda: logged(caplog, f"answer about document {doc_id}"), 5)
        assert _doc_states(court.engine) != {"verified"}
        with Running(ks, cs, gateway=False):
            assert wait_for(lambda: _doc_states(court.engine) == {"verified"}, 20)


def test_a_forged_document_manifest_cannot_make_the_kiosk_refuse_the_genuine_one(mosquitto, pair, raw, caplog):
    """The downlink twin of the forged packet manifest: the real document's bytes under a wrong
    signature (and junk chunks for it) first, then the court's own: it is verified and listed."""
    from offline_queue.canonical import sha256_hex
    from offline_queue.document import build_document
    from offline_queue.service import list_documents

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    doc = build_document(court_key(cs), kiosk_id=kid, kind="judgment", title="民事判决书", court="豫0102",
                         files=[("judgment.pdf", b"%PDF-1.4\n" + b"judgment " * 3000, "judgment", "application/pdf")])
    with Running(ks, cs, gateway=False) as kiosk:
        assert wait_for(lambda: kiosk.sender.link.subscribed.is_set(), 10)
        forged = canonical({"manifest": b64e(doc.manifest_bytes),
                            "sig": b64e(sign(generate_key("p256"), doc.manifest_bytes))})
        raw(topics.down_doc_manifest(kid, doc.doc_id), forged)
        for c in range(3):
            junk = b"junk" * 100
            raw(topics.down_doc_chunk(kid, doc.doc_id, 0, c), junk, sha256=sha256_hex(junk))
        assert wait_for(lambda: logged(caplog, "signature does not verify"), 10)
        raw(topics.down_doc_manifest(kid, doc.doc_id), canonical({"manifest": b64e(doc.manifest_bytes),
                                                                   "sig": b64e(doc.signature)}))
        for f, c, data in doc.chunks():
            raw(topics.down_doc_chunk(kid, doc.doc_id, f, c), data, sha256=sha256_hex(data))
        assert wait_for(lambda: [d["doc_id"] for d in list_documents(ks, outbox=kiosk.outbox)] == [doc.doc_id], 10)


def test_an_empty_retained_status_does_not_delete_a_kiosks_status(mosquitto, pair, raw, caplog):
    """Anyone may publish an empty retained message on a kiosk's status topic (it clears the
    broker's copy); it carries no signature, so the court keeps the last verified status, logs it."""
    from sqlmodel import select

    from court.store import KioskFleet

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs) as run:
        assert wait_for(lambda: kid in _status_rows(run.engine), 10)
        genuine = _status_row(run.engine, kid)
        raw(topics.up_status(kid), b"", retain=True)
        wait_for(lambda: kid not in _status_rows(run.engine) or logged(caplog, f"empty status of {kid} dropped"), 5)
        assert _status_row(run.engine, kid) == genuine
        assert logged(caplog, f"empty status of {kid} dropped")
        with Session(run.engine) as s:
            assert [r.kiosk_id for r in s.exec(select(KioskFleet)).all()] == [kid]
