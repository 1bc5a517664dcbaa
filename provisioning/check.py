"""``kiosk provision check``: a kiosk machine against the recipe, every deviation listed.

Why: a kiosk that works is not yet a kiosk that is safe — plain MQTT, a key other users can read,
a certificate for another kiosk id or about to expire, the default admin PIN, a simulator left in
the config, a writable application folder, a unit edited by hand: each works until the day it is
abused. The check says all of them at once, one line each, so court IT fixes them in one visit.
"""

from __future__ import annotations

import datetime as dt
import os
import pwd
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

SYSTEMD_DIR = Path(__file__).with_name("systemd")
UNITS = ("kiosk-ui.service", "kiosk-sender.service", "kiosk-selftest.service", "kiosk-selftest.timer")
JOURNALD = ("journald-kiosk.conf", "etc/systemd/journald.conf.d/kiosk.conf")
ROTATE_BEFORE_DAYS = 30


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def _under(root: Path, path: str | Path) -> Path:
    return Path(root) / str(path).lstrip("/")


def check_machine(settings, *, root: Path = Path("/"), app_dir: Path = Path("/opt/court-kiosk"),
                  user: str = "kiosk") -> list[Finding]:
    """Every check of the recipe, in a stable order (``ok`` False = a deviation)."""
    found: list[Finding] = []
    found += _transport(settings)
    found += _certificate(settings)
    found.append(_court_key(settings))
    found += _at_rest(settings, Path(root))
    found.append(_admin_pin(settings))
    found += _devices(settings)
    found.append(Finding("ui.fullscreen", bool(settings.ui.fullscreen),
                         "fullscreen" if settings.ui.fullscreen else "the kiosk opens in a window: set ui.fullscreen = true"))
    account = _account(user)
    found.append(Finding("user", account is not None,
                         f"dedicated user {user}" if account else f"user {user} does not exist (adduser --system {user})"))
    found.append(_data_dir(settings.storage.data_dir, account))
    found.append(_app_dir(Path(app_dir), account))
    found += _units(Path(root))
    cage = _under(root, "usr/bin/cage")
    found.append(Finding("cage", cage.exists(), "locked-down compositor installed" if cage.exists()
                         else "cage is not installed (apt-get install cage xwayland)"))
    return found


def _transport(settings) -> list[Finding]:
    from config.security import transport_refusal

    refusal = transport_refusal(settings.broker)
    return [Finding("broker.tls", refusal is None and settings.broker.tls,
                    refusal or ("mutual TLS" if settings.broker.tls else
                                "plain MQTT under the development switch: never in a court"))]


def _certificate(settings) -> list[Finding]:
    b = settings.broker
    if not b.tls:
        return []
    out: list[Finding] = []
    for name in ("ca_file", "cert_file", "key_file"):
        path = getattr(b, name)
        if path is None or not Path(path).is_file() or not os.access(path, os.R_OK):
            out.append(Finding(f"broker.{name}", False, f"{path}: missing or unreadable"))
    if out:
        return out
    mode = stat.S_IMODE(Path(b.key_file).stat().st_mode)
    out.append(Finding("broker.key_file", mode & 0o077 == 0,
                       f"mode {mode:04o}" if mode & 0o077 == 0 else f"mode {mode:04o}: others can read the kiosk's key (chmod 600)"))
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        cert = x509.load_pem_x509_certificate(Path(b.cert_file).read_bytes())
        ca = x509.load_pem_x509_certificate(Path(b.ca_file).read_bytes())
    except ValueError as exc:
        return out + [Finding("broker.cert_file", False, f"not a PEM certificate: {exc}")]
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    cn = str(cns[0].value) if cns else ""
    kid = settings.kiosk.kiosk_id
    out.append(Finding("certificate CN", cn == kid, f"CN {cn}" if cn == kid else
                       f"the certificate is for {cn!r}, this kiosk is {kid!r}: the broker would see another kiosk"))
    try:
        cert.verify_directly_issued_by(ca)
        out.append(Finding("certificate issuer", True, "issued by broker.ca_file"))
    except Exception as exc:  # noqa: BLE001 - InvalidSignature, TypeError (another key type)
        out.append(Finding("certificate issuer", False, f"not issued by broker.ca_file ({type(exc).__name__})"))
    left = (cert.not_valid_after_utc - dt.datetime.now(dt.timezone.utc)).days
    out.append(Finding("certificate expiry", left >= ROTATE_BEFORE_DAYS,
                       f"{left} days left" if left >= ROTATE_BEFORE_DAYS else
                       (f"expired {-left} days ago" if left < 0 else f"expires in {left} days: rotate it now")))
    return out


def _court_key(settings) -> Finding:
    from offline_queue.service import court_public_key_path

    path = Path(court_public_key_path(settings))
    return Finding("court key", path.is_file(), str(path) if path.is_file() else
                   f"{path}: not installed (court-gateway keys export)")


