"""The court CA: what it writes, what it refuses, and that the CRL names what was revoked."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from provisioning.ca import CAError, CourtCA, certificate_cn
from tests.transport.helpers import VENV_BIN

pytestmark = pytest.mark.unit


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_writes_a_ca_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca", name="巩义市人民法院 CA")
    assert _mode(ca.key_file) == 0o600 and _mode(ca.dir) == 0o700
    cert = x509.load_pem_x509_certificate(ca.cert_file.read_bytes())
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    key_before = ca.key_file.read_bytes()
    with pytest.raises(CAError, match="already holds a CA"):
        CourtCA.init(tmp_path / "ca")
    assert ca.key_file.read_bytes() == key_before
    with pytest.raises(CAError, match="not a court CA"):
        CourtCA(tmp_path / "elsewhere")


def test_issued_certificates_chain_to_the_ca_with_the_cn_as_identity(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    kiosk = ca.issue("kiosk-gy-001", tmp_path / "out", kind="kiosk")
    server = ca.issue("broker.court.example", tmp_path / "srv", kind="server",
                      dns=("broker.court.example",), ips=("10.0.0.5",))
    assert _mode(kiosk.key) == 0o600 and (tmp_path / "out" / "ca.crt").read_bytes() == ca.cert_file.read_bytes()
    assert certificate_cn(kiosk.cert) == "kiosk-gy-001"
    for issued, usage in ((kiosk, ExtendedKeyUsageOID.CLIENT_AUTH), (server, ExtendedKeyUsageOID.SERVER_AUTH)):
        cert = x509.load_pem_x509_certificate(issued.cert.read_bytes())
        cert.verify_directly_issued_by(ca.cert)
        assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [usage]
    sans = x509.load_pem_x509_certificate(server.cert.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["broker.court.example"]
    assert [r["cn"] for r in ca.index()] == ["kiosk-gy-001", "broker.court.example"]


@pytest.mark.parametrize("cn, kind, extra, words", [
    ("kiosk/+", "kiosk", {}, "cannot be an MQTT identity"),
    ("broker", "server", {}, "needs the names"),
    ("k1", "printer", {}, "kind must be one of"),
])
def test_bad_requests_are_refused_and_nothing_is_recorded(tmp_path, cn, kind, extra, words) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    with pytest.raises(CAError, match=words):
        ca.issue(cn, tmp_path / "out", kind=kind, **extra)
    assert ca.index() == []


def test_one_identity_cannot_be_both_a_kiosk_and_a_gateway(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    ca.issue("court-gw-1", tmp_path / "gw", kind="gateway")
    with pytest.raises(CAError, match="live gateway certificate"):
        ca.issue("court-gw-1", tmp_path / "k", kind="kiosk")
    ca.issue("court-gw-1", tmp_path / "gw2", kind="gateway")  # rotation: a new one of the same kind


def test_revocation_lands_in_a_signed_crl(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    keep = ca.issue("kiosk-a", tmp_path / "a")
    gone = ca.issue("kiosk-b", tmp_path / "b")
    assert ca.revoke(common_name="kiosk-b") == [f"{gone.serial:x}"]
    crl = x509.load_pem_x509_crl(ca.crl_file.read_bytes())
    assert crl.is_signature_valid(ca.cert.public_key())
    assert crl.get_revoked_certificate_by_serial_number(gone.serial) is not None
    assert crl.get_revoked_certificate_by_serial_number(keep.serial) is None
    with pytest.raises(CAError, match="no live certificate"):
        ca.revoke(common_name="kiosk-b")
    with pytest.raises(CAError, match="either a CN or a serial"):
        ca.revoke()


def test_a_csr_is_signed_only_for_the_expected_identity(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kiosk-gy-002")]))
           .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    cert = ca.sign_csr(csr, expected_cn="kiosk-gy-002")
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    with pytest.raises(CAError, match="not 'kiosk-gy-003'"):
        ca.sign_csr(csr, expected_cn="kiosk-gy-003")


def test_the_cli_runs_the_whole_cycle(tmp_path: Path) -> None:
    def court(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(VENV_BIN / "court-gateway"), "ca", *args], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)

    assert court("init", "--dir", "pki", "--name", "Test CA").returncode == 0
    assert court("init", "--dir", "pki").returncode == 1
    issued = court("issue", "--dir", "pki", "--cn", "kiosk-a", "--out", "a")
    assert issued.returncode == 0 and "issued kiosk kiosk-a" in issued.stdout
    bad = court("issue", "--dir", "pki", "--cn", "srv", "--kind", "server", "--out", "s")
    assert bad.returncode == 1 and "needs the names" in bad.stderr
    assert court("revoke", "--dir", "pki", "--cn", "kiosk-a").returncode == 0
    assert court("revoke", "--dir", "pki", "--cn", "kiosk-a").returncode == 1
    crl = court("crl", "--dir", "pki", "--out", "broker/crl.pem", "--days", "7")
    assert crl.returncode == 0 and (tmp_path / "broker" / "crl.pem").exists()
    rows = json.loads((tmp_path / "pki" / "index.json").read_text())
    assert rows[0]["cn"] == "kiosk-a" and rows[0]["revoked_at"]
    assert court("issue", "--dir", "nowhere", "--cn", "x", "--out", "x").returncode == 1


def test_a_fleet_is_issued_at_once_with_the_same_checks(tmp_path: Path) -> None:
    ca = CourtCA.init(tmp_path / "ca")
    ca.issue("court-gw-1", tmp_path / "gw", kind="gateway")
    with pytest.raises(CAError, match="live gateway certificate"):
        ca.issue_many(["kiosk-a", "court-gw-1"], tmp_path / "fleet")
    with pytest.raises(CAError, match="cannot be an MQTT identity"):
        ca.issue_many(["kiosk-a", "kiosk/+"], tmp_path / "fleet")
    assert [r["cn"] for r in ca.index()] == ["court-gw-1"] and not (tmp_path / "fleet").exists()
    issued = ca.issue_many([f"kiosk-{i:03d}" for i in range(20)], tmp_path / "fleet")
    assert [r["cn"] for r in ca.index()][1:] == [f"kiosk-{i:03d}" for i in range(20)]
    assert len({i.serial for i in issued}) == 20
    for item in (issued[0], issued[-1]):
        cert = x509.load_pem_x509_certificate(item.cert.read_bytes())
        cert.verify_directly_issued_by(ca.cert)
        assert certificate_cn(item.cert) == item.common_name and _mode(item.key) == 0o600
        key = serialization.load_pem_private_key(item.key.read_bytes(), None)
        assert key.public_key().public_numbers() == cert.public_key().public_numbers()
