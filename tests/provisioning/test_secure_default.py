"""Secure by default: without mutual TLS the kiosk, its sender and the court gateway refuse to
start with one line saying why; the development switch allows plain MQTT to loopback only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from config.security import transport_refusal
from config.settings import Broker
from tests.transport.helpers import VENV_BIN

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("broker, refused_because", [
    (dict(), "broker.tls is off"),
    (dict(host="broker.court.example", plain_mqtt_dev=True), "only to a loopback broker, not broker.court.example"),
    (dict(host="10.0.0.5", plain_mqtt_dev=True), "not 10.0.0.5"),
    (dict(tls=True, ca_file="/ca.crt"), "broker.cert_file, broker.key_file is not set"),
    (dict(plain_mqtt_dev=True), None),
    (dict(host="localhost", plain_mqtt_dev=True), None),
    (dict(host="::1", plain_mqtt_dev=True), None),
    (dict(tls=True, ca_file="/ca", cert_file="/c", key_file="/k", host="broker.court.example"), None),
])
def test_the_rule(broker, refused_because) -> None:
    refusal = transport_refusal(Broker(**broker))
    if refused_because is None:
        assert refusal is None
    else:
        assert refusal is not None and refused_because in refusal and "\n" not in refusal


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}
    return {**env, "DISPLAY": "", **extra}


@pytest.mark.parametrize("argv", [
    [str(VENV_BIN / "kiosk"), "sender", "run"],
    [sys.executable, "-m", "kiosk.cli.main", "run", "--windowed"],
    [str(VENV_BIN / "court-gateway"), "run"],
])
def test_a_site_without_tls_refuses_to_start_with_one_line(tmp_path, argv) -> None:
    site = tmp_path / "site.toml"
    site.write_text(f'[storage]\ndata_dir = "{tmp_path / "data"}"\n[broker]\nhost = "broker.court.example"\n'
                    f'port = 1883\n', encoding="utf-8")
    court = tmp_path / "court.toml"
    court.write_text(f'data_dir = "{tmp_path / "court"}"\n[broker]\nhost = "broker.court.example"\n')
    args = [*argv, "--config", str(court if "court-gateway" in argv[0] else site)]
    done = subprocess.run(args, env=_env(), capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("refusing to start: broker.tls is off"), done.stderr


def test_the_development_switch_does_not_reach_past_loopback(tmp_path) -> None:
    done = subprocess.run([str(VENV_BIN / "kiosk"), "sender", "run"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_env(KIOSK_BROKER__PLAIN_MQTT_DEV="true",
                                                 KIOSK_BROKER__HOST="192.0.2.10",
                                                 KIOSK_STORAGE__DATA_DIR=str(tmp_path / "data")))
    assert done.returncode == 2 and "only to a loopback broker, not 192.0.2.10" in done.stderr
    on_loopback = subprocess.run([str(VENV_BIN / "kiosk"), "sender", "run"], capture_output=True, text=True,
                                 timeout=60, cwd=tmp_path,
                                 env=_env(KIOSK_BROKER__PLAIN_MQTT_DEV="true",
                                          KIOSK_STORAGE__DATA_DIR=str(tmp_path / "data")))
    # past the transport rule, stopped by the next one: no court key installed yet
    assert on_loopback.returncode == 2 and "refusing" not in on_loopback.stderr
    assert "court's public key is not installed" in on_loopback.stderr
