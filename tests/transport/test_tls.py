"""The MQTT link over mutual TLS on a real Mosquitto (private CA, per-kiosk ACL): a kiosk with the
court CA's certificate delivers and stores the verified receipt; a kiosk with the wrong client
certificate, none, or the wrong CA for the broker is refused with a clear log line and keeps its
packet in the outbox, which goes out once the certificates are right. Unreadable TLS files are
named in the error at start-up."""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from tests.fixtures.tls import TestCA
from tests.transport.helpers import Running, wait_for

KIOSK_ID = "kiosk-test-01"


def tls_broker(ca_file: Path, cert_file: Path | None = None, key_file: Path | None = None) -> dict:
    return {"tls": True, "ca_file": ca_file, "cert_file": cert_file, "key_file": key_file}


def tls_pair(pair, broker, **kiosk_tls):
    """Kiosk and court settings on the mTLS broker: the court with its own good certificate, the
    kiosk with ``kiosk_tls`` (by default a good certificate for its kiosk id)."""
    ca = broker.tls.ca
    if not kiosk_tls:
        kiosk = ca.client(KIOSK_ID)
        kiosk_tls = tls_broker(ca.ca_file, kiosk.cert, kiosk.key)
    ks, cs = pair(broker.port, **kiosk_tls)
    gateway = ca.client(cs.receiver_id)
    cs.broker = cs.broker.model_copy(update=tls_broker(ca.ca_file, gateway.cert, gateway.key))
    return ks, cs


@contextmanager
def kiosk_sender(ks, outbox):
    """A kiosk sender on its own thread, without waiting for a subscription that may never come."""
    from offline_queue.sender import Sender
    from offline_queue.service import court_public_key

    sender = Sender(ks, outbox, court_public_key(ks))
    thread = sender.start_in_thread()
    try:
        yield sender, thread
    finally:
        sender.stop_event.set()
        thread.join(10)


