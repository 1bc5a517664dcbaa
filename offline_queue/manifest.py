"""The manifest shared by packets (kiosk → court) and documents (court → kiosk).

A manifest is canonical JSON (RFC 8785) listing every file with its size, SHA-256 and chunking;
its SHA-256 is the digest of the whole packet, and its detached signature covers everything.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from offline_queue.canonical import canonical, parse_canonical, sha256_file

PACKET_SCHEMA = "court-kiosk/packet/v1"
DOCUMENT_SCHEMA = "court-kiosk/document/v1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RESERVED = {MANIFEST, SIGNATURE}
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_FILE_KEYS = {"idx", "path", "role", "media_type", "size", "sha256", "chunk_size", "chunk_count"}
CHUNK_HASHES = "chunk_sha256"  # optional: the SHA-256 of every chunk, so each is checked as it arrives


def uuid7() -> str:
    """A time-ordered UUIDv7 (RFC 9562), so packet ids sort by creation time."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62 | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def is_safe_path(path: str) -> bool:
    """Relative, no '..', no hidden first characters, no backslashes: safe to join under a dir."""
    return bool(_SAFE_PATH.match(path)) and ".." not in PurePosixPath(path).parts and path not in RESERVED


def chunk_count(size: int, chunk_size: int) -> int:
    return max(1, math.ceil(size / chunk_size))


def file_entry(idx: int, path: str, role: str, media_type: str, local: Path, chunk_size: int,
               chunk_hashes: bool = False) -> dict:
    """The manifest's entry for one file; with ``chunk_hashes`` also every chunk's SHA-256 (the
    court then stores only chunks the signed manifest vouches for: nothing forged, even first)."""
    if not chunk_hashes:
        digest, size = sha256_file(local)
        hashes = None
    else:  # one pass: the file's hash and its chunks'
        whole, hashes, size = hashlib.sha256(), [], 0
        with open(local, "rb") as fh:
            while block := fh.read(chunk_size):
                whole.update(block)
                hashes.append(hashlib.sha256(block).hexdigest())
                size += len(block)
        digest = whole.hexdigest()
        hashes = hashes or [hashlib.sha256(b"").hexdigest()]  # an empty file is one empty chunk
    entry = {"idx": idx, "path": path, "role": role, "media_type": media_type, "size": size,
             "sha256": digest, "chunk_size": chunk_size, "chunk_count": chunk_count(size, chunk_size)}
    if hashes is not None:
        entry[CHUNK_HASHES] = hashes
    return entry


def totals(files: list[dict]) -> dict:
    return {"files": len(files), "bytes": sum(f["size"] for f in files),
            "chunks": sum(f["chunk_count"] for f in files)}


def encode(manifest: dict) -> bytes:
    return canonical(manifest)


def decode(data: bytes) -> dict:
    """Parse manifest bytes (must be canonical JSON with a file list); ValueError otherwise."""
    obj = parse_canonical(data)
    if not isinstance(obj, dict) or not isinstance(obj.get("files"), list):
        raise ValueError("manifest has no file list")
    return obj


def structural_problems(manifest: dict, schema: str, required: tuple[str, ...]) -> list[str]:
    """Problems in the manifest's own fields (not the files on disk)."""
    problems = []
    if manifest.get("schema") != schema:
        problems.append(f"schema is {manifest.get('schema')!r}, expected {schema!r}")
    problems += [f"manifest field '{key}' missing" for key in required if key not in manifest]
    seen_paths: set[str] = set()
    for position, entry in enumerate(manifest.get("files", [])):
        if not isinstance(entry, dict) or set(entry) - {CHUNK_HASHES} != _FILE_KEYS:
            problems.append(f"file entry {position} malformed")
            continue
        if entry["idx"] != position:
            problems.append(f"file entry {position} has idx {entry['idx']}")
        if not isinstance(entry["path"], str) or not is_safe_path(entry["path"]):
            problems.append(f"file entry {position}: unsafe path {entry['path']!r}")
        elif entry["path"] in seen_paths:
            problems.append(f"file {entry['path']} listed twice")
        seen_paths.add(str(entry["path"]))
        ints_ok = all(isinstance(entry[k], int) and entry[k] >= 0 for k in ("size", "chunk_size", "chunk_count"))
        if not ints_ok or entry["chunk_size"] < 1:
            problems.append(f"file {entry['path']}: bad size or chunking")
        elif entry["chunk_count"] != chunk_count(entry["size"], entry["chunk_size"]):
            problems.append(f"file {entry['path']}: chunk_count does not match size")
        if not (isinstance(entry["sha256"], str) and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])):
            problems.append(f"file {entry['path']}: bad sha256")
        hashes = entry.get(CHUNK_HASHES, [])
        if CHUNK_HASHES in entry and not (
                isinstance(hashes, list) and len(hashes) == entry["chunk_count"]
                and all(isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)):
            problems.append(f"file {entry['path']}: bad chunk hashes")
    if not problems and manifest.get("totals") != totals(manifest["files"]):
        problems.append("totals do not match the file list")
    return problems


def file_problems(root: Path, manifest: dict, read=None) -> list[str]:
    """Every file listed exists with its size and hash; nothing unlisted lies beside them.
    ``read(path) -> bytes``: how a file's content is read (a document kept encrypted at rest)."""
    problems = []
    listed = set()
    for entry in manifest.get("files", []):
        if not isinstance(entry, dict) or not is_safe_path(str(entry.get("path", ""))):
            continue
        listed.add(entry["path"])
        local = root / entry["path"]
        if not local.is_file():
            problems.append(f"{entry['path']}: missing")
            continue
        if read is None:
            digest, size = sha256_file(local)
        else:
            try:
                data = read(local)
            except (OSError, ValueError) as exc:
                problems.append(f"{entry['path']}: unreadable ({exc})")
                continue
            digest, size = hashlib.sha256(data).hexdigest(), len(data)
        if size != entry.get("size"):
            problems.append(f"{entry['path']}: size {size}, manifest says {entry.get('size')}")
        if digest != entry.get("sha256"):
            problems.append(f"{entry['path']}: SHA-256 does not match the manifest")
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel not in listed and rel not in RESERVED:
            problems.append(f"{rel}: not listed in the manifest")
    return problems
