"""Downlink documents on the kiosk: chunks written durably as they arrive, the document assembled
and verified (hashes and court signature) before anything may show or print it."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from sqlmodel import select

from offline_queue import manifest as mf
from offline_queue.canonical import b64d, sha256_hex
from offline_queue.crypto import PublicKey, verify
from offline_queue.doc_store import PUBLIC_KINDS, reader, seal
from offline_queue.fsutil import atomic_write, fsync_dir, write_durable
from offline_queue.models import InDocument
from offline_queue.outbox import Outbox
from offline_queue.throttle import Throttle
from offline_queue.verify import DOCUMENT_REQUIRED, manifest_problems, verify_dir

log = logging.getLogger("offline_queue.downlink")
FINAL_STATES = ("verified", "rejected")


class DocumentInbox:
    """Receives one kiosk's documents into ``docs_dir/<doc_id>``; returns the ack to send, if any."""

    def __init__(self, outbox: Outbox, docs_dir: Path, court_key: PublicKey | None, kiosk_id: str,
                 max_chunk: int, at_rest_key: bytes | None = None):
        self.outbox = outbox
        self.at_rest_key = at_rest_key if at_rest_key is not None else outbox.at_rest_key
        """With a key, each assembled file is kept encrypted (``offline_queue.doc_store``)."""
        self.docs_dir = Path(docs_dir)
        self.court_key = court_key
        self.kiosk_id = kiosk_id
        self.max_chunk = max_chunk
        self._logged = Throttle(60.0)

    def _partial(self, doc_id: str) -> Path:
        return self.docs_dir / ".partial" / doc_id

    def _row(self, doc_id: str) -> InDocument | None:
        with self.outbox.session() as s:
            return s.get(InDocument, doc_id)

    def _save(self, row: InDocument) -> None:
        with self.outbox.session() as s:
            s.merge(row)
            s.commit()

    def on_manifest(self, doc_id: str, payload: bytes) -> dict | None:
        """A manifest the court's key verifies starts (or, if its signed content is wrong, rejects)
        the document. One that does not verify proves nothing: logged and dropped, so a forger
        cannot make the kiosk refuse the court's genuine document."""
        row = self._row(doc_id)
        if row and row.state in FINAL_STATES:
            return {"state": row.state}  # a repeat: answer again, change nothing
        if row and row.state in ("purging", "purged"):
            return {"state": "verified"}  # served here and purged since: it was verified, nothing to take again
        try:
            envelope = json.loads(payload)
            data, sig = b64d(envelope["manifest"]), b64d(envelope["sig"])
        except (ValueError, KeyError, TypeError) as exc:
            self._drop(doc_id, f"malformed manifest message rejected ({exc.__class__.__name__})")
            return None
        if self.court_key is None or not verify(self.court_key, sig, data):
            self._drop(doc_id, "manifest signature does not verify against the court key")
            return None
        manifest, problems = manifest_problems(data, sig, self.court_key, mf.DOCUMENT_SCHEMA, DOCUMENT_REQUIRED)
        if manifest is not None and (manifest.get("doc_id") != doc_id or manifest.get("kiosk_id") != self.kiosk_id):
            self._drop(doc_id, "signed for another document or kiosk (a replay)")
            return None
        if problems:
            log.warning("document %s rejected: %s", doc_id, "; ".join(problems))
            self._save(InDocument(doc_id=doc_id, state="rejected", error="; ".join(problems), received_at=time.time()))
            shutil.rmtree(self._partial(doc_id), ignore_errors=True)
            return {"state": "rejected", "problems": problems}
        partial = self._partial(doc_id)
        partial.mkdir(parents=True, exist_ok=True)
        write_durable(partial / mf.SIGNATURE, sig)
        atomic_write(partial / mf.MANIFEST, data)
        self._save(InDocument(doc_id=doc_id, kind=manifest["kind"], title=manifest["title"],
                              case_ref=manifest.get("case_ref"), recipient=manifest.get("recipient"),
                              state="receiving", received_at=time.time(), manifest=data.decode()))
        return self._try_complete(doc_id)

    def _drop(self, doc_id: str, reason: str) -> None:
        if self._logged.due((doc_id, reason)):
            log.warning("document %s: %s; dropped, waiting for the court's own", doc_id, reason)

    def on_chunk(self, doc_id: str, file: int, chunk: int, payload: bytes, sha256: str | None) -> dict | None:
        """A chunk of a document whose verified manifest is here, within its chunking and of its
        hash; anything else is dropped (the court sends manifest and chunks again together)."""
        row = self._row(doc_id)
        if row is None or row.state != "receiving":
            if row is None:
                self._drop(doc_id, "chunk before any verified manifest")
            return None
        if len(payload) > self.max_chunk:
            self._drop(doc_id, f"chunk {file}/{chunk} oversized ({len(payload)} bytes)")
            return None
        try:
            listed = mf.decode((self._partial(doc_id) / mf.MANIFEST).read_bytes())["files"][file]
        except (OSError, ValueError, IndexError, KeyError):
            self._drop(doc_id, f"chunk {file}/{chunk} not in the manifest")
            return None
        if len(payload) > listed["chunk_size"] or chunk >= listed["chunk_count"]:
            log.warning("document %s chunk %d/%d rejected: not in the manifest's chunking", doc_id, file, chunk)
            return None
        if sha256 != sha256_hex(payload):
            log.warning("document %s chunk %d/%d rejected: SHA-256 does not match", doc_id, file, chunk)
            return None
        target = self._partial(doc_id) / "c" / f"{file}.{chunk}"
        if not target.exists():
            atomic_write(target, payload)
        return self._try_complete(doc_id)

    def _try_complete(self, doc_id: str) -> dict | None:
        partial = self._partial(doc_id)
        try:
            manifest = mf.decode((partial / mf.MANIFEST).read_bytes())
        except (OSError, ValueError):
            return None  # chunks before the manifest: wait for it
        chunk_dir = partial / "c"
        for entry in manifest["files"]:
            for c in range(entry["chunk_count"]):
                if not (chunk_dir / f"{entry['idx']}.{c}").exists() and entry["size"] > 0:
                    return None
        return self._assemble(doc_id, manifest)

    def _assemble(self, doc_id: str, manifest: dict) -> dict:
        partial = self._partial(doc_id)
        staging = self.docs_dir / ".assembling" / doc_id
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for entry in manifest["files"]:
            parts = [(partial / "c" / f"{entry['idx']}.{c}") for c in range(entry["chunk_count"])]
            data = b"".join(p.read_bytes() for p in parts if p.exists())
            sealed = self.at_rest_key and manifest["kind"] not in PUBLIC_KINDS
            write_durable(staging / entry["path"], seal(data, self.at_rest_key) if sealed else data)
        shutil.copy2(partial / mf.MANIFEST, staging / mf.MANIFEST)
        shutil.copy2(partial / mf.SIGNATURE, staging / mf.SIGNATURE)
        problems = verify_dir(staging, self.court_key, document=True, read=reader(self.at_rest_key))
        row = self._row(doc_id) or InDocument(doc_id=doc_id)
        if problems:
            log.warning("document %s rejected after reassembly: %s", doc_id, "; ".join(problems))
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(partial / "c", ignore_errors=True)  # let the court resend clean chunks
            row.error = "; ".join(problems)
            self._save(row)
            return {"state": "incomplete", "problems": problems}
        final = self.docs_dir / doc_id
        shutil.rmtree(final, ignore_errors=True)
        fsync_dir(staging)
        os.rename(staging, final)
        fsync_dir(self.docs_dir)
        shutil.rmtree(partial, ignore_errors=True)
        row.state, row.path, row.verified_at, row.error = "verified", str(final), time.time(), None
        self._save(row)
        log.info("document %s (%s) verified: %s", doc_id, manifest["kind"], manifest["title"])
        return {"state": "verified"}

    def documents(self, recipient: str | None = None, include_all: bool = False) -> list[InDocument]:
        """Verified documents (for one recipient tag, if given), newest first."""
        with self.outbox.session() as s:
            query = select(InDocument).order_by(InDocument.received_at.desc())
            if not include_all:
                query = query.where(InDocument.state == "verified")
            if recipient:
                query = query.where(InDocument.recipient == recipient)
            return list(s.exec(query).all())
