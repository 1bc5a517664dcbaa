"""`kiosk provision check` on a machine built to the recipe (in a temporary root), then with one
deviation at a time: each is named on its own line and the command exits 1. systemd-creds is a
stub first on PATH (sealed = a header and the key; anything else does not decrypt), so the
at-rest key's checks run the same on a machine without a TPM or a host secret."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provisioning.ca import CourtCA
from provisioning.check import JOURNALD, SYSTEMD_DIR, UNITS
from tests.transport.helpers import VENV_BIN

pytestmark = [pytest.mark.unit,
              pytest.mark.skipif(os.geteuid() != 0, reason="builds a machine with files owned by another user")]

USER = "nobody"
KIOSK_ID = "kiosk-gy-001"
SEALED = b"stub-sealed:at-rest.key\n"
STUB_CREDS = f"""#!{sys.executable}
# systemd-creds stub: decrypt --name=NAME FILE OUT; a file sealed here is SEALED + the key
import sys
args = [a for a in sys.argv[1:] if not a.startswith("--")]
name = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--name=")), "")
data = open(args[1], "rb").read()
head = b"stub-sealed:" + name.encode() + b"\\n"
if args[0] != "decrypt" or not data.startswith(head):
    sys.stderr.write("Failed to decrypt the credential: Bad message\\n")
    sys.exit(1)
sys.stdout.buffer.write(data[len(head):])
"""


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
    _at_rest(tmp, root, data, change.get("at_rest", "sealed"))
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


def _at_rest(tmp: Path, root: Path, data: Path, how: str) -> None:
    """The at-rest key as ``kiosk provision seal-at-rest-key`` leaves it (``sealed``), or not."""
    from provisioning.at_rest import DROP_IN, UNITS as KEY_UNITS, drop_in

    stubs = tmp / "stubs"
    stubs.mkdir()
    if how != "no_tool":
        (stubs / "systemd-creds").write_text(STUB_CREDS)
        (stubs / "systemd-creds").chmod(0o755)
    keys = data / "keys"
    keys.mkdir(mode=0o700)
    cred = keys / "at-rest.key.cred"
    key = os.urandom(32)
    if how in ("clear", "clear_too"):
        (keys / "at-rest.key").write_bytes(key)
    if how in ("none", "clear"):
        return
    cred.write_bytes({"foreign": b"sealed on another machine", "short": SEALED + key[:16]}.get(how, SEALED + key))
    cred.chmod(0o644 if how == "loose" else 0o600)
    for unit in KEY_UNITS[:1] if how == "one_unit" else KEY_UNITS:
        conf = root / "etc/systemd/system" / f"{unit}.d" / DROP_IN
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(drop_in(cred.resolve()))


def _check(args: list[str], real_creds: dict | None = None) -> subprocess.CompletedProcess:
    """The command as court IT runs it; ``real_creds``: the real systemd-creds, with this env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}
    site = Path(args[args.index("--config") + 1])
    env["PATH"] = f"{site.parent / 'stubs'}:{env.get('PATH', '/usr/bin:/bin')}"
    if real_creds is not None:
        env.update(real_creds)
        env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    elif not (site.parent / "stubs" / "systemd-creds").exists():
        env["PATH"] = str(site.parent / "stubs")  # no systemd-creds anywhere
    return subprocess.run([str(VENV_BIN / "kiosk"), "provision", "check", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_machine_built_to_the_recipe_passes(tmp_path: Path) -> None:
    _site, args = _machine(tmp_path)
    done = _check(args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL" not in done.stdout and done.stdout.strip().endswith("the machine follows the recipe")
    assert done.stdout.count("\nok   ") >= 17
    assert "\nok   at-rest key: " in done.stdout and "unseals on this machine" in done.stdout
    assert "ok   at-rest key units: kiosk-sender.service, kiosk-ui.service load the credential" in done.stdout


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
    ({"at_rest": "clear"}, None, "FAIL at-rest key: not sealed: "),
    ({"at_rest": "none"}, None, "FAIL at-rest key: missing: neither "),
    ({"at_rest": "foreign"}, None, "FAIL at-rest key: {cred} does not unseal on this machine (systemd-creds decrypt failed"),
    ({"at_rest": "short"}, None, "FAIL at-rest key: {cred} unseals to 16 bytes, not a 32-byte key"),
    ({"at_rest": "loose"}, None, "FAIL at-rest key: {cred}: mode 0644, others can read it"),
    ({"at_rest": "clear_too"}, None, "FAIL at-rest key: {plain}: a clear key beside the sealed one"),
    ({"at_rest": "no_tool"}, None, "FAIL at-rest key: {cred} cannot be checked: systemd-creds is not installed"),
    ({"at_rest": "one_unit"}, None,
     "FAIL at-rest key units: /etc/systemd/system/kiosk-ui.service.d/at-rest-key.conf missing or not for {cred}"),
], ids=["plain", "key-mode", "cn", "issuer", "expiry", "pin", "simulator", "unit", "app-dir", "data-dir",
        "cage", "court-key", "key-clear", "key-missing", "key-foreign", "key-short", "key-mode-644",
        "key-clear-too", "no-systemd-creds", "key-not-passed"])
def test_each_deviation_is_named(tmp_path: Path, change, after, failing) -> None:
    _site, args = _machine(tmp_path, **change)
    if after:
        after(tmp_path)
    done = _check(args)
    assert done.returncode == 1
    keys = tmp_path / "data" / "keys"
    failing = failing.format(cred=keys / "at-rest.key.cred", plain=keys / "at-rest.key")
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1 and fails[0].startswith(failing), done.stdout
    assert "1 deviation(s) from the recipe" in done.stdout


@pytest.mark.skipif(shutil.which("systemd-creds") is None, reason="systemd-creds not installed")
def test_the_real_systemd_creds_key_unseals_here_and_not_on_another_host(tmp_path: Path) -> None:
    """Sealed by ``seal_key`` with the real tool (a private host secret): ``check`` unseals it;
    under another host secret (the disk copied to another machine) it names the key."""
    from config.loader import load_settings
    from provisioning.at_rest import seal_key

    site, args = _machine(tmp_path, at_rest="clear")
    secret = tmp_path / "host" / "credential.secret"
    secret.parent.mkdir()
    here = {"SYSTEMD_CREDENTIAL_SECRET": str(secret)}
    seal_key(load_settings(site, use_site_default=False), with_key="host",
             units_dir=tmp_path / "root/etc/systemd/system", env=here)
    done = _check(args, real_creds=here)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   at-rest key: " in done.stdout

    other = tmp_path / "other-host" / "credential.secret"
    other.parent.mkdir()
    subprocess.run(["systemd-creds", "encrypt", "--with-key=host", "--name=x", "-", "-"], input=b"x",
                   env={**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(other)}, capture_output=True, check=True)
    done = _check(args, real_creds={"SYSTEMD_CREDENTIAL_SECRET": str(other)})
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert done.returncode == 1 and len(fails) == 1, done.stdout
    assert "does not unseal on this machine" in fails[0]
