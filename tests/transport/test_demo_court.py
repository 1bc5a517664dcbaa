"""The demo's embedded court: a real Mosquitto and `court-gateway run` started by the kiosk side,
keys exchanged, a sealed filing answered with a verified receipt, and nothing left running after
it stops — by the context manager, or when the process that started it is killed outright."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from config.settings import KioskSettings
from kiosk.demo_court import DemoCourt
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.sender import Sender
from offline_queue.service import court_public_key, open_outbox
from tests.transport.helpers import VENV_BIN, wait_for

pytestmark = pytest.mark.integration


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _settings(tmp_path: Path) -> KioskSettings:
    return KioskSettings(kiosk={"kiosk_id": "kiosk-demo-01"},
                         storage={"data_dir": tmp_path / "unused", "disk_high_water_mb": 0,
                                  "disk_hard_limit_mb": 0})


@pytest.mark.parametrize("tls", [True, False], ids=["mtls", "plain"])
def test_a_sealed_filing_gets_a_verified_receipt_and_stop_leaves_nothing(tmp_path: Path, tls: bool) -> None:
    from config.security import transport_refusal

    base = _settings(tmp_path)
    before = {p.pid for p in psutil.Process().children(recursive=True)}  # the suite's own servers
    with DemoCourt(base, workdir=tmp_path, tls=tls) as court:
        settings = court.apply(base)
        assert settings.broker.port == court.port and transport_refusal(settings.broker) is None
        assert settings.broker.tls is tls and settings.broker.plain_mqtt_dev is not tls
        assert settings.storage.data_dir.is_relative_to(court.root)  # a fresh queue per demo
        pids = {name: proc.pid for name, proc in court.processes.items()}
        assert set(pids) == {"broker", "gateway"} and all(map(_alive, pids.values()))
        outbox = open_outbox(settings)
        pid = seal_session(settings, sample_filing(material_bytes=3000), outbox=outbox)
        sender = Sender(settings, outbox, court_public_key(settings))
        thread = sender.start_in_thread()
        try:
            assert wait_for(lambda: outbox.get(pid).state == "delivered", timeout=30), court.log("gateway")
        finally:
            sender.stop_event.set()
            thread.join(10)
        row = outbox.get(pid)
        receipt = json.loads(row.receipt) if isinstance(row.receipt, str) else row.receipt
        assert row.receipt_status == "received" and pid in json.dumps(receipt)
        # The court's own record of it, through its CLI.
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("COURT_")},
               **court._court_env()}
        shown = subprocess.run([str(VENV_BIN / "court-gateway"), "review", "show", pid], env=env,
                               capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0 and "张三" in shown.stdout, shown.stderr
        root = court.root
    assert court.processes == {} and not root.exists()
    assert not any(map(_alive, pids.values()))
    assert not [p for p in psutil.Process().children(recursive=True)
                if p.pid not in before and p.status() != psutil.STATUS_ZOMBIE]


def test_the_mtls_court_refuses_a_client_without_the_kiosks_certificate(tmp_path: Path) -> None:
    """The demo runs the real thing: its broker is the generated mTLS one, not an open port."""
    import ssl

    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    with DemoCourt(_settings(tmp_path), workdir=tmp_path) as court:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="eavesdropper", protocol=mqtt.MQTTv5)
        client.tls_set(ca_certs=str(court.root / "broker" / "ca.crt"), tls_version=ssl.PROTOCOL_TLS_CLIENT)
        with pytest.raises((ssl.SSLError, OSError)):
            client.connect("127.0.0.1", court.port)
            client.loop_start()
            for _ in range(20):  # TLS 1.3 reports a refused client certificate on first read
                if client.is_connected():
                    break
                time.sleep(0.1)
            client.loop_stop()
            if not client.is_connected():
                raise OSError("refused")
        assert "kiosk-demo-01" in (court.root / "ca" / "index.json").read_text()


def test_the_court_dies_with_a_kiosk_that_is_killed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from config.settings import KioskSettings\n"
        "from kiosk.demo_court import DemoCourt\n"
        "s = KioskSettings(storage={'data_dir': Path(sys.argv[1]) / 'k'})\n"
        "court = DemoCourt(s, workdir=Path(sys.argv[1])).start()\n"
        "print(court.processes['broker'].pid, court.processes['gateway'].pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    kiosk = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE,
                             text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        line = kiosk.stdout.readline()
        assert line, "the demo court did not start"
        pids = [int(x) for x in line.split()]
        assert all(map(_alive, pids))
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(10)
        assert wait_for(lambda: not any(map(_alive, pids)), timeout=15)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait(5)
        for pid in locals().get("pids", []):  # a failed run must not leave the court behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_missing_gateway_is_one_clear_error_and_nothing_is_left(tmp_path: Path, monkeypatch) -> None:
    from kiosk import demo_court

    monkeypatch.setattr(demo_court, "_court_cli", lambda: str(tmp_path / "no-such-court-gateway"))
    court = DemoCourt(_settings(tmp_path), workdir=tmp_path)
    started = time.monotonic()
    with pytest.raises((demo_court.DemoCourtError, OSError)):
        court.start()
    assert time.monotonic() - started < 15
    assert court.processes == {} and court.root is None
