"""The generated broker configuration, proven by delivery on a real Mosquitto (a denied publish is
simply not delivered, so every refusal is checked against a message that did get through)."""

from __future__ import annotations

import pytest

from tests.provisioning.broker_site import GATEWAY, make_site, settle

pytestmark = pytest.mark.integration

UP = "court/v1/k/{}/up/status"
DOWN = "court/v1/k/{}/down/pkt/p1/ack"


@pytest.fixture
def site(tmp_path):
    site = make_site(tmp_path).start()
    yield site
    site.stop()


def test_a_kiosk_cannot_publish_as_another(site) -> None:
    gateway = site.probe(GATEWAY)
    assert gateway.ok, gateway.reason
    gateway.subscribe("court/v1/k/+/up/#")
    kiosk_a = site.probe("kiosk-a")
    assert kiosk_a.ok, kiosk_a.reason
    kiosk_a.publish(UP.format("kiosk-b"), b"forged by a")
    kiosk_a.publish(UP.format("kiosk-a"), b"a speaks for itself")
    assert gateway.wait_for(b"a speaks for itself")  # in order, after the forged one
    assert not gateway.got(b"forged by a")


def test_a_kiosk_cannot_read_another_kiosks_downlink(site) -> None:
    kiosk_a, kiosk_b = site.probe("kiosk-a"), site.probe("kiosk-b")
    kiosk_a.subscribe(DOWN.format("kiosk-b").rsplit("/", 3)[0] + "/#", "#", "court/v1/k/+/down/#")
    kiosk_b.subscribe("court/v1/k/kiosk-b/down/#")
    gateway = site.probe(GATEWAY)
    gateway.publish(DOWN.format("kiosk-b"), b"receipt for b")
    gateway.publish(DOWN.format("kiosk-a"), b"receipt for a")
    assert kiosk_b.wait_for(b"receipt for b") and kiosk_a.wait_for(b"receipt for a")
    settle()
    assert not kiosk_a.got(b"receipt for b")
    assert not any(b"for b" in p for _t, p in kiosk_a.received)


def test_a_certificate_cannot_take_another_kiosks_client_id_and_queue(site) -> None:
    kiosk_b = site.probe("kiosk-b", clean=False)
    kiosk_b.subscribe("court/v1/k/kiosk-b/down/#")
    kiosk_b.close()
    gateway = site.probe(GATEWAY)
    for n in range(5):
        gateway.publish(DOWN.format("kiosk-b"), f"queued {n}".encode())
    # kiosk-a's certificate, asking for kiosk-b's client id and session
    thief = site.probe("kiosk-a", client_id="kiosk-b", clean=False)
    assert thief.ok, thief.reason
    thief.subscribe("court/v1/k/kiosk-b/down/#")
    settle(1.0)
    assert thief.received == []
    thief.close()
    back = site.probe("kiosk-b", clean=False)
    assert back.ok
    assert all(back.wait_for(f"queued {n}".encode()) for n in range(5))


def test_an_anonymous_client_gets_nothing(site) -> None:
    plain = site.probe(None, "eavesdropper", tls=False)
    assert not plain.ok
    no_cert = site.probe(None, "eavesdropper")
    assert not no_cert.ok
    # and a kiosk's traffic goes on meanwhile
    gateway = site.probe(GATEWAY)
    gateway.subscribe("court/v1/k/+/up/#")
    site.probe("kiosk-a").publish(UP.format("kiosk-a"), b"hello")
    assert gateway.wait_for(b"hello")
    assert plain.received == [] and no_cert.received == []


@pytest.mark.parametrize("how", ["reload", "restart"])
def test_a_revoked_kiosk_cannot_connect(site, how) -> None:
    assert site.probe("kiosk-c").ok
    site.ca.revoke(common_name="kiosk-c")  # rewrites the CRL the broker reads
    getattr(site, how)()
    revoked = site.probe("kiosk-c")
    assert not revoked.ok
    assert site.probe("kiosk-a").ok  # the others are unaffected


def test_queued_messages_survive_a_broker_restart(site) -> None:
    kiosk_b = site.probe("kiosk-b", clean=False)
    kiosk_b.subscribe("court/v1/k/kiosk-b/down/#")
    kiosk_b.close()
    gateway = site.probe(GATEWAY)
    for n in range(3):
        gateway.publish(DOWN.format("kiosk-b"), f"kept {n}".encode())
    gateway.close()
    site.restart()  # a clean stop saves the queue (persistence on)
    back = site.probe("kiosk-b", clean=False)
    assert back.ok
    assert all(back.wait_for(f"kept {n}".encode()) for n in range(3))


def test_an_oversized_message_is_not_delivered(tmp_path) -> None:
    site = make_site(tmp_path, max_message_bytes=64 * 1024).start()
    try:
        gateway = site.probe(GATEWAY)
        gateway.subscribe("court/v1/k/+/up/#")
        kiosk_a = site.probe("kiosk-a")
        kiosk_a.publish(UP.format("kiosk-a"), b"x" * 100_000, wait=False)
        small = site.probe("kiosk-b")
        small.publish(UP.format("kiosk-b"), b"small")
        assert gateway.wait_for(b"small")
        settle()
        assert not any(len(p) >= 100_000 for _t, p in gateway.received)
    finally:
        site.stop()
