"""Verification of packets and documents: every problem found, not just the first."""

from __future__ import annotations

from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.crypto import PublicKey, key_id, verify
from offline_queue.packet import REQUIRED as PACKET_REQUIRED

DOCUMENT_REQUIRED = ("doc_id", "kiosk_id", "kind", "title", "court", "created_at", "key_id", "files",
                     "totals")


def manifest_problems(data: bytes, signature: bytes, public: PublicKey | None, schema: str,
                      required: tuple[str, ...]) -> tuple[dict | None, list[str]]:
    """Parse and check manifest bytes and their signature; (manifest or None, problems)."""
    try:
        manifest = mf.decode(data)
    except ValueError as exc:
        return None, [f"manifest: {exc}"]
    problems = mf.structural_problems(manifest, schema, required)
    if public is None:
        problems.append("no public key to check the signature with")
    elif not verify(public, signature, data):
        problems.append("manifest signature does not verify" +
                        (" (signed by another key)" if manifest.get("key_id") != key_id(public) else ""))
    return manifest, problems


def verify_dir(root: Path, public: PublicKey | None, *, document: bool = False, read=None) -> list[str]:
    """All problems of a packet (or document) directory; an empty list means it verifies.
    ``read``: see ``manifest.file_problems`` (``offline_queue.doc_store.reader``)."""
    root = Path(root)
    try:
        data = (root / mf.MANIFEST).read_bytes()
        signature = (root / mf.SIGNATURE).read_bytes()
    except OSError as exc:
        return [f"cannot read manifest or signature: {exc.strerror or exc}"]
    schema, required = ((mf.DOCUMENT_SCHEMA, DOCUMENT_REQUIRED) if document
                        else (mf.PACKET_SCHEMA, PACKET_REQUIRED))
    manifest, problems = manifest_problems(data, signature, public, schema, required)
    if manifest is not None:
        problems += mf.file_problems(root, manifest, read)
    return problems
