"""Documents the court sends to a kiosk (judgments, archive files, transcripts, notices, decisions):
the same manifest form as packets, signed by the court."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.crypto import PrivateKey, key_id, sign

DOC_KINDS = ("judgment", "archive", "transcript", "notice", "decision", "catalogue")


def recipient_tag(id_number: str) -> str:
    """How a document names its recipient without carrying the ID number itself."""
    return hashlib.sha256(f"court-kiosk/recipient/v1:{id_number.strip().upper()}".encode()).hexdigest()


@dataclass
class BuiltDocument:
    doc_id: str
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    files: dict[str, bytes]

    def chunks(self):
        """(file idx, chunk idx, bytes) for every chunk, in order."""
        for entry in self.manifest["files"]:
            data = self.files[entry["path"]]
            size = entry["chunk_size"]
            for c in range(entry["chunk_count"]):
                yield entry["idx"], c, data[c * size:(c + 1) * size]


def build_document(key: PrivateKey, *, kiosk_id: str, kind: str, title: str, court: str,
                   files: list[tuple[str, bytes, str, str]], recipient: str | None = None,
                   case_ref: str | None = None, chunk_size: int = 256 * 1024,
                   doc_id: str | None = None, extra: dict | None = None) -> BuiltDocument:
    """Sign a document made of ``files`` = [(path, bytes, role, media_type)]."""
    if kind not in DOC_KINDS:
        raise ValueError(f"document kind must be one of {', '.join(DOC_KINDS)}")
    doc_id = doc_id or mf.uuid7()
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for idx, (path, data, role, media_type) in enumerate(files):
            if not mf.is_safe_path(path):
                raise ValueError(f"bad document path {path!r}")
            local = Path(tmp) / f"{idx}"
            local.write_bytes(data)
            entries.append(mf.file_entry(idx, path, role, media_type, local, chunk_size))
    manifest = {"schema": mf.DOCUMENT_SCHEMA, "doc_id": doc_id, "kiosk_id": kiosk_id, "kind": kind,
                "title": title, "court": court, "recipient": recipient, "case_ref": case_ref,
                "created_at": mf.utc_now(), "key_id": key_id(key), "files": entries,
                "totals": mf.totals(entries), **(extra or {})}
    data = mf.encode(manifest)
    return BuiltDocument(doc_id, manifest, data, sign(key, data), {p: d for p, d, _r, _m in files})


def pickup_digest(doc_id: str, code: str) -> str:
    """How a document names its SMS pickup code (文书领取验证码) without carrying it: the code is
    salted with the document id, so one code opens one document only."""
    return hashlib.sha256(f"court-kiosk/pickup/v1:{doc_id}:{code.strip()}".encode()).hexdigest()
