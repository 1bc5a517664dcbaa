"""The at-rest key bound to the machine with the real systemd-creds (host secret: a private one
per test through SYSTEMD_CREDENTIAL_SECRET; no TPM on this machine). A document sealed under the
file key still opens after sealing; the clear key is gone from disk and only the credential is
left; what systemd's LoadCredentialEncrypted= hands the service opens it; the same credential on
another machine (another host secret: an image copied) does not decrypt; without the credential
passed the kiosk falls back to a file key, and the old document stays withheld, never shown."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.bootstrap import settings_for_tests
from offline_queue import doc_store
from provisioning.at_rest import CREDENTIAL, SealError, credential_file, seal_key

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("systemd-creds") is None, reason="systemd-creds not installed")]
JUDGMENT = "（2024）豫0102民初1187号 民事判决书".encode() * 40


def _as_credential(settings):
    keys = settings.keys.model_copy(update={"at_rest_key": "credential"})
    return settings.model_copy(update={"keys": keys})


def _systemd_passes(cred: Path, secret: Path, into: Path) -> subprocess.CompletedProcess:
    """What PID 1 does for LoadCredentialEncrypted=: decrypt into the service's credentials folder."""
    into.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["systemd-creds", "decrypt", f"--name={CREDENTIAL}", str(cred), str(into / CREDENTIAL)],
                          env={**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(secret)}, capture_output=True)


@pytest.fixture(autouse=True)
def _fresh_keys():
    doc_store._load_key.cache_clear()
    doc_store._credential_key.cache_clear()
    yield
    doc_store._load_key.cache_clear()
    doc_store._credential_key.cache_clear()


def test_sealed_to_the_machine_opens_here_and_not_on_a_copy(tmp_path, monkeypatch, caplog):
    ks = settings_for_tests(tmp_path / "kiosk")
    blob = doc_store.seal(JUDGMENT, doc_store.kiosk_key(ks))  # a document already on disk
    plain = doc_store.key_path(ks)
    assert plain.exists()
    secret = tmp_path / "host" / "credential.secret"
    secret.parent.mkdir()
    units = tmp_path / "systemd"
    cred = seal_key(ks, with_key="host", units_dir=units, env={"SYSTEMD_CREDENTIAL_SECRET": str(secret)})
    assert cred == credential_file(ks).resolve() and cred.exists() and cred.stat().st_mode & 0o777 == 0o600
    assert not plain.exists(), "the clear key is gone"
    key_bytes = [p.read_bytes() for p in plain.parent.iterdir() if p.is_file()]
    assert all(len(b) != 32 for b in key_bytes), "no 32-byte key left in keys/"
    for unit in ("kiosk-sender.service", "kiosk-ui.service"):
        conf = (units / f"{unit}.d" / "at-rest-key.conf").read_text()
        assert f"LoadCredentialEncrypted=at-rest.key:{cred}" in conf and "KIOSK_KEYS__AT_REST_KEY=credential" in conf

    # the service as systemd starts it: the credential decrypted into its own folder
    passed = tmp_path / "run-credentials"
    assert _systemd_passes(cred, secret, passed).returncode == 0
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(passed))
    doc_store._load_key.cache_clear()
    assert doc_store.unseal(blob, doc_store.kiosk_key(_as_credential(ks))) == JUDGMENT
    assert not plain.exists(), "the credential is used: no file key is made"

    # the disk (data, keys/ and the credential) copied to another machine: another host secret
    other = tmp_path / "other-host" / "credential.secret"
    other.parent.mkdir()
    subprocess.run(["systemd-creds", "encrypt", "--with-key=host", "--name=x", "-", "-"], input=b"x",
                   env={**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(other)}, capture_output=True, check=True)
    copied = _systemd_passes(cred, other, tmp_path / "elsewhere")
    assert copied.returncode != 0 and not (tmp_path / "elsewhere" / CREDENTIAL).exists(), copied.stderr

    # the credential not passed (unit without the drop-in): a file key, and the old document withheld
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "nothing-here"))
    doc_store._credential_key.cache_clear()
    with caplog.at_level(logging.WARNING, logger="offline_queue.doc_store"):
        fallback = doc_store.kiosk_key(_as_credential(ks))
    assert "the file key is used" in caplog.text and plain.exists()
    with pytest.raises(doc_store.AtRestError):
        doc_store.unseal(blob, fallback)


@pytest.mark.skipif(Path("/dev/tpmrm0").exists(), reason="this machine has a TPM: tpm2 would seal")
def test_a_key_that_cannot_be_sealed_changes_nothing(tmp_path):
    ks = settings_for_tests(tmp_path / "kiosk")
    key = doc_store.kiosk_key(ks)
    with pytest.raises(SealError):
        seal_key(ks, with_key="tpm2", units_dir=tmp_path / "systemd",
                 env={"SYSTEMD_CREDENTIAL_SECRET": str(tmp_path / "secret")})  # no TPM here
    assert doc_store.key_path(ks).read_bytes() == key, "the clear key stays until a sealed one is proven"
    assert not credential_file(ks).exists() and not (tmp_path / "systemd").exists()
