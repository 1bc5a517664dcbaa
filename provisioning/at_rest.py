"""Bind the kiosk's at-rest key (``offline_queue.doc_store``) to this machine with systemd-creds.

The key of court documents at rest is a file beside the data it protects: a copy of the data
folder that includes ``keys/`` opens every document. Sealed as a systemd credential it is kept
only encrypted (``keys/at-rest.key.cred``) under the machine's TPM2 chip and/or its host secret
(``/var/lib/systemd/credential.secret``, root only); systemd decrypts it when it starts the sender
and the screen (``LoadCredentialEncrypted=``) into their private, unswappable credentials folder,
and the kiosk reads it there (``keys.at_rest_key = "credential"``). Run as root, once, at
provisioning (``kiosk provision seal-at-rest-key``): the existing key is kept (documents already
on disk still open), sealed, checked by decrypting it, and only then the clear file removed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from offline_queue.doc_store import CREDENTIAL, key_path
from offline_queue.fsutil import atomic_write

UNITS = ("kiosk-sender.service", "kiosk-ui.service")
"""The units that open court documents (the downlink seals them, the screen shows and prints them)."""
DROP_IN = "at-rest-key.conf"
WITH_KEYS = ("auto", "host", "tpm2", "host+tpm2")


class SealError(RuntimeError):
    """systemd-creds is missing or refused (no TPM for ``tpm2``, not root for ``host``)."""


def credential_file(settings) -> Path:
    return key_path(settings).with_name(f"{CREDENTIAL}.cred")


def _creds(*args: str, data: bytes | None = None, env: dict | None = None) -> bytes:
    tool = shutil.which("systemd-creds")
    if tool is None:
        raise SealError("systemd-creds is not installed (Debian package systemd)")
    done = subprocess.run([tool, *args], input=data, capture_output=True, timeout=60,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise SealError(f"systemd-creds {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def unseal(cred: Path, env: dict | None = None) -> bytes:
    """The key ``cred`` holds, decrypted here as systemd would (``SealError`` when it does not)."""
    return _creds("decrypt", f"--name={CREDENTIAL}", str(cred), "-", env=env)


def drop_in(cred: Path) -> str:
    return ("# Written by `kiosk provision seal-at-rest-key`: the at-rest key of court documents,\n"
            "# decrypted by systemd (TPM2 / host secret) into this service's credentials only.\n"
            "[Service]\n"
            f"LoadCredentialEncrypted={CREDENTIAL}:{cred}\n"
            "Environment=KIOSK_KEYS__AT_REST_KEY=credential\n")


def seal_key(settings, *, with_key: str = "auto", units_dir: Path | None = Path("/etc/systemd/system"),
             env: dict | None = None) -> Path:
    """Seal the at-rest key (the existing one, or a new one) into ``at-rest.key.cred``; returns it.
    ``env`` is for tests (``SYSTEMD_CREDENTIAL_SECRET``: a host secret of their own)."""
    if with_key not in WITH_KEYS:
        raise SealError(f"--with-key must be one of {', '.join(WITH_KEYS)}")
    plain = key_path(settings)
    key = plain.read_bytes() if plain.exists() else os.urandom(32)
    if len(key) != 32:
        raise SealError(f"{plain}: an at-rest key is 32 bytes, this one is {len(key)}")
    cred = credential_file(settings).resolve()
    cred.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    sealed = _creds("encrypt", f"--with-key={with_key}", f"--name={CREDENTIAL}", "-", "-", data=key, env=env)
    trial = cred.with_name(cred.name + ".check")
    atomic_write(trial, sealed)
    try:
        if _creds("decrypt", f"--name={CREDENTIAL}", str(trial), "-", env=env) != key:
            raise SealError("the sealed key does not decrypt to the key: nothing changed")
        os.replace(trial, cred)
    finally:
        trial.unlink(missing_ok=True)
    os.chmod(cred, 0o600)
    for unit in UNITS if units_dir is not None else ():
        folder = Path(units_dir) / f"{unit}.d"
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / DROP_IN, drop_in(cred).encode())
    plain.unlink(missing_ok=True)  # the clear key goes only once the sealed one is proven
    return cred
