"""A court with the sample publications, and a kiosk that received its signed catalogue through
the real downlink inbox (verification included), without a broker."""

from __future__ import annotations

from pathlib import Path

from court.keys import court_key
from court.publications import catalogue_document, publish
from kiosk.viewer.samples import SAMPLES, write_samples
from offline_queue.canonical import b64e, canonical, sha256_hex
from offline_queue.downlink import DocumentInbox
from offline_queue.service import court_public_key, open_outbox

DATES = {"judgment": "2024-05-28", "guide": "2024-01-10", "template": "2024-01-12"}


_SAMPLES: dict[str, bytes] = {}


def publish_samples(cs, out_dir: Path) -> list[dict]:
    """The three samples published (made once per test run: drawing them takes a second)."""
    entries = []
    out_dir = Path(out_dir)
    if not _SAMPLES:
        _SAMPLES.update({path.name: path.read_bytes() for _s, path in write_samples(out_dir)})
    out_dir.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        path = out_dir / sample.file_name
        path.write_bytes(_SAMPLES[sample.file_name])
        meta = {k: v for k, v in sample.meta.items() if k in ("case_number", "cause", "court", "topic")}
        entries.append(publish(cs, sample.kind, path, title=sample.title, published_at=DATES[sample.kind],
                               **meta))
    return entries


def deliver_catalogue(ks, cs) -> dict:
    """The court's current catalogue, sent chunk by chunk into the kiosk's document inbox."""
    cs.broker.chunk_size = max(cs.broker.chunk_size, 256 * 1024)
    doc = catalogue_document(cs, court_key(cs), ks.kiosk.kiosk_id)
    outbox = open_outbox(ks)
    try:
        inbox = DocumentInbox(outbox, ks.storage.data_dir / "docs", court_public_key(ks),
                              ks.kiosk.kiosk_id, 8 * 1024 * 1024)
        inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes),
                                                 "sig": b64e(doc.signature)}))
        answer = None
        for file_idx, chunk_idx, data in doc.chunks():
            answer = inbox.on_chunk(doc.doc_id, file_idx, chunk_idx, data, sha256_hex(data)) or answer
        return {"doc_id": doc.doc_id, **(answer or {})}
    finally:
        outbox.close() if hasattr(outbox, "close") else None
