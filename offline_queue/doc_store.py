"""Court documents at rest on the kiosk: every file of a verified downlink document (the judgment's
PDF, a transcript, a decision's JSON, a fee notice or slip, an archive's files) is kept encrypted
(AES-256-GCM under the kiosk's at-rest key, ``keys/at-rest.key`` beside its signing key), so the
docs folder, a backup of it or a disk taken away holds no one's judgment in clear; it is
decrypted in memory only, for the viewer, the printer (a private temporary copy, gone once CUPS
has the job) and the checks.

And documents are not kept for ever. What closes each kind is recorded (``document_served``):
a judgment served (the proof of service sealed, signed or refused), a transcript answered, a
decision or fee answer shown to its person on the status step or in the archive list (``shown``;
``paid`` when it carries the 电子交费单), an archive viewed (``viewed``); the last three only once
that session has ended (``kiosk.effects.closing``). After the retention that applies to scans
after the court's receipt (``retention.keep_scans_after_receipt_h``) a closed document's folder
goes; one nothing closes goes ``retention.keep_unclosed_documents_days`` after it arrived. The
purge marks the row ``purging`` before it deletes anything and ``purged`` after, so a crash
mid-way only leaves a purge to finish; each purge is logged with why."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlmodel import Field, SQLModel, select

from offline_queue.fsutil import create_once

log = logging.getLogger("offline_queue.doc_store")
MAGIC = b"CKAR1\n"
"""Marks a file sealed at rest (a file without it is read as it is: older, clear documents)."""
PUBLIC_KINDS = ("catalogue",)
"""The court's public documents (judgments published, guides, templates): for anyone, kept clear."""
PURGED_KINDS = ("judgment", "transcript", "decision", "archive", "notice")
"""Documents for one person, purged once closed (or unclosed too long); only the court's public
catalogue (``PUBLIC_KINDS``) stays."""


class AtRestError(ValueError):
    """A file sealed at rest that does not open with this kiosk's key (changed, or another key)."""


class DocumentServed(SQLModel, table=True):
    """When a document was closed at this kiosk, and how: ``signed`` / ``refused`` (a proof of
    service), ``transcript`` (answered), ``shown`` / ``paid`` (a decision), ``viewed`` (an archive)."""

    __tablename__ = "document_served"

    doc_id: str = Field(primary_key=True)
    served_at: float
    how: str = ""


def key_path(settings) -> Path:
    return Path(settings.kiosk_key_file).parent / "at-rest.key"


@functools.lru_cache(maxsize=8)
def _load_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if create_once(path, os.urandom(32)):  # two processes at once: one key, the first one's
            log.info("at-rest key for court documents created at %s", path)
    key = path.read_bytes()
    if len(key) != 32:
        raise AtRestError(f"{path}: an at-rest key is 32 bytes, this one is {len(key)}")
    return key


CREDENTIAL = "at-rest.key"
"""The systemd credential's name (``LoadCredentialEncrypted=at-rest.key:…``, ``provisioning.at_rest``)."""


@functools.lru_cache(maxsize=8)
def _credential_key(directory: str) -> bytes | None:
    path = Path(directory) / CREDENTIAL if directory else None
    if path is None or not path.is_file():
        log.warning("keys.at_rest_key = credential, but systemd passed no %s credential "
                    "($CREDENTIALS_DIRECTORY): the file key is used; documents sealed under the "
                    "credential stay withheld", CREDENTIAL)
        return None
    key = path.read_bytes()
    if len(key) != 32:
        log.error("the %s credential is %d bytes, not 32: the file key is used", CREDENTIAL, len(key))
        return None
    return key


def kiosk_key(settings) -> bytes:
    """This kiosk's at-rest key: the systemd credential when configured and passed (decrypted by
    systemd with the TPM and/or host secret, never stored in clear), else the file (created, 0600,
    on first use)."""
    if settings.keys.at_rest_key == "credential":
        key = _credential_key(os.environ.get("CREDENTIALS_DIRECTORY", ""))
        if key is not None:
            return key
    return _load_key(key_path(settings))


def seal(data: bytes, key: bytes) -> bytes:
    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, MAGIC)


