"""The operator commands as processes: key exchange, queue status/list/show/park/retry, review show."""

from __future__ import annotations

import json
import subprocess

import pytest

from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.service import open_outbox
from tests.transport.helpers import (VENV_BIN, Running, clean_env, court_env, court_settings, kiosk_env,
                                     kiosk_settings)

pytestmark = pytest.mark.integration


def kiosk(ks, *args):
    return subprocess.run([str(VENV_BIN / "kiosk"), *args], env={**clean_env(), **kiosk_env(ks)},
                          capture_output=True, text=True, timeout=60)


def court(cs, *args):
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args], env={**clean_env(), **court_env(cs)},
                          capture_output=True, text=True, timeout=60)


def test_local_key_exchange_and_delivery_with_the_clis(mosquitto, tmp_path):
    ks = kiosk_settings(tmp_path / "kiosk", mosquitto.port)
    cs = court_settings(tmp_path / "court", mosquitto.port)
    assert kiosk(ks, "sender", "run").returncode == 2  # no court key installed: a clear refusal
    court_pub = ks.storage.data_dir / "keys" / "court.pub"
    assert court(cs, "keys", "export", "--out", str(court_pub)).returncode == 0
    assert kiosk(ks, "packet", "export-key", "--out", str(tmp_path / "k.pem")).returncode == 0
    trusted = court(cs, "keys", "trust", ks.kiosk.kiosk_id, str(tmp_path / "k.pem"))
    assert trusted.returncode == 0 and "trusted kiosk-test-01" in trusted.stdout
    pid = seal_session(ks, sample_filing(material_bytes=2000), outbox=open_outbox(ks))
    with Running(ks, cs, sender=False):
        sent = kiosk(ks, "sender", "run", "--until-empty")
    assert sent.returncode == 0, sent.stderr
    shown = kiosk(ks, "queue", "show", pid)
    assert "delivered" in shown.stdout and '"status": "received"' in shown.stdout
    review = court(cs, "review", "show", pid[:20])
    assert review.returncode == 0 and "materials/01.pdf" in review.stdout and "张三" in review.stdout


def test_queue_commands(pair):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    ids = [seal_session(ks, sample_filing(material_bytes=1000, seed=i), outbox=outbox) for i in range(2)]
    status = json.loads(kiosk(ks, "queue", "status", "--json").stdout)
    assert status["depth"] == 2 and status["counts"] == {"sealed": 2}
    assert kiosk(ks, "queue", "park", ids[0], "--reason", "检查材料").returncode == 0
    listing = kiosk(ks, "queue", "list", "--state", "parked").stdout
    assert ids[0] in listing and ids[1] not in listing
    assert "检查材料" in kiosk(ks, "queue", "show", ids[0]).stdout
    assert "sealed" in kiosk(ks, "queue", "retry", ids[0]).stdout
    assert kiosk(ks, "queue", "retry", ids[0]).returncode == 1  # nothing to retry now
    assert kiosk(ks, "queue", "show", "nope").returncode == 1
    human = kiosk(ks, "queue", "status").stdout
    assert "depth 2" in human and "disk:" in human
