"""One packet in flight: what the court has confirmed (bitmaps), what is sent and unconfirmed
(the window), and the next chunk to send. Pure bookkeeping plus reading chunks from the spool."""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.bitmap import Bitmap
from offline_queue.ack import check_ranges
from offline_queue.canonical import sha256_hex


FIN_CAP_FACTOR = 10  # a stalled transfer's fin backs off to at most 10 x ack_timeout (30 s by default)


class SpoolDamaged(ValueError):
    """A sealed packet's spool files are missing or no longer what was sealed: it cannot be sent."""


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
    fin_nonce: str | None = None
    hold_until: float = 0.0
    last_progress: float = field(default_factory=time.monotonic)
    fin_misses: int = 0  # fins in a row the court has not answered: each doubles the wait for the next
    fin_wait: float = 0.0  # seconds after the last fin before the next may go; 0 = ack_timeout
    answered: bool = False  # the court answered (progress or a full bitmap) since the last fin
    inflight: dict[tuple[int, int], float] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)
    _handles: dict[int, object] = field(default_factory=dict)

    @classmethod
    def load(cls, row, file_rows) -> "Transfer":
        """The transfer of a sealed packet whose spool directory still verifies (every file there,
        of its size and hash, nothing else); SpoolDamaged says what is wrong otherwise."""
        spool = Path(row.spool_path)
        try:
            data, signature = (spool / mf.MANIFEST).read_bytes(), (spool / mf.SIGNATURE).read_bytes()
        except OSError as exc:
            raise SpoolDamaged(f"manifest or signature unreadable ({exc.strerror or exc})") from None
        if sha256_hex(data) != row.digest:
            raise SpoolDamaged("manifest.json is not the one sealed")
        try:
            problems = mf.file_problems(spool, mf.decode(data))
        except (OSError, ValueError) as exc:
            raise SpoolDamaged(str(exc)) from None
        if problems:
            raise SpoolDamaged("; ".join(problems))
        files = [FileState(f.idx, spool / f.path, f.size, f.chunk_size,
                           Bitmap(f.chunk_count, f.have or None)) for f in file_rows]
        return cls(row.packet_id, row.digest, data, signature, files)

    def largest_chunk(self) -> int:
        return max((min(f.size, f.chunk_size) for f in self.files), default=0)

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
        """The chunk's bytes; SpoolDamaged when its file went missing or shrank since ``load``."""
        f = self.files[file_idx]
        try:
            handle = self._handles.get(file_idx)
            if handle is None:
                handle = self._handles[file_idx] = open(f.path, "rb")
            handle.seek(chunk_idx * f.chunk_size)
            data = handle.read(f.chunk_size)
        except OSError as exc:
            raise SpoolDamaged(f"{f.path.name}: {exc.strerror or exc}") from None
        if len(data) != max(0, min(f.chunk_size, f.size - chunk_idx * f.chunk_size)):
            raise SpoolDamaged(f"{f.path.name}: shorter than the manifest says")
        return data

    @staticmethod
    def chunk_hash(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def apply(self, answer: dict) -> None:
        """Merge the court's verified answer (``offline_queue.ack.open_ack``): ``got`` confirms chunks;
        a ``full`` answer to this transfer's latest fin (its nonce echoed) replaces the bitmaps, any
        other full answer may only take confirmations away (a replay then costs resending, nothing
        more); chunks in flight since before the fin that the court lacks are sent again. Every
        field is range-checked first (AckError): a bad answer changes nothing."""
        bitmaps = check_ranges(answer, [f.have.size for f in self.files])
        progressed = False
        for file_idx, chunk_idx in answer.get("got", []):
            f = self.files[file_idx]
            if f.have.set(chunk_idx):
                self.dirty.add(f.idx)
                progressed = True
            self.inflight.pop((f.idx, chunk_idx), None)
        if answer.get("full"):
            bound = self.fin_nonce is not None and answer.get("fin") == self.fin_nonce
            for idx, bits in bitmaps.items():
                f = self.files[idx]
                court = Bitmap(f.have.size, bits)
                if not bound:
                    court = Bitmap(f.have.size, bytes(a & b for a, b in zip(f.have.bits, court.bits)))
                if court.bits != f.have.bits:
                    f.have = court
                    self.dirty.add(f.idx)
                for c in range(f.have.size):
                    sent = self.inflight.get((f.idx, c))
                    if f.have.has(c) or (sent is not None and sent <= self.fin_at):
                        self.inflight.pop((f.idx, c), None)
        if progressed or answer.get("full"):
            self.last_progress = time.monotonic()
            self.answered, self.fin_misses, self.fin_wait = True, 0, 0.0  # the court answers: back to normal

    def fin_due(self, now: float, ack_timeout: float) -> tuple[bool, bool]:
        """(a fin should go now, the transfer is stalled). A fin asks for the receipt or the
        bitmaps when all is sent, the link came back, or nothing moved for the current wait."""
        wait = self.fin_wait or ack_timeout
        stalled = now - self.last_progress > wait
        return (self.all_confirmed() or self.needs_fin or stalled) and now - self.fin_at > wait, stalled

    def fin_sent(self, now: float, nonce: str, stalled: bool, ack_timeout: float,
                 rng: random.Random | None = None) -> None:
        """Note a fin: while the court answers none, the wait before the next doubles (with jitter,
        capped at ``FIN_CAP_FACTOR`` x ``ack_timeout``), so an overloaded court is not asked again
        every few seconds by every stalled kiosk; an answer resets it (``apply``)."""
        self.fin_misses = 0 if self.answered or not self.fin_at else self.fin_misses + 1
        if self.fin_misses:
            ceiling = min(ack_timeout * FIN_CAP_FACTOR, ack_timeout * 2 ** self.fin_misses)
            self.fin_wait = (rng or random).uniform(max(ack_timeout, ceiling / 2), ceiling)
        else:
            self.fin_wait = 0.0
        self.fin_at, self.needs_fin, self.fin_nonce, self.answered = now, False, nonce, False
        if stalled:
            self.last_progress = now

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
        self.fin_misses, self.fin_wait = 0, 0.0
        self.manifest_sent = False

    def take_dirty(self) -> dict[int, bytes]:
        bits = {idx: bytes(self.files[idx].have.bits) for idx in self.dirty}
        self.dirty.clear()
        return bits

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()
