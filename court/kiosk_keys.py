"""The kiosks the court trusts: one public key per kiosk, ``<kiosk_id>.pem`` in one directory."""

from __future__ import annotations

import logging
from pathlib import Path

from offline_queue.crypto import CryptoError, load_public_key

log = logging.getLogger("court.receiver")


class KioskKeys:
    """Trusted kiosk public keys, ``<kiosk_id>.pem`` in one directory (re-read when changed)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._cache: dict[str, object] = {}

    def get(self, kiosk_id: str):
        path = self.directory / f"{kiosk_id}.pem"
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return None
        cached = self._cache.get(kiosk_id)
        if cached is None or cached[0] != mtime:  # `keys trust` replaced it: no restart needed
            try:
                cached = self._cache[kiosk_id] = (mtime, load_public_key(path))
            except CryptoError as exc:
                log.error("kiosk key %s unreadable: %s", path, exc)
                return None
        return cached[1]
