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
    from tests.transport.test_link import _court_cli

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        raw(topics.up_status("kiosk-ghost-01"), canonical({"online": True, "queue_depth": 0}), retain=True)
        assert wait_for(lambda: _status_rows(run.engine) >= {ks.kiosk.kiosk_id}, 10)
        wait_for(lambda: logged(caplog, "status of kiosk-ghost-01 ignored"), 5)
        fleet = _court_cli(cs, "kiosks")
    assert fleet.returncode == 0, fleet.stderr
    assert ks.kiosk.kiosk_id in fleet.stdout and "kiosk-ghost-01" not in fleet.stdout
    assert "kiosk-ghost-01" not in _status_rows(run.engine)  # not even stored


def _status_rows(engine) -> set[str]:
    from sqlmodel import select

    from court.store import KioskStatus

    with Session(engine) as s:
        return {r.kiosk_id for r in s.exec(select(KioskStatus)).all()}