@pytest.mark.integration
def test_sealed_packet_delivered_over_mtls_with_verified_receipt(tls_mosquitto, pair):
    ks, cs = tls_pair(pair, tls_mosquitto)
    with Running(ks, cs) as run:
        assert run.sender.link.subscribed.is_set() and run.gateway.link.subscribed.is_set()
        pid = seal_session(ks, sample_filing(material_bytes=20_000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 20)
    receipt = json.loads(run.outbox.get(pid).receipt)["receipt"]
    assert receipt["status"] == "received" and receipt["receiver_id"] == cs.receiver_id


def _foreign_client(tmp_path, broker):
    other = TestCA(tmp_path / "other-ca", name="Not The Court CA")
    cert = other.client(KIOSK_ID)
    return tls_broker(broker.tls.ca.ca_file, cert.cert, cert.key)


def _no_client_cert(_tmp_path, broker):
    return tls_broker(broker.tls.ca.ca_file)


def _wrong_server_ca(tmp_path, broker):
    other = TestCA(tmp_path / "other-ca", name="Not The Court CA")
    cert = broker.tls.ca.client(KIOSK_ID)  # a genuine client certificate, but it trusts another CA
    return tls_broker(other.ca_file, cert.cert, cert.key)


@pytest.mark.integration
@pytest.mark.parametrize("bad_tls, expected", [
    (_foreign_client, "the broker refused this client's certificate"),
    (_no_client_cert, "the broker refused this client's certificate"),
    (_wrong_server_ca, "certificate verify failed"),
], ids=["client-cert-from-another-ca", "no-client-cert", "server-cert-not-from-our-ca"])
def test_refused_tls_is_logged_and_the_packet_waits_in_the_outbox(tls_mosquitto, pair, tmp_path, caplog,
                                                                  bad_tls, expected):
    caplog.set_level(logging.WARNING, logger="offline_queue.link")
    ks, cs = tls_pair(pair, tls_mosquitto, **bad_tls(tmp_path, tls_mosquitto))
    with Running(ks, cs, sender=False) as court:
        pid = seal_session(ks, sample_filing(material_bytes=5_000), outbox=court.outbox)
        with kiosk_sender(ks, court.outbox) as (sender, thread):
            tls_lines = lambda: [r.getMessage() for r in caplog.records if "TLS handshake" in r.getMessage()]
            assert wait_for(lambda: tls_lines(), 10), caplog.text
            assert expected in tls_lines()[0] and f"127.0.0.1:{tls_mosquitto.port}" in tls_lines()[0]
            assert thread.is_alive() and not sender.link.connected.is_set()
        assert court.outbox.get(pid).state == "sealed" and court.outbox.status().depth == 1
        # Not lost: with the right certificates the same packet goes out.
        good = tls_mosquitto.tls.ca.client(KIOSK_ID)
        fixed = ks.model_copy(update={"broker": ks.broker.model_copy(
            update=tls_broker(tls_mosquitto.tls.ca.ca_file, good.cert, good.key))})
        with kiosk_sender(fixed, court.outbox):
            assert wait_for(lambda: court.outbox.get(pid).state == "delivered", 20)


@pytest.mark.unit
def test_missing_tls_file_is_named_at_start_up(tmp_path):
    from config.settings import Broker
    from offline_queue.link import MqttLink

    ca = TestCA(tmp_path / "ca")
    missing = tmp_path / "nowhere" / "kiosk.crt"
    broker = Broker(**tls_broker(ca.ca_file, missing, tmp_path / "nowhere" / "kiosk.key"))
    with pytest.raises(ValueError, match="broker TLS files unusable") as err:
        MqttLink(broker, KIOSK_ID, subscriptions=[], on_message=lambda _m: None)
    assert str(missing) in str(err.value)


@pytest.mark.integration
def test_acl_keeps_a_kiosk_to_its_own_topics(tls_mosquitto, pair, caplog):
    """A genuine certificate for another kiosk id connects, but the per-kiosk ACL (username = CN)
    drops what it publishes under this kiosk's topics: nothing reaches the court. The broker says so
    in its PUBACKs (MQTT v5 "Not authorized"): the kiosk logs it once and notes it on the packet."""
    from sqlmodel import Session, select

    from court.store import InPacket

    caplog.set_level(logging.WARNING, logger="offline_queue.sender")
    ca = tls_mosquitto.tls.ca
    other = ca.client("kiosk-other-02")
    ks, cs = tls_pair(pair, tls_mosquitto, **tls_broker(ca.ca_file, other.cert, other.key))
    with Running(ks, cs) as run:
        assert run.sender.link.connected.is_set()
        pid = seal_session(ks, sample_filing(material_bytes=2_000), outbox=run.outbox)
        assert not wait_for(lambda: run.outbox.get(pid).state == "delivered", 3)
        assert wait_for(lambda: run.outbox.get(pid).last_error, 5)
    with Session(run.engine) as s:
        assert s.exec(select(InPacket)).all() == []
    row = run.outbox.get(pid)
    assert row.state in ("sealed", "sending") and "Not authorized" in row.last_error
    refusals = [r.getMessage() for r in caplog.records if "broker refused a message" in r.getMessage()
                and pid in r.getMessage()]
    assert len(refusals) == 1 and "Not authorized" in refusals[0] and KIOSK_ID in refusals[0]


@pytest.mark.integration
def test_gateway_refused_by_the_acl_says_so_and_keeps_what_it_stored(pair, tmp_path, caplog):
    """A gateway whose certificate may read the kiosks' up/ topics but not write down/: it stores
    and records the packet, but every ack and receipt is refused by the broker. The gateway says so
    (once per kiosk and kind, not per message); the kiosk keeps the packet open, nothing is lost."""
    from sqlmodel import select

    from court.store import InPacket, store_session
    from tests.fixtures.mosquitto import start_tls_broker

    caplog.set_level(logging.ERROR, logger="court.gateway")
    broker = start_tls_broker(tmp_path / "mosquitto", gateway_ids=(), persistence=False,
                              acl_extra="user court-gw-readonly\ntopic read court/v1/k/+/up/#\n")
    try:
        ks, cs = tls_pair(pair, broker)
        cs.receiver_id = "court-gw-readonly"
        gateway = broker.tls.ca.client(cs.receiver_id)
        cs.broker = cs.broker.model_copy(update=tls_broker(broker.tls.ca.ca_file, gateway.cert, gateway.key))
        with Running(ks, cs, ack_timeout=0.5) as run:  # the kiosk asks again (fin) every 0.5 s
            refused_topics = []
            log_refusal = run.gateway.link.on_refused
            run.gateway.link.on_refused = lambda topic, reason: (refused_topics.append(topic),
                                                                 log_refusal(topic, reason))
            pid = seal_session(ks, sample_filing(material_bytes=2_000), outbox=run.outbox)  # within one window

            def recorded():
                with store_session(run.engine) as s:
                    return s.exec(select(InPacket.state).where(InPacket.packet_id == pid)).first() == "received"

            assert wait_for(recorded, 20)
            assert wait_for(lambda: len(refused_topics) >= 4, 15), refused_topics  # acks, receipt, answers to fin
            assert run.outbox.get(pid).state in ("sending", "awaiting_receipt")  # no receipt reached it
        refusals = [r.getMessage() for r in caplog.records if "broker refused the court's message" in r.getMessage()]
        assert len(refusals) == 1, refusals  # many acks refused, one line
        assert "Not authorized" in refusals[0] and "court-gw-readonly" in refusals[0]
    finally:
        broker.stop()
