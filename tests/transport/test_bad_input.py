"""Bad input on the wire: each is rejected with a log line, nothing is lost, nothing crashes."""

from __future__ import annotations

import json
import logging
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from sqlmodel import Session, select

from court.store import InChunk, InPacket
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.canonical import b64e, canonical, sha256_hex
from offline_queue.crypto import generate_key
from offline_queue.document import build_document
from offline_queue.link import user_properties
from offline_queue.models import InDocument
from offline_queue.packet import read_packet
from offline_queue.receipt import make_receipt
from offline_queue.service import list_documents
from tests.transport.helpers import Running, wait_for
from tests.transport.test_link import assert_identical_at_court

pytestmark = [pytest.mark.integration, pytest.mark.faults]


@pytest.fixture
def raw(mosquitto):
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"attacker-{uuid.uuid4().hex[:6]}",
                         protocol=MQTTProtocolVersion.MQTTv5)
    client.connect("127.0.0.1", mosquitto.port)
    client.loop_start()

    def publish(topic, payload, **props):
        info = client.publish(topic, payload, qos=1, properties=user_properties(**props) if props else None)
        info.wait_for_publish(5)

    yield publish
    client.disconnect()
    client.loop_stop()


def logged(caplog, text):
    return any(text in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("store", ["db", "files"])
def test_corrupt_chunks_are_rejected_and_the_packet_still_arrives_intact(mosquitto, pair, raw, caplog, store):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port, chunk_store=store)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs, sender=False) as court:
        pid = seal_session(ks, sample_filing(material_bytes=9000), outbox=court.outbox)
        manifest, data, sig = read_packet(ks.spool_dir / pid)
        early = (ks.spool_dir / pid / manifest["files"][3]["path"]).read_bytes()[:manifest["files"][3]["chunk_size"]]
        early = b"Z" + early[1:]  # forged before the manifest (nothing to check it against yet): kept for now
        raw(topics.up_chunk(kid, pid, 3, 0), early, sha256=sha256_hex(early))
        raw(topics.up_manifest(kid, pid), canonical({"manifest": b64e(data), "sig": b64e(sig)}))
        for f in manifest["files"]:
            body = (ks.spool_dir / pid / f["path"]).read_bytes()
            for c in range(f["chunk_count"]):
                chunk = body[c * f["chunk_size"]:(c + 1) * f["chunk_size"]]
                if f["idx"] == 1 and c == 0:  # transport damage: the hash property no longer matches
                    raw(topics.up_chunk(kid, pid, 1, 0), b"X" + chunk[1:], sha256=sha256_hex(chunk))
                elif f["idx"] == 2 and c == 0:  # forged, with a matching hash: not the manifest's chunk hash
                    forged = b"Y" + chunk[1:]
                    raw(topics.up_chunk(kid, pid, 2, 0), forged, sha256=sha256_hex(forged))
                else:
                    raw(topics.up_chunk(kid, pid, f["idx"], c), chunk, sha256=sha256_hex(chunk))
        assert wait_for(lambda: logged(caplog, "SHA-256 does not match (corrupt chunk)"), 10)
        assert wait_for(lambda: logged(caplog, "not the chunk the signed manifest lists"), 10)
        with Running(ks, cs, gateway=False) as kiosk:
            assert wait_for(lambda: kiosk.outbox.status().depth == 0, 30)
        assert logged(caplog, "file(s) [3] do not match their SHA-256; chunks discarded")  # the early forgery
    assert_identical_at_court(ks, court.engine, [pid])