def _at_rest(settings, root: Path) -> list[Finding]:
    """The at-rest key of court documents: sealed to this machine (``kiosk provision
    seal-at-rest-key``), unsealing here to a 32-byte key, no clear copy beside it, and passed by
    systemd to the units that open documents. Unsealing it here is the proof: a credential copied
    from another machine, or one whose TPM / host secret changed, is named before documents are
    withheld for it."""
    from offline_queue.doc_store import key_path
    from provisioning.at_rest import UNITS as KEY_UNITS
    from provisioning.at_rest import DROP_IN, SealError, credential_file, drop_in, unseal

    name, fix = "at-rest key", "kiosk provision seal-at-rest-key"
    plain, cred = key_path(settings), credential_file(settings)
    if not cred.is_file():
        if plain.is_file():
            return [Finding(name, False, f"not sealed: {plain} is a clear key beside the data, a copy of "
                                         f"the disk opens every document ({fix})")]
        return [Finding(name, False, f"missing: neither {cred} nor {plain} ({fix})")]
    mode = stat.S_IMODE(cred.stat().st_mode)
    if mode & 0o077:
        return [Finding(name, False, f"{cred}: mode {mode:04o}, others can read it (chmod 600)")]
    if shutil.which("systemd-creds") is None:
        return [Finding(name, False, f"{cred} cannot be checked: systemd-creds is not installed, and "
                                     "systemd cannot pass the key without it (apt-get install systemd)")]
    try:
        key = unseal(cred)
    except SealError as exc:
        return [Finding(name, False, f"{cred} does not unseal on this machine ({exc}): sealed on another "
                                     "machine, or its TPM / host secret changed; documents sealed under "
                                     f"it stay withheld ({fix} seals a new key)")]
    if len(key) != 32:
        return [Finding(name, False, f"{cred} unseals to {len(key)} bytes, not a 32-byte key ({fix})")]
    if plain.is_file():
        return [Finding(name, False, f"{plain}: a clear key beside the sealed one: a service ran without "
                                     "the credential and made a file key (check the units' drop-ins)")]
    found = [Finding(name, True, f"{cred} sealed, unseals on this machine")]
    want = drop_in(cred.resolve())
    missing = [f"/etc/systemd/system/{unit}.d/{DROP_IN}" for unit in KEY_UNITS
               if not (f := _under(root, f"etc/systemd/system/{unit}.d/{DROP_IN}")).is_file()
               or f.read_text() != want]
    found.append(Finding("at-rest key units", not missing, ", ".join(KEY_UNITS) + " load the credential"
                         if not missing else f"{', '.join(missing)} missing or not for {cred.resolve()}: "
                         f"systemd does not pass the key ({fix})"))
    return found


def _admin_pin(settings) -> Finding:
    default = type(settings.ui).model_fields["admin_pin_hash"].default.get_secret_value()
    same = settings.ui.admin_pin_hash.get_secret_value() == default
    return Finding("admin PIN", not same, "site PIN set" if not same else
                   "the default admin PIN (246810) is in use: kiosk admin hash-pin")


def _devices(settings) -> list[Finding]:
    out = []
    for name in type(settings.devices).model_fields:
        cfg = getattr(settings.devices, name)
        if cfg.enabled and cfg.kind in ("sim", "fake"):
            out.append(Finding(f"devices.{name}", False, f"kind {cfg.kind!r}: a simulator, not the real device"))
    return out or [Finding("devices", True, "every enabled device is a real one")]


def _account(user: str):
    try:
        return pwd.getpwnam(user)
    except KeyError:
        return None


def _data_dir(path: Path, account) -> Finding:
    path = Path(path)
    if not path.is_dir():
        return Finding("storage.data_dir", False, f"{path}: missing")
    st = path.stat()
    mode = stat.S_IMODE(st.st_mode)
    if account is not None and st.st_uid != account.pw_uid:
        return Finding("storage.data_dir", False, f"{path}: not owned by {account.pw_name}")
    if mode & 0o007:
        return Finding("storage.data_dir", False, f"{path}: mode {mode:04o}, other users can enter it (chmod 750)")
    return Finding("storage.data_dir", True, str(path))


def _app_dir(path: Path, account) -> Finding:
    """The application must not be writable by the kiosk's user (nor by anyone but root)."""
    if not path.is_dir():
        return Finding("application folder", False, f"{path}: missing")
    for folder, dirs, _files in os.walk(path):
        st = Path(folder).stat()
        if (account is not None and st.st_uid == account.pw_uid) or stat.S_IMODE(st.st_mode) & 0o022:
            return Finding("application folder", False, f"{folder}: writable by the kiosk user or others")
        dirs[:] = [d for d in dirs if d not in ("__pycache__",)]
    return Finding("application folder", True, f"{path}: read-only for the kiosk")


def _units(root: Path) -> list[Finding]:
    out = []
    for name, target in [(u, f"etc/systemd/system/{u}") for u in UNITS] + [JOURNALD]:
        installed = _under(root, target)
        packaged = (SYSTEMD_DIR / name).read_text()
        if not installed.is_file():
            out.append(Finding(name, False, f"/{target} not installed (from provisioning/systemd/)"))
        elif installed.read_text() != packaged:
            out.append(Finding(name, False, f"/{target} differs from the recipe"))
        else:
            out.append(Finding(name, True, f"/{target}"))
    return out