def unseal(blob: bytes, key: bytes | None) -> bytes:
    if not blob.startswith(MAGIC):
        return blob
    if key is None:
        raise AtRestError("a document sealed at rest, and no key to open it")
    body = blob[len(MAGIC):]
    try:
        return AESGCM(key).decrypt(body[:12], body[12:], MAGIC)
    except (InvalidTag, ValueError) as exc:
        raise AtRestError(f"does not open with this kiosk's at-rest key ({exc.__class__.__name__})") from None


def read_bytes(path: Path | str, key: bytes | None) -> bytes:
    """A document file's content, in memory (raises OSError, AtRestError)."""
    return unseal(Path(path).read_bytes(), key)


def reader(key: bytes | None):
    return lambda path: read_bytes(path, key)


def outbox_reader(outbox):
    """How to read the files of the documents in ``outbox``'s store (``service.open_outbox`` gives
    it the kiosk's at-rest key; a bare ``Outbox`` has none and reads clear files only)."""
    return reader(outbox.at_rest_key)


def read_json(outbox, path: Path | str):
    import json

    return json.loads(outbox_reader(outbox)(path))


# --- served, and purged after the retention ----------------------------------------------------


def mark_served(outbox, doc_id: str, how: str, at: float | None = None) -> None:
    """Record once that ``doc_id`` was served here (a repeat keeps the first time)."""
    with outbox.session() as s:
        if s.get(DocumentServed, doc_id) is None:
            s.add(DocumentServed(doc_id=doc_id, served_at=at or time.time(), how=how))
            s.commit()


def purge_served(outbox, keep_hours: float, now: float | None = None, *, unclosed_days: float | None = None,
                 between=None) -> int:
    """Delete the folders of documents closed ``keep_hours`` ago or more, and (with
    ``unclosed_days``) of those nothing closed that arrived that many days ago; finish any purge a
    crash interrupted. ``between(doc_id, path)`` runs after each file removed (for the fault test)."""
    from offline_queue.models import InDocument

    now = now or time.time()
    cutoff = now - keep_hours * 3600
    why: dict[str, str] = {}
    with outbox.session() as s:
        closed = s.exec(select(InDocument, DocumentServed)
                        .join(DocumentServed, DocumentServed.doc_id == InDocument.doc_id)
                        .where(InDocument.state == "verified", InDocument.kind.in_(PURGED_KINDS),
                               DocumentServed.served_at <= cutoff)).all()
        for row, served in closed:
            why[row.doc_id] = f"closed ({served.how}) {_ago(now - served.served_at)} ago, kept {keep_hours:g} h"
        due = [row for row, _served in closed]
        if unclosed_days is not None:
            stale = s.exec(select(InDocument).where(
                InDocument.state == "verified", InDocument.kind.in_(PURGED_KINDS),
                InDocument.verified_at <= now - unclosed_days * 86400,
                InDocument.doc_id.not_in(select(DocumentServed.doc_id)))).all()
            for row in stale:
                why[row.doc_id] = (f"never closed, arrived {_ago(now - (row.verified_at or now))} ago, "
                                   f"kept {unclosed_days:g} days")
            due += stale
        for row in due:
            row.state = "purging"  # never listed again, whatever happens next
            s.add(row)
        if due:
            s.commit()
        rows = s.exec(select(InDocument).where(InDocument.state == "purging")).all()
        for row in rows:
            root = Path(row.path) if row.path else None
            files = 0
            if root is not None and root.is_dir():
                for path in sorted((p for p in root.rglob("*") if p.is_file()), reverse=True):
                    path.unlink()
                    files += 1
                    if between is not None:
                        between(row.doc_id, path)
                shutil.rmtree(root, ignore_errors=True)
            row.state, row.path = "purged", None
            # what named its person goes too (titles carry the parties' names); the id and kind stay
            # so the court's repeated manifest is answered without storing it again
            row.title, row.case_ref, row.recipient, row.manifest = "", None, None, None
            s.add(row)
            s.commit()
            log.info("court document %s (%s) purged, %d file(s) removed: %s", row.doc_id, row.kind, files,
                     why.get(row.doc_id, "an interrupted purge finished"))
        return len(rows)


def _ago(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{seconds / 86400:.1f} days" if seconds >= 86400 else f"{seconds / 3600:.1f} h"
