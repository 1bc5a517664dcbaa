"""The court CA: one directory that issues the broker's, the gateways' and the kiosks' certificates,
revokes them and publishes the revocation list the broker enforces.

Why its own CA: Mosquitto takes a client certificate's CN as the MQTT username
(``use_identity_as_username``), so whoever can issue a certificate decides which kiosk a
connection speaks for; court IT must hold that power, not a public CA. Layout of ``ca_dir``:

    ca.key          P-256 private key of the CA (0600; keep this directory offline where possible)
    ca.crt          the CA certificate every party trusts (broker.ca_file / cafile)
    index.json      every certificate issued: serial, CN, kind, not_after, revoked_at
    issued/         a copy of each issued certificate, <serial>.crt
    crl.pem         the latest revocation list (``crl``), the broker's crlfile

Every file is written atomically (temporary name, fsync, rename), so a crash never leaves a
half-written key or an index that disagrees with the certificates.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from offline_queue.fsutil import atomic_write

KINDS = ("kiosk", "gateway", "server", "bootstrap")
"""bootstrap: the one shared client certificate that may only ask for enrolment."""


class CAError(Exception):
    """A CA operation that cannot be done (message says why, nothing was written)."""


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key as written for one party."""

    serial: int
    common_name: str
    cert: Path
    key: Path


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write_public(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    path.chmod(0o644)


class CourtCA:
    """The CA living in ``ca_dir`` (made by ``init``)."""

    def __init__(self, ca_dir: Path):
        self.dir = Path(ca_dir).resolve()
        self.key_file = self.dir / "ca.key"
        self.cert_file = self.dir / "ca.crt"
        self.index_file = self.dir / "index.json"
        self.crl_file = self.dir / "crl.pem"
        if not (self.key_file.exists() and self.cert_file.exists()):
            raise CAError(f"{self.dir} is not a court CA (run `court-gateway ca init --dir {self.dir}`)")
        self.key = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        self.cert = x509.load_pem_x509_certificate(self.cert_file.read_bytes())

    # --- creating the CA ------------------------------------------------------------------------
    @classmethod
    def init(cls, ca_dir: Path, name: str = "Court Kiosk CA", days: int = 3650) -> "CourtCA":
        """Make a new CA in ``ca_dir``; refuses to overwrite an existing one."""
        ca_dir = Path(ca_dir).resolve()
        if (ca_dir / "ca.key").exists():
            raise CAError(f"{ca_dir} already holds a CA; refusing to overwrite its key")
        ca_dir.mkdir(parents=True, exist_ok=True)
        ca_dir.chmod(0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(name, name)
        now = _now()
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        atomic_write(ca_dir / "ca.key", _key_pem(key))  # 0600
        _write_public(ca_dir / "index.json", b"[]\n")
        _write_public(ca_dir / "ca.crt", cert.public_bytes(serialization.Encoding.PEM))
        ca = cls(ca_dir)
        ca.write_crl()
        return ca

    # --- the index ------------------------------------------------------------------------------
    def index(self) -> list[dict]:
        return json.loads(self.index_file.read_text()) if self.index_file.exists() else []

    def _save_index(self, rows: list[dict]) -> None:
        _write_public(self.index_file, (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode())

    # --- issuing --------------------------------------------------------------------------------
    def issue(self, common_name: str, out_dir: Path, *, kind: str = "kiosk", days: int = 397,
              dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> Issued:
        """A new key pair and certificate for ``common_name`` in ``out_dir`` (``<cn>.crt``,
        ``<cn>.key`` 0600, ``ca.crt``). ``kind`` server: a broker (needs ``dns`` or ``ips``);
        kiosk / gateway: a client whose CN is its MQTT identity."""
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self._sign(common_name, key.public_key(), kind=kind, days=days, dns=dns, ips=ips)
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        key_path, cert_path = out / f"{common_name}.key", out / f"{common_name}.crt"
        atomic_write(key_path, _key_pem(key))
        _write_public(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        _write_public(out / "ca.crt", self.cert_file.read_bytes())
        return Issued(cert.serial_number, common_name, cert_path, key_path)

    def issue_many(self, common_names: list[str], out_dir: Path, *, kind: str = "kiosk",
                   days: int = 397) -> list[Issued]:
        """``issue`` for a whole fleet at once (a province's kiosks, the fleet benchmark): the same
        checks and files, but the index is read and rewritten once, not once per certificate,
        so a thousand certificates take seconds, not minutes."""
        rows = self.index()
        live = {r["cn"]: r["kind"] for r in rows if not r.get("revoked_at")}
        made = []  # every check passes before anything is written
        for cn in common_names:
            if live.get(cn, kind) != kind:
                raise CAError(f"{cn!r} already holds a live {live[cn]} certificate")
            key = ec.generate_private_key(ec.SECP256R1())
            made.append((cn, key, self._build(cn, key.public_key(), kind=kind, days=days)))
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        issued = []
        for cn, key, cert in made:
            pem = cert.public_bytes(serialization.Encoding.PEM)
            _write_public(self.dir / "issued" / f"{cert.serial_number:x}.crt", pem)
            key_path, cert_path = out / f"{cn}.key", out / f"{cn}.crt"
            atomic_write(key_path, _key_pem(key))
            _write_public(cert_path, pem)
            rows.append({"serial": f"{cert.serial_number:x}", "cn": cn, "kind": kind,
                         "not_after": cert.not_valid_after_utc.isoformat(), "revoked_at": None})
            issued.append(Issued(cert.serial_number, cn, cert_path, key_path))
        self._save_index(rows)
        _write_public(out / "ca.crt", self.cert_file.read_bytes())
        return issued

    def sign_csr(self, csr_pem: bytes, *, kind: str = "kiosk", days: int = 397,
                 expected_cn: str | None = None) -> x509.Certificate:
        """Sign a certificate request (enrolment: the kiosk keeps its key). The CSR's own signature
        must verify, and its CN must be ``expected_cn`` when given."""
        csr = x509.load_pem_x509_csr(csr_pem)
        if not csr.is_signature_valid:
            raise CAError("the certificate request's signature does not verify")
        cns = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if len(cns) != 1:
            raise CAError("the certificate request must name exactly one CN")
        cn = str(cns[0].value)
        if expected_cn is not None and cn != expected_cn:
            raise CAError(f"the certificate request is for {cn!r}, not {expected_cn!r}")
        return self._sign(cn, csr.public_key(), kind=kind, days=days)

    def _sign(self, common_name: str, public_key, *, kind: str, days: int,
              dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> x509.Certificate:
        live = [r for r in self.index() if r["cn"] == common_name and not r.get("revoked_at")
                and r["kind"] != kind]
        if live:
            raise CAError(f"{common_name!r} already holds a live {live[0]['kind']} certificate")
        cert = self._build(common_name, public_key, kind=kind, days=days, dns=dns, ips=ips)
        _write_public(self.dir / "issued" / f"{cert.serial_number:x}.crt",
                      cert.public_bytes(serialization.Encoding.PEM))
        rows = self.index()
        rows.append({"serial": f"{cert.serial_number:x}", "cn": common_name, "kind": kind,
                     "not_after": cert.not_valid_after_utc.isoformat(), "revoked_at": None})
        self._save_index(rows)
        return cert

    def _build(self, common_name: str, public_key, *, kind: str, days: int,
               dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> x509.Certificate:
        """The signed certificate, after the identity checks; records nothing."""
        if kind not in KINDS:
            raise CAError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not common_name or any(c in common_name for c in "/+#\0") or len(common_name) > 64:
            raise CAError(f"{common_name!r} cannot be an MQTT identity (no / + # and at most 64 characters)")
        if kind == "server" and not (dns or ips):
            raise CAError("a broker certificate needs the names clients connect to (--dns / --ip)")
        now = _now()
        organisation = self.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
        usage = ExtendedKeyUsageOID.SERVER_AUTH if kind == "server" else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, str(organisation))).issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(min(now + dt.timedelta(days=days), self.cert.not_valid_after_utc))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                           critical=False)
        )
        sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        return builder.sign(self.key, hashes.SHA256())

    # --- revocation -----------------------------------------------------------------------------
    def revoke(self, *, common_name: str | None = None, serial: str | None = None) -> list[str]:
        """Revoke the live certificates of ``common_name`` (or the one ``serial``, hex); returns
        the serials revoked and rewrites the CRL. Nothing to revoke is an error."""
        if (common_name is None) == (serial is None):
            raise CAError("name either a CN or a serial to revoke")
        rows = self.index()
        hits = [r for r in rows if not r.get("revoked_at") and
                (r["cn"] == common_name if common_name is not None else r["serial"] == serial.lower())]
        if not hits:
            what = f"CN {common_name!r}" if common_name is not None else f"serial {serial}"
            raise CAError(f"no live certificate for {what}")
        stamp = _now().isoformat()
        for row in hits:
            row["revoked_at"] = stamp
        self._save_index(rows)
        self.write_crl()
        return [r["serial"] for r in hits]

    def write_crl(self, days: int = 30, out: Path | None = None) -> Path:
        """Sign the revocation list (valid ``days``; publish a new one before it lapses, the
        broker refuses every client once its CRL is out of date)."""
        now = _now()
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.cert.subject)
                   .last_update(now - dt.timedelta(minutes=5)).next_update(now + dt.timedelta(days=days)))
        for row in self.index():
            if row.get("revoked_at"):
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder().serial_number(int(row["serial"], 16))
                    .revocation_date(dt.datetime.fromisoformat(row["revoked_at"])).build())
        crl = builder.sign(self.key, hashes.SHA256())
        target = Path(out).resolve() if out else self.crl_file
        _write_public(target, crl.public_bytes(serialization.Encoding.PEM))
        return target


def certificate_cn(cert_file: Path) -> str:
    """The CN of a PEM certificate (the MQTT identity it gives its holder)."""
    cert = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    return str(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def chown_for_broker(path: Path, user: str = "mosquitto") -> bool:
    """Let the broker's user read its key (Mosquitto drops to ``user`` after start); False when
    that user does not exist or we may not change owners (not root)."""
    import pwd

    try:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
        return True
    except (KeyError, PermissionError):
        return False
