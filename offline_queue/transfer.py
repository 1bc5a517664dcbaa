"""One packet in flight: what the court has confirmed (bitmaps), what is sent and unconfirmed
(the window), and the next chunk to send. Pure bookkeeping plus reading chunks from the spool."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.bitmap import Bitmap
from offline_queue.canonical import b64d


@dataclass
class FileState:
    idx: int
    path: Path
    size: int
    chunk_size: int
    have: Bitmap


@dataclass
class Transfer:
    packet_id: str
    digest: str
    manifest_bytes: bytes
    signature: bytes
    files: list[FileState]
    manifest_sent: bool = False
    need_manifest: bool = False
    needs_fin: bool = False
    awaiting: bool = False
    fin_at: float = 0.0
    last_progress: float = field(default_factory=time.monotonic)
    inflight: dict[tuple[int, int], float] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)
    _handles: dict[int, object] = field(default_factory=dict)

    @classmethod
    def load(cls, row, file_rows) -> "Transfer":
        spool = Path(row.spool_path)
        data = (spool / mf.MANIFEST).read_bytes()
        files = [FileState(f.idx, spool / f.path, f.size, f.chunk_size,
                           Bitmap(f.chunk_count, f.have or None)) for f in file_rows]
        return cls(row.packet_id, row.digest, data, (spool / mf.SIGNATURE).read_bytes(), files)

    def all_confirmed(self) -> bool:
        return all(f.have.complete() for f in self.files)

    def next_chunk(self) -> tuple[int, int] | None:
        """The lowest chunk neither confirmed nor in flight."""
        for f in self.files:
            for c in range(f.have.size):
                if not f.have.has(c) and (f.idx, c) not in self.inflight:
                    return f.idx, c
        return None

    def read_chunk(self, file_idx: int, chunk_idx: int) -> bytes:
        f = self.files[file_idx]
        handle = self._handles.get(file_idx)
        if handle is None:
            handle = self._handles[file_idx] = open(f.path, "rb")
        handle.seek(chunk_idx * f.chunk_size)
        return handle.read(f.chunk_size)

    @staticmethod
    def chunk_hash(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def apply(self, answer: dict) -> None:
        """Merge the court's answer: ``got`` confirms chunks; a ``full`` answer (to fin) replaces the
        bitmaps, and chunks in flight since before it that the court lacks are sent again."""
        progressed = False
        for file_idx, chunk_idx in answer.get("got", []):
            f = self.files[int(file_idx)]
            if f.have.set(int(chunk_idx)):
                self.dirty.add(f.idx)
                progressed = True
            self.inflight.pop((f.idx, int(chunk_idx)), None)
        have = answer.get("have")
        if isinstance(have, dict):
            for key, text in have.items():
                f = self.files[int(key)]
                court = Bitmap(f.have.size, b64d(text))
                if answer.get("full"):
                    if court.bits != f.have.bits:
                        f.have = court
                        self.dirty.add(f.idx)
                    for c in range(f.have.size):
                        sent = self.inflight.get((f.idx, c))
                        if f.have.has(c) or (sent is not None and sent <= self.fin_at):
                            self.inflight.pop((f.idx, c), None)
                elif f.have.union(court):
                    self.dirty.add(f.idx)
                    progressed = True
                    for c in range(f.have.size):
                        if f.have.has(c):
                            self.inflight.pop((f.idx, c), None)
        if progressed or answer.get("full"):
            self.last_progress = time.monotonic()

    def forget_inflight(self, before: float) -> None:
        """Chunks sent before ``before`` (a fin) that the court did not confirm go out again."""
        for key, sent in list(self.inflight.items()):
            if sent <= before:
                del self.inflight[key]

    def resync(self) -> None:
        """After a reconnect: forget what was in flight and ask the court where it stands."""
        self.inflight.clear()
        self.needs_fin = True
        self.fin_at = 0.0
        self.manifest_sent = False

    def take_dirty(self) -> dict[int, bytes]:
        bits = {idx: bytes(self.files[idx].have.bits) for idx in self.dirty}
        self.dirty.clear()
        return bits

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()