def test_replayed_chunks_and_manifests_change_nothing(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs) as run:
        pid = seal_session(ks, sample_filing(material_bytes=5000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.status().depth == 0, 30)
        manifest, data, sig = read_packet(ks.spool_dir / pid)
        chunk = (ks.spool_dir / pid / manifest["files"][0]["path"]).read_bytes()[:4096]
        raw(topics.up_chunk(kid, pid, 0, 0), chunk, sha256=sha256_hex(chunk))
        raw(topics.up_manifest(kid, pid), canonical({"manifest": b64e(data), "sig": b64e(sig)}))
        raw(topics.up_fin(kid, pid), b"{}")
        assert wait_for(lambda: logged(caplog, "replayed chunk of a packet already received"), 10)
    with Session(run.engine) as s:
        assert len(s.exec(select(InPacket)).all()) == 1
        assert s.exec(select(InChunk)).all() == []
    assert_identical_at_court(ks, run.engine, [pid])


def test_forged_receipt_is_ignored_until_the_court_answers(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs, gateway=False) as kiosk:
        pid = seal_session(ks, sample_filing(material_bytes=3000), outbox=kiosk.outbox)
        digest = kiosk.outbox.get(pid).digest
        assert wait_for(lambda: kiosk.sender.link.connected.is_set(), 10)
        forged = make_receipt(generate_key("p256"), packet_id=pid, kiosk_id=kid, packet_digest=digest,
                              received_at="2026-01-01T00:00:00Z", status="received", receiver_id="evil")
        raw(topics.down_ack(kid, pid), canonical({"state": "received", "receipt": forged}))
        raw(topics.down_ack(kid, pid), b"{this is not json")
        raw(topics.down_ack(kid, pid), canonical({"state": "receiving", "got": [[99, 0]]}))
        assert wait_for(lambda: logged(caplog, "receipt signature does not verify"), 10)
        assert wait_for(lambda: logged(caplog, "dropped (not JSON"), 10)
        assert wait_for(lambda: kiosk.sender.dropped_acks == 2, 10)  # the unsigned "got" too
        assert kiosk.outbox.get(pid).state != "delivered"
        with Running(ks, cs, sender=False):
            assert wait_for(lambda: kiosk.outbox.status().depth == 0, 30)
    assert json.loads(kiosk.outbox.get(pid).receipt)["receipt"]["receiver_id"] == cs.receiver_id


def test_oversized_and_malformed_messages_at_the_court(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    cs.max_message_bytes = 50_000
    kid, pid = ks.kiosk.kiosk_id, "0190a0b0-0000-7000-8000-0000000000aa"
    with Running(ks, cs) as run:
        raw(topics.up_chunk(kid, pid, 0, 0), b"x" * 60_000, sha256=sha256_hex(b"x" * 60_000))
        raw(topics.up_manifest(kid, pid), b"\xff\xfe garbage")
        raw(topics.up_manifest(kid, pid), canonical({"manifest": b64e(b"{}"), "sig": b64e(b"x")}))
        raw(topics.up_status(kid), b"[not, json")
        raw(f"court/v1/k/{kid}/up/doc/{pid}/ack", b"nope")
        raw("court/v1/k/../up/pkt/x/fin", b"{}")
        for text in ("oversized", "manifest dropped, malformed manifest message",
                     "manifest dropped, manifest signature does not verify",
                     "status of kiosk-test-01 dropped: not JSON", "dropped: not JSON", "unexpected topic"):
            assert wait_for(lambda: logged(caplog, text), 10), text
        pid_ok = seal_session(ks, sample_filing(material_bytes=2000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.status().depth == 0, 30)
    assert_identical_at_court(ks, run.engine, [pid_ok])


def test_document_with_a_bad_court_signature_is_rejected(mosquitto, pair, raw, caplog):
    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    with Running(ks, cs, gateway=False) as kiosk:
        assert wait_for(lambda: kiosk.sender.link.connected.is_set(), 10)
        doc = build_document(generate_key("p256"), kiosk_id=kid, kind="judgment", title="伪造判决书", court="豫0102",
                             files=[("judgment.pdf", b"%PDF-1.4 fake", "judgment", "application/pdf")])
        raw(topics.down_doc_manifest(kid, doc.doc_id), canonical({"manifest": b64e(doc.manifest_bytes),
                                                                   "sig": b64e(doc.signature)}))
        for f, c, data in doc.chunks():
            raw(topics.down_doc_chunk(kid, doc.doc_id, f, c), data, sha256=sha256_hex(data))
        raw(topics.down_doc_manifest(kid, "0190a0b0-0000-7000-8000-0000000000bb"), b"garbage")
        raw(topics.down_doc_chunk(kid, doc.doc_id, 0, 1), b"z" * 100_000, sha256="00")
        assert wait_for(lambda: logged(caplog, "manifest signature does not verify"), 10)
        assert wait_for(lambda: logged(caplog, "malformed manifest message rejected"), 10)
        assert list_documents(ks, outbox=kiosk.outbox) == []
        with kiosk.outbox.session() as s:  # dropped, not rejected: the court's own may still come
            assert s.get(InDocument, doc.doc_id) is None
        assert not list((ks.storage.data_dir / "docs").rglob("c/*"))  # its chunks were not kept
        pid = seal_session(ks, sample_filing(material_bytes=2000), outbox=kiosk.outbox)
        with Running(ks, cs, sender=False):
            assert wait_for(lambda: kiosk.outbox.get(pid).state == "delivered", 30)


def test_document_arriving_on_a_full_kiosk_disk_waits_and_arrives_when_space_is_back(mosquitto, pair, raw, caplog,
                                                                                      monkeypatch):
    """ENOSPC while the kiosk stores a court document: one clear line (no traceback), nothing listed
    and nothing acknowledged, so the court keeps it; the court's next sending is stored and verified."""
    import errno

    from court.keys import court_key
    from offline_queue import downlink

    caplog.set_level(logging.INFO)
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    doc = build_document(court_key(cs), kiosk_id=kid, kind="judgment", title="民事判决书", court="豫0102",
                         files=[("judgment.pdf", b"%PDF-1.4\n" + b"judgment " * 40_000, "judgment", "application/pdf")],
                         recipient=None)

    def send_document():
        raw(topics.down_doc_manifest(kid, doc.doc_id), canonical({"manifest": b64e(doc.manifest_bytes),
                                                                   "sig": b64e(doc.signature)}))
        for f, c, data in doc.chunks():
            raw(topics.down_doc_chunk(kid, doc.doc_id, f, c), data, sha256=sha256_hex(data))

    def no_space(*_args, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    with Running(ks, cs, gateway=False) as kiosk:
        assert wait_for(lambda: kiosk.sender.link.connected.is_set(), 10)
        with monkeypatch.context() as full:
            full.setattr(downlink, "write_durable", no_space)
            full.setattr(downlink, "atomic_write", no_space)
            send_document()
            assert wait_for(lambda: logged(caplog, "kiosk disk full (No space left on device): document"), 10)
        lines = [r for r in caplog.records if "kiosk disk full" in r.getMessage()]
        assert len(lines) == 1 and doc.doc_id in lines[0].getMessage()  # one line, not one per chunk
        assert not logged(caplog, "error handling message")
        assert list_documents(ks, outbox=kiosk.outbox) == []
        send_document()  # the court sends it again once the kiosk reports online
        assert wait_for(lambda: len(list_documents(ks, outbox=kiosk.outbox)) == 1, 10)
        with kiosk.outbox.session() as s:
            assert s.get(InDocument, doc.doc_id).state == "verified"
