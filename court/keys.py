"""The court's key pair (P-256: signs receipts and documents, decrypts ID data) and kiosk trust."""

from __future__ import annotations

import shutil
from pathlib import Path

from offline_queue.crypto import ensure_private_key, key_id, load_public_key


def court_key(settings):
    """The court's private key; in development it is created on first use."""
    return ensure_private_key(settings.key_path, "p256")


def trust_kiosk(settings, kiosk_id: str, public_pem: Path) -> str:
    """Install a kiosk's public key; returns its fingerprint."""
    key = load_public_key(Path(public_pem))
    target = settings.kiosk_keys_path / f"{kiosk_id}.pem"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(public_pem, target)
    return key_id(key)


def revoke_kiosk(settings, kiosk_id: str) -> Path:
    """Withdraw a kiosk's trusted key: from now on its packets are answered "untrusted" with the
    reason logged, even over a connection the broker still holds (Mosquitto checks its CRL only
    when a client connects). The key is kept under ``revoked/`` for the record."""
    import time

    current = settings.kiosk_keys_path / f"{kiosk_id}.pem"
    if not current.exists():
        raise FileNotFoundError(f"kiosk {kiosk_id} is not trusted here ({current} does not exist)")
    target = settings.kiosk_keys_path / "revoked" / f"{kiosk_id}-{time.strftime('%Y%m%dT%H%M%S')}.pem"
    target.parent.mkdir(parents=True, exist_ok=True)
    current.rename(target)
    return target
