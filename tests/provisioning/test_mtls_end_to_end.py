"""The transport end to end on the generated broker configuration: a kiosk with its provisioned
certificate delivers a sealed filing and stores the court's verified receipt; a kiosk whose
certificate was revoked keeps its filing in the outbox (nothing lost) and reaches nobody."""

from __future__ import annotations

import json

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from tests.provisioning.broker_site import GATEWAY, make_site
from tests.transport.helpers import Running, court_settings, exchange_keys, kiosk_settings, wait_for
from tests.transport.test_tls import kiosk_sender

pytestmark = pytest.mark.integration


def _tls(site, cn: str) -> dict:
    return {"tls": True, "ca_file": site.ca.cert_file, "cert_file": site.certs[cn].cert,
            "key_file": site.certs[cn].key, "host": "127.0.0.1"}


@pytest.fixture
def site(tmp_path):
    site = make_site(tmp_path / "site").start()
    yield site
    site.stop()


def test_a_filing_is_delivered_over_the_generated_mtls_broker(site, tmp_path) -> None:
    ks = kiosk_settings(tmp_path / "kiosk", site.port, kiosk_id="kiosk-a", **_tls(site, "kiosk-a"))
    cs = court_settings(tmp_path / "court", site.port, receiver_id=GATEWAY)
    cs.broker = cs.broker.model_copy(update=_tls(site, GATEWAY))
    exchange_keys(ks, cs)
    with Running(ks, cs) as run:
        pid = seal_session(ks, sample_filing(material_bytes=50_000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 30)
    receipt = json.loads(run.outbox.get(pid).receipt)["receipt"]
    assert receipt["status"] == "received" and receipt["receiver_id"] == GATEWAY


def test_a_revoked_kiosk_keeps_its_filing_and_reaches_nobody(site, tmp_path) -> None:
    site.ca.revoke(common_name="kiosk-c")
    site.restart()
    ks = kiosk_settings(tmp_path / "kiosk", site.port, kiosk_id="kiosk-c", **_tls(site, "kiosk-c"))
    cs = court_settings(tmp_path / "court", site.port, receiver_id=GATEWAY)
    cs.broker = cs.broker.model_copy(update=_tls(site, GATEWAY))
    exchange_keys(ks, cs)
    with Running(ks, cs, sender=False) as run:
        pid = seal_session(ks, sample_filing(material_bytes=5_000), outbox=run.outbox)
        with kiosk_sender(ks, run.outbox) as (sender, _thread):
            assert not wait_for(lambda: sender.link.connected.is_set(), 3)
        assert run.outbox.get(pid).state in ("sealed", "sending")
    from court.store import InPacket, store_session

    with store_session(run.engine) as s:
        assert s.get(InPacket, ("kiosk-c", pid)) is None
