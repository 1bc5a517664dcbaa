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


def test_a_connected_kiosk_revoked_at_the_court_is_refused_and_keeps_its_filing(site, tmp_path) -> None:
    """Mosquitto checks its CRL only when a client connects: a kiosk connected before its
    revocation keeps its session after the reload. So the gateway refuses it too
    (`court-gateway keys revoke`): its next filing is answered "untrusted", stored nowhere at the
    court, and kept in the kiosk's outbox with the reason."""
    import subprocess

    from court.store import InPacket, store_session
    from tests.transport.helpers import VENV_BIN, clean_env, court_env

    ks = kiosk_settings(tmp_path / "kiosk", site.port, kiosk_id="kiosk-b", **_tls(site, "kiosk-b"))
    cs = court_settings(tmp_path / "court", site.port, receiver_id=GATEWAY)
    cs.broker = cs.broker.model_copy(update=_tls(site, GATEWAY))
    exchange_keys(ks, cs)
    with Running(ks, cs) as run:
        first = seal_session(ks, sample_filing(material_bytes=5_000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.get(first).state == "delivered", 30)
        site.ca.revoke(common_name="kiosk-b")
        site.reload()
        assert run.sender.link.connected.is_set()  # the broker kept the session
        revoked = subprocess.run([str(VENV_BIN / "court-gateway"), "keys", "revoke", "kiosk-b"],
                                 env={**clean_env(), **court_env(cs)}, capture_output=True, text=True, timeout=60)
        assert revoked.returncode == 0 and "refused from now on" in revoked.stdout, revoked.stderr
        second = seal_session(ks, sample_filing(material_bytes=5_000, seed=1), outbox=run.outbox)
        assert wait_for(lambda: "no trusted key" in (run.outbox.get(second).last_error or ""), 30), \
            run.outbox.get(second)
        assert run.outbox.get(second).state not in ("delivered", "rejected")
    with store_session(run.engine) as s:
        assert s.get(InPacket, ("kiosk-b", first)) is not None
        assert s.get(InPacket, ("kiosk-b", second)) is None
