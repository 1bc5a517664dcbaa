"""Enrolment by one-time code, end to end with the operators' commands on the generated broker:
the kiosk gets its certificate, the court's key and its site file, the court trusts its signing
key, and its first filing comes back with a receipt; a used, wrong or expired code gets nothing;
the bootstrap certificate can do nothing but enrol; answers are authenticated by the code."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from config.loader import load_settings
from provisioning.ca import certificate_cn
from provisioning.enrol import (MAX_FAILURES, AnswerError, CodeBook, EnrolService, check_answer,
                                make_request, req_topic)
from tests.fixtures.procs import ManagedProcess, wait_until
from tests.provisioning.broker_site import BOOTSTRAP, ENROLLER, GATEWAY, make_site, settle
from tests.transport.helpers import VENV_BIN

KID = "kiosk-gy-009"


def _env(**extra) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}, **extra}


def _run(*argv: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / argv[0]), *argv[1:]], env=_env(**env), capture_output=True,
                          text=True, timeout=240)  # a loaded 2-core CI machine: one 90 s run timed out


@pytest.fixture
def court(tmp_path):
    """The generated broker, the enrolment service and the gateway as processes."""
    site = make_site(tmp_path / "site").start()
    c = site.certs
    conf = tmp_path / "court.toml"
    conf.write_text(f'data_dir = "{tmp_path / "court"}"\nreceiver_id = "{GATEWAY}"\n[broker]\nhost = "127.0.0.1"\n'
                    f'port = {site.port}\ntls = true\nca_file = "{site.ca.cert_file}"\ncert_file = "{c[GATEWAY].cert}"\n'
                    f'key_file = "{c[GATEWAY].key}"\n')
    (tmp_path / "kiosk-site.toml").write_text(f'[broker]\nhost = "127.0.0.1"\nport = {site.port}\n'
                                              '[ui]\nfullscreen = false\n')
    services = [
        ManagedProcess([str(VENV_BIN / "court-gateway"), "enrol", "serve", "--dir", str(site.ca.dir),
                        "--site", str(tmp_path / "kiosk-site.toml"), "--cert", str(c[ENROLLER].cert),
                        "--key", str(c[ENROLLER].key), "--config", str(conf)], tmp_path / "enrol.log", env=_env()),
        ManagedProcess([str(VENV_BIN / "court-gateway"), "run", "--config", str(conf)], tmp_path / "gw.log", env=_env()),
    ]
    for proc in services:
        proc.start()
    try:
        assert all(wait_until(lambda p=p: "subscribed to" in p.log(), timeout=30) for p in services), \
            services[0].log() + services[1].log()
        yield site, conf, services[0]
    finally:
        for proc in services:
            proc.stop()
        site.stop()


def _enrol(site, tmp_path: Path, code: str, out: Path, kid: str = KID, timeout: str = "20"):
    c = site.certs
    return _run("kiosk", "enrol", "--code", code, "--kiosk-id", kid, "--host", "127.0.0.1",
                "--port", str(site.port), "--ca-file", str(site.ca.cert_file), "--cert", str(c[BOOTSTRAP].cert),
                "--key", str(c[BOOTSTRAP].key), "--out", str(out), "--timeout", timeout,
                KIOSK_STORAGE__DATA_DIR=str(tmp_path / "kiosk"))


@pytest.mark.integration
def test_a_kiosk_enrols_with_its_code_and_files_over_mtls(court, tmp_path) -> None:
    site, conf, enrol_service = court
    code = _run("court-gateway", "enrol", "code", "--dir", str(site.ca.dir), "--kiosk", KID).stdout.strip()
    assert len(code) == 14 and code.count("-") == 2
    out = tmp_path / "etc" / "kiosk.toml"
    done = _enrol(site, tmp_path, code, out)
    assert done.returncode == 0, done.stderr + enrol_service.log()
    settings = load_settings(out)
    b = settings.broker
    assert settings.kiosk.kiosk_id == KID and b.tls and b.port == site.port
    assert certificate_cn(b.cert_file) == KID and stat.S_IMODE(Path(b.key_file).stat().st_mode) == 0o600
    trusted = tmp_path / "court" / "kiosks" / f"{KID}.pem"
    assert trusted.exists()  # the court trusts the kiosk's signing key: no `keys trust` by hand
    # The enrolled kiosk's first filing, with nothing but its site file.
    sealed = _run("kiosk", "packet", "send-sample", "--config", str(out))
    assert sealed.returncode == 0, sealed.stderr
    sent = _run("kiosk", "sender", "run", "--until-empty", "--config", str(out))
    assert sent.returncode == 0, sent.stderr
    shown = _run("kiosk", "queue", "show", sealed.stdout.strip(), "--config", str(out))
    assert '"status": "received"' in shown.stdout
    # The same code again: no answer, nothing written.
    again = _enrol(site, tmp_path, code, tmp_path / "again.toml", timeout="3")
    assert again.returncode == 1 and "no answer from the court" in again.stderr
    assert not (tmp_path / "again.toml").exists()
    assert wait_until(lambda: "refused: no unused code" in enrol_service.log(), timeout=5)


@pytest.mark.integration
def test_a_wrong_code_gets_nothing_and_is_counted(court, tmp_path) -> None:
    site, _conf, enrol_service = court
    _run("court-gateway", "enrol", "code", "--dir", str(site.ca.dir), "--kiosk", KID)
    done = _enrol(site, tmp_path, "AAAA-BBBB-CCCC", tmp_path / "k.toml", timeout="3")
    assert done.returncode == 1 and not (tmp_path / "k.toml").exists()
    assert wait_until(lambda: f"refused: wrong code (1 of {MAX_FAILURES})" in enrol_service.log(), timeout=5)
    assert not (tmp_path / "court" / "kiosks" / f"{KID}.pem").exists()


@pytest.mark.integration
def test_the_bootstrap_certificate_can_do_nothing_but_enrol(tmp_path) -> None:
    site = make_site(tmp_path).start()
    try:
        gateway, kiosk_a = site.probe(GATEWAY), site.probe("kiosk-a")
        gateway.subscribe("court/v1/k/+/up/#")
        kiosk_a.subscribe("court/v1/k/kiosk-a/down/#")
        boot = site.probe(BOOTSTRAP)
        assert boot.ok, boot.reason
        boot.subscribe("court/v1/k/+/down/#", "court/v1/enrol/+/resp")
        boot.publish("court/v1/k/kiosk-a/up/status", b"forged status")
        boot.publish("court/v1/enrol/kiosk-a/resp", b"forged answer")  # only the court answers
        gateway.publish("court/v1/k/kiosk-a/down/pkt/p/ack", b"for kiosk a")
        site.probe(ENROLLER).publish("court/v1/enrol/kiosk-x/resp", b"a real answer")
        kiosk_a.publish("court/v1/k/kiosk-a/up/status", b"a's status")
        assert boot.wait_for(b"a real answer") and kiosk_a.wait_for(b"for kiosk a")
        assert gateway.wait_for(b"a's status")
        settle()
        assert not gateway.got(b"forged status")
        assert not boot.got(b"forged answer") and not boot.got(b"for kiosk a")
    finally:
        site.stop()


# --- the protocol, without a broker ---------------------------------------------------------------

def _service(tmp_path: Path):
    from provisioning.ca import CourtCA

    ca = CourtCA.init(tmp_path / "ca")
    trusted: dict[str, bytes] = {}
    service = EnrolService(ca, CodeBook(ca.dir), b"COURT KEY", {"broker": {"host": "b"}},
                           lambda kid, pem: trusted.__setitem__(kid, pem))
    return ca, service, trusted


def _signing_pem() -> bytes:
    from offline_queue.crypto import generate_key, public_pem

    return public_pem(generate_key())


@pytest.mark.unit
def test_codes_are_single_use_expire_and_burn_after_five_wrong_tries(tmp_path: Path) -> None:
    ca, service, trusted = _service(tmp_path)
    code = service.codes.new_code(KID)
    for n in range(MAX_FAILURES):
        wrong = make_request(KID, "ZZZZ-ZZZZ-ZZZZ", _signing_pem())
        assert service.handle(req_topic(KID), wrong.payload) is None
    right = make_request(KID, code, _signing_pem())
    assert service.handle(req_topic(KID), right.payload) is None  # burnt: even the right code now
    expired = service.codes.new_code("kiosk-exp", ttl_s=-1)
    assert service.handle(req_topic("kiosk-exp"), make_request("kiosk-exp", expired, _signing_pem()).payload) is None
    assert trusted == {} and ca.index() == []


@pytest.mark.unit
def test_an_answer_is_checked_against_the_code_and_the_request(tmp_path: Path) -> None:
    _ca, service, trusted = _service(tmp_path)
    code = service.codes.new_code(KID)
    request = make_request(KID, code, _signing_pem())
    topic, payload = service.handle(req_topic(KID), request.payload)
    answer = check_answer(payload, code, request)
    assert certificate_cn_from_pem(answer["cert"]) == KID and KID in trusted
    assert service.handle(req_topic(KID), request.payload) is None  # a replay: the code is used
    with pytest.raises(AnswerError, match="not authenticated"):
        check_answer(payload, "AAAA-BBBB-CCCC", request)
    forged = json.loads(payload)
    forged["court_public_key"] = "ATTACKER KEY"
    with pytest.raises(AnswerError, match="not authenticated"):
        check_answer(json.dumps(forged).encode(), code, request)
    other = make_request(KID, code, _signing_pem())
    with pytest.raises(AnswerError, match="another request"):
        check_answer(payload, code, other)


@pytest.mark.unit
def test_a_request_for_another_id_than_its_topic_is_dropped(tmp_path: Path) -> None:
    _ca, service, trusted = _service(tmp_path)
    code = service.codes.new_code(KID)
    assert service.handle(req_topic("kiosk-other"), make_request(KID, code, _signing_pem()).payload) is None
    assert service.handle(req_topic(KID), b"not json") is None
    assert trusted == {} and service.codes.live_code_for(KID) is not None  # nothing used up


def certificate_cn_from_pem(pem: str) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_pem_x509_certificate(pem.encode())
    return cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
