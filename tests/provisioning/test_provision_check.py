"""`kiosk provision check` on a machine built to the recipe (in a temporary root), then with one
deviation at a time: each is named on its own line and the command exits 1."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from provisioning.ca import CourtCA
from provisioning.check import JOURNALD, SYSTEMD_DIR, UNITS
from tests.transport.helpers import VENV_BIN

pytestmark = [pytest.mark.unit,
              pytest.mark.skipif(os.geteuid() != 0, reason="builds a machine with files owned by another user")]

USER = "nobody"
KIOSK_ID = "kiosk-gy-001"


def _machine(tmp: Path, **change) -> tuple[Path, list[str]]:
    """A kiosk machine that follows the recipe, except for ``change``; returns (site file, args)."""
    from kiosk.flows.pin import hash_pin

    root = tmp / "root"
    for unit in UNITS:
        target = root / "etc/systemd/system" / unit
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SYSTEMD_DIR / unit, target)
    journald = root / JOURNALD[1]
    journald.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SYSTEMD_DIR / JOURNALD[0], journald)
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/cage").write_text("#!/bin/sh\n")
    app = tmp / "app"
    (app / "kiosk").mkdir(parents=True)
    app.chmod(0o755)
    data = tmp / "data"
    data.mkdir()
    data.chmod(0o750)
    shutil.chown(data, USER)
    ca = CourtCA.init(tmp / "ca")
    cert = ca.issue(change.get("cn", KIOSK_ID), tmp / "tls", days=change.get("days", 397))
    if "foreign_ca" in change:
        cert = CourtCA.init(tmp / "other-ca").issue(KIOSK_ID, tmp / "tls-other")
    (tmp / "court.pub").write_text("-----BEGIN PUBLIC KEY-----\n")
    pin = "" if change.get("default_pin") else f'admin_pin_hash = "{hash_pin("739146")}"\n'
    tls = ("tls = false\nplain_mqtt_dev = true\n" if change.get("plain") else
           f'tls = true\nca_file = "{tmp / "tls/ca.crt"}"\ncert_file = "{cert.cert}"\nkey_file = "{cert.key}"\n')
    scanner = 'kind = "sim"' if change.get("sim_scanner") else 'kind = "sane"\nurl = "fujitsu:fi-7160"'
    site = tmp / "kiosk.toml"
    site.write_text(f"""[kiosk]
kiosk_id = "{KIOSK_ID}"
[devices.idcard]
kind = "serial"
url = "/dev/ttyUSB0"
[devices.smartcard]
kind = "pcsc"
[devices.printer]
kind = "cups"
url = "A4"
[devices.receipt_printer]
kind = "escpos"
url = "/dev/ttyUSB1"
[devices.scanner]
{scanner}
[devices.qr_scanner]
kind = "serial"
url = "/dev/ttyACM0"
[devices.av]
kind = "linux"
[broker]
host = "broker.court.example"
port = 8883
{tls}[storage]
data_dir = "{data}"
[keys]
court_public_key_file = "{tmp / 'court.pub'}"
[ui]
{pin}""", encoding="utf-8")
    return site, ["--config", str(site), "--root", str(root), "--app-dir", str(app), "--user", USER]


def _check(args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}
    return subprocess.run([str(VENV_BIN / "kiosk"), "provision", "check", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_machine_built_to_the_recipe_passes(tmp_path: Path) -> None:
    _site, args = _machine(tmp_path)
    done = _check(args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL" not in done.stdout and done.stdout.strip().endswith("the machine follows the recipe")
    assert done.stdout.count("\nok   ") >= 15


@pytest.mark.parametrize("change, after, failing", [
    ({"plain": True}, None, "FAIL broker.tls: refusing to start: broker.plain_mqtt_dev allows plain MQTT only"),
    ({}, lambda t: (t / "tls" / f"{KIOSK_ID}.key").chmod(0o644), "FAIL broker.key_file: mode 0644"),
    ({"cn": "kiosk-gy-002"}, None, "FAIL certificate CN: the certificate is for 'kiosk-gy-002'"),
    ({"foreign_ca": True}, None, "FAIL certificate issuer: not issued by broker.ca_file"),
    ({"days": 10}, None, "FAIL certificate expiry: expires in"),
    ({"default_pin": True}, None, "FAIL admin PIN: the default admin PIN"),
    ({"sim_scanner": True}, None, "FAIL devices.scanner: kind 'sim'"),
    ({}, lambda t: (t / "root/etc/systemd/system/kiosk-ui.service").write_text("[Service]\nExecStart=/bin/bash\n"),
     "FAIL kiosk-ui.service: /etc/systemd/system/kiosk-ui.service differs from the recipe"),
    ({}, lambda t: (t / "app" / "kiosk").chmod(0o777), "FAIL application folder"),
    ({}, lambda t: (t / "data").chmod(0o755), "FAIL storage.data_dir"),
    ({}, lambda t: (t / "root/usr/bin/cage").unlink(), "FAIL cage: cage is not installed"),
    ({}, lambda t: (t / "court.pub").unlink(), "FAIL court key"),
], ids=["plain", "key-mode", "cn", "issuer", "expiry", "pin", "simulator", "unit", "app-dir", "data-dir",
        "cage", "court-key"])
def test_each_deviation_is_named(tmp_path: Path, change, after, failing) -> None:
    _site, args = _machine(tmp_path, **change)
    if after:
        after(tmp_path)
    done = _check(args)
    assert done.returncode == 1
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1 and fails[0].startswith(failing), done.stdout
    assert "1 deviation(s) from the recipe" in done.stdout
