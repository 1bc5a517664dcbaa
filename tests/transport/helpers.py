"""Build kiosk and court settings in temporary directories, wired to one broker, keys exchanged."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from config.settings import Broker, KioskSettings
from court.keys import court_key, trust_kiosk
from court.settings import CourtSettings
from offline_queue.crypto import ensure_private_key, public_pem
from offline_queue.fsutil import atomic_write
from tests.fixtures.procs import wait_until

VENV_BIN = Path(sys.executable).parent


def kiosk_settings(root: Path, port: int, kiosk_id: str = "kiosk-test-01", **broker) -> KioskSettings:
    broker_cfg = Broker(port=port, chunk_size=broker.pop("chunk_size", 4096), keepalive_s=5, **broker)
    settings = KioskSettings(kiosk={"kiosk_id": kiosk_id}, broker=broker_cfg,
                             storage={"data_dir": root, "disk_high_water_mb": 0, "disk_hard_limit_mb": 0},
                             retention={"keep_scans_after_receipt_h": 24})
    return settings


def court_settings(root: Path, port: int, receiver_id: str = "court-gw-1", **extra) -> CourtSettings:
    return CourtSettings(data_dir=root, receiver_id=receiver_id,
                         broker=Broker(port=port, keepalive_s=5, chunk_size=4096), **extra)


def exchange_keys(kiosk: KioskSettings, court: CourtSettings) -> None:
    """Trust the kiosk at the court and install the court's public key on the kiosk."""
    kiosk_key = ensure_private_key(kiosk.kiosk_key_file)
    pub = kiosk.storage.data_dir / "kiosk.pub"
    atomic_write(pub, public_pem(kiosk_key))
    trust_kiosk(court, kiosk.kiosk.kiosk_id, pub)
    atomic_write(kiosk.storage.data_dir / "keys" / "court.pub", public_pem(court_key(court)))


def kiosk_env(settings: KioskSettings) -> dict[str, str]:
    """Environment that makes a `kiosk` subprocess use ``settings``."""
    b = settings.broker
    return {"KIOSK_KIOSK__KIOSK_ID": settings.kiosk.kiosk_id, "KIOSK_STORAGE__DATA_DIR": str(settings.storage.data_dir),
            "KIOSK_BROKER__PORT": str(b.port), "KIOSK_BROKER__CHUNK_SIZE": str(b.chunk_size),
            "KIOSK_BROKER__KEEPALIVE_S": str(b.keepalive_s), "KIOSK_BROKER__WINDOW": str(b.window),
            "KIOSK_STORAGE__DISK_HARD_LIMIT_MB": "0", "KIOSK_STORAGE__DISK_HIGH_WATER_MB": "0",
            "KIOSK_RETENTION__KEEP_SCANS_AFTER_RECEIPT_H": "24", "PYTHONUNBUFFERED": "1",
            "KIOSK_BROKER__PLAIN_MQTT_DEV": "true"}


def court_env(settings: CourtSettings) -> dict[str, str]:
    return {"COURT_DATA_DIR": str(settings.data_dir), "COURT_RECEIVER_ID": settings.receiver_id,
            "COURT_BROKER__PORT": str(settings.broker.port), "COURT_BROKER__KEEPALIVE_S": "5",
            "COURT_BROKER__CHUNK_SIZE": str(settings.broker.chunk_size), "COURT_DB_URL": settings.db_url,
            "COURT_CHUNK_STORE": settings.chunk_store, "COURT_BROKER__PLAIN_MQTT_DEV": "true",
            "COURT_SHARED_GROUP": settings.shared_group, "PYTHONUNBUFFERED": "1"}


def wait_for(predicate, timeout: float, interval: float = 0.1) -> bool:
    return wait_until(predicate, timeout=timeout, interval=interval)


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}


class Running:
    """An in-process court gateway and kiosk sender on threads (for integration tests)."""

    def __init__(self, ks, cs, *, sender: bool = True, gateway: bool = True, **sender_kw):
        from court.gateway import Gateway
        from court.keys import court_key
        from court.sms import StoreNotifier
        from court.store import open_store
        from offline_queue.sender import Sender
        from offline_queue.service import court_public_key, open_outbox

        self.outbox = open_outbox(ks)
        self.engine = open_store(cs.store_url)
        self.gateway = Gateway(cs, self.engine, court_key(cs), StoreNotifier(self.engine)) if gateway else None
        self.sender = Sender(ks, self.outbox, court_public_key(ks), **sender_kw) if sender else None
        self.threads = []

    def __enter__(self) -> "Running":
        for part in (self.gateway, self.sender):
            if part is not None:
                self.threads.append(part.start_in_thread())
        for part in (self.gateway, self.sender):  # subscribed before the test publishes anything
            if part is not None:
                part.link.subscribed.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        for part in (self.sender, self.gateway):
            if part is not None:
                part.stop_event.set()
        for thread in self.threads:
            thread.join(10)


def packet_messages(ks, pid):
    """A sealed packet as the court receives it: (manifest message, [chunk messages]), each a
    (topic, payload, sha256) tuple as ``Receiver.process`` takes them."""
    from offline_queue import topics
    from offline_queue.canonical import b64e, canonical, sha256_hex
    from offline_queue.packet import read_packet

    kid = ks.kiosk.kiosk_id
    manifest, data, sig = read_packet(ks.spool_dir / pid)
    head = (topics.parse(topics.up_manifest(kid, pid)), canonical({"manifest": b64e(data), "sig": b64e(sig)}), None)
    chunks = []
    for f in manifest["files"]:
        body = (ks.spool_dir / pid / f["path"]).read_bytes()
        for c in range(f["chunk_count"]):
            part = body[c * f["chunk_size"]:(c + 1) * f["chunk_size"]]
            chunks.append((topics.parse(topics.up_chunk(kid, pid, f["idx"], c)), part, sha256_hex(part)))
    return head, chunks
