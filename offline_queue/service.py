"""What the kiosk application uses: seal a packet into the outbox, read the queue's state, run the
sender in a background thread, list verified documents. Keys are created on first use in dev."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from offline_queue.crypto import PrivateKey, PublicKey, ensure_private_key, load_public_key
from offline_queue.document import recipient_tag
from offline_queue.fsutil import DiskFull
from offline_queue.manifest import uuid7
from offline_queue.outbox import Outbox
from offline_queue.packet import PacketBuilder
from offline_queue.spool import sealing

log = logging.getLogger("offline_queue.service")


class CourtKeyMissing(FileNotFoundError):
    code = "queue.court_key_missing"


def court_public_key_path(settings) -> Path:
    return settings.keys.court_public_key_file or settings.storage.data_dir / "keys" / "court.pub"


def kiosk_signing_key(settings) -> PrivateKey:
    return ensure_private_key(settings.kiosk_key_file, "ed25519")


def court_public_key(settings) -> PublicKey:
    path = court_public_key_path(settings)
    if not Path(path).exists():
        raise CourtKeyMissing(f"the court's public key is not installed at {path} "
                              "(export it with `court-gateway keys export --out FILE`)")
    return load_public_key(Path(path))


def open_outbox(settings) -> Outbox:
    from offline_queue.doc_store import kiosk_key

    outbox = Outbox.from_settings(settings)
    outbox.at_rest_key = kiosk_key(settings)  # court documents kept encrypted (offline_queue.doc_store)
    return outbox


def seal_packet(settings, builder: PacketBuilder, *, priority: int = 0, outbox: Outbox | None = None) -> str:
    """Seal ``builder`` into the spool and the outbox; returns the packet id. Raises DiskFull
    (clear message, nothing kept) below the hard disk limit or when the disk fills mid-write."""
    outbox = outbox or open_outbox(settings)
    status_free = outbox.status().free_mb
    if status_free < settings.storage.disk_hard_limit_mb:
        raise DiskFull(f"only {status_free:.0f} MiB free (hard limit {settings.storage.disk_hard_limit_mb} MiB): "
                       "new filings are refused until space is freed; queued filings are kept")
    packet_id = uuid7()
    with sealing(settings.spool_dir):  # from the temporary folder to the outbox row: recovery waits
        sealed = builder.seal(settings.spool_dir, kiosk_signing_key(settings), court_public_key(settings),
                              packet_id=packet_id, kiosk_seq=outbox.next_seq(),
                              chunk_size=settings.broker.chunk_size,
                              min_free_mb=settings.storage.disk_hard_limit_mb)
        try:
            outbox.add(sealed, priority=priority)
        except Exception:
            # Without its row the packet would be adopted at the next start; remove it instead, so the
            # litigant is told it was NOT submitted and nothing half-done stays behind.
            import shutil

            shutil.rmtree(sealed.path, ignore_errors=True)
            raise
    log.info("packet %s sealed (%d files, %d bytes)", packet_id, sealed.manifest["totals"]["files"],
             sealed.manifest["totals"]["bytes"])
    sender_module = sys.modules.get("offline_queue.sender")
    if sender_module is not None:  # a sender runs in this process: let it start at once
        sender_module.wake_all()
    return packet_id


def queue_status(settings, outbox: Outbox | None = None) -> dict:
    """For the admin screen: counts per state, depth, oldest undelivered, disk alarms, documents."""
    return (outbox or open_outbox(settings)).status().as_dict()


@dataclass
class SenderHandle:
    sender: object
    thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        self.sender.stop()
        self.thread.join(timeout)

    @property
    def connected(self) -> bool:
        return self.sender.link.connected.is_set()


def start_sender(settings, outbox: Outbox | None = None) -> SenderHandle:
    """Run the uplink service in a daemon thread (the app calls this at start-up)."""
    from offline_queue.sender import Sender

    sender = Sender(settings, outbox or open_outbox(settings), court_public_key(settings))
    return SenderHandle(sender, sender.start_in_thread())


def list_documents(settings, id_number: str | None = None, outbox: Outbox | None = None) -> list[dict]:
    """Verified downlink documents (for one litigant when ``id_number`` is given), newest first,
    each with the directory holding its files, for viewing or printing."""
    from offline_queue.downlink import DocumentInbox

    inbox = DocumentInbox(outbox or open_outbox(settings), settings.storage.data_dir / "docs", None,
                          settings.kiosk.kiosk_id, 0)
    recipient = recipient_tag(id_number) if id_number else None
    return [{"doc_id": d.doc_id, "kind": d.kind, "title": d.title, "case_ref": d.case_ref, "path": d.path,
             "files": _doc_files(d.manifest), "received_at": d.received_at}
            for d in inbox.documents(recipient)]


def _doc_files(manifest_text: str | None) -> list[dict]:
    import json

    if not manifest_text:
        return []
    return [{"path": f["path"], "role": f["role"], "media_type": f["media_type"]}
            for f in json.loads(manifest_text)["files"]]
