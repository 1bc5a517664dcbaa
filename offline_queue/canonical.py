"""Canonical JSON (RFC 8785) and SHA-256 helpers: the bytes that are hashed and signed."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import rfc8785


def canonical(obj: Any) -> bytes:
    """RFC 8785 (JCS) bytes of ``obj``: the same value always gives the same bytes."""
    return rfc8785.dumps(obj)


def parse_canonical(data: bytes) -> Any:
    """Parse JSON that must already be in canonical form (ValueError otherwise)."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    if canonical(obj) != data:
        raise ValueError("JSON is not in canonical (RFC 8785) form")
    return obj


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> tuple[str, int]:
    """(hex digest, size) of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
