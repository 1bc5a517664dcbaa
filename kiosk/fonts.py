"""One face out of a TrueType/OpenType collection (.ttc), as a standalone font file.

Why: Kivy's SDL2 text provider opens face 0 of a collection, and face 0 of Noto Sans CJK is the
Japanese one (different glyph forms for many Chinese characters). We copy the Simplified Chinese
face's tables into an .otf in a cache directory once; later starts reuse it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

CHECKSUM_MAGIC = 0xB1B0AFBA


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _tables(blob: bytes, offset: int) -> tuple[bytes, list[tuple[bytes, int, int]]]:
    """The sfnt version and (tag, offset, length) of every table of the face at ``offset``."""
    version, count = blob[offset:offset + 4], struct.unpack_from(">H", blob, offset + 4)[0]
    records = []
    for i in range(count):
        tag, _sum, start, length = struct.unpack_from(">4sIII", blob, offset + 12 + 16 * i)
        records.append((tag, start, length))
    return version, records


def face_offsets(blob: bytes) -> list[int]:
    if blob[:4] != b"ttcf":
        return [0]
    count = struct.unpack_from(">I", blob, 8)[0]
    return list(struct.unpack_from(f">{count}I", blob, 12))


def family_name(blob: bytes, offset: int) -> str:
    """The face's family name (name id 1, Windows Unicode), or ""."""
    _version, records = _tables(blob, offset)
    table = next(((start, length) for tag, start, length in records if tag == b"name"), None)
    if table is None:
        return ""
    start, _length = table
    _fmt, count, strings = struct.unpack_from(">HHH", blob, start)
    for i in range(count):
        platform, encoding, _lang, name_id, length, off = struct.unpack_from(
            ">HHHHHH", blob, start + 6 + 12 * i)
        if name_id == 1 and platform == 3 and encoding in (0, 1):
            raw = blob[start + strings + off:start + strings + off + length]
            return raw.decode("utf-16-be", "replace")
    return ""


def extract_face(blob: bytes, offset: int) -> bytes:
    """A standalone sfnt with the tables of the face at ``offset`` (head checksum redone)."""
    version, records = _tables(blob, offset)
    records.sort()
    count = len(records)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)
    position = 12 + 16 * count
    directory, body = [], []
    head_at = None
    for tag, start, length in records:
        data = bytearray(blob[start:start + length])
        if tag == b"head":
            data[8:12] = b"\0\0\0\0"
            head_at = position
        directory.append(struct.pack(">4sIII", tag, _checksum(bytes(data)), position, length))
        body.append(bytes(data) + b"\0" * (-length % 4))
        position += length + (-length % 4)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    if head_at is not None:
        adjustment = (CHECKSUM_MAGIC - _checksum(bytes(font))) & 0xFFFFFFFF
        font[head_at + 8:head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kiosk" / "fonts"


def single_face(path: Path, family: str, cache_dir: Path | None = None) -> Path:
    """``path`` itself for a plain font; for a collection, its ``family`` face as a cached .otf.

    Raises LookupError when the collection has no such face.
    """
    path = Path(path)
    with path.open("rb") as handle:
        if handle.read(4) != b"ttcf":
            return path
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{family}".encode())
    cache_dir = Path(cache_dir or default_cache_dir())
    out = cache_dir / f"{path.stem}-{family.replace(' ', '')}-{key.hexdigest()[:12]}.otf"
    if out.is_file():
        return out
    blob = path.read_bytes()
    for offset in face_offsets(blob):
        if family_name(blob, offset) == family:
            break
    else:
        raise LookupError(f"{path} has no face named {family!r}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(extract_face(blob, offset))
    os.replace(tmp, out)
    log.info("extracted %s from %s into %s", family, path, out)
    return out
