"""Where the court keeps chunks until their packet is complete.

``db`` (default): the bytes live in the shared store, so gateway members on different hosts need
nothing but the database (DESIGN.md: stateless over a shared database). ``files``: the bytes go to
``data_dir/chunks`` (fsync'd before the batch commits) and the store keeps only which chunks
arrived; faster, for members that share one host or file system.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, select

from court.store import InChunk, InPacket, insert_ignore_many
from offline_queue import manifest as mf
from offline_queue.canonical import sha256_file
from offline_queue.fsutil import DiskFull, fsync_dir, write_durable

log = logging.getLogger("court.chunks")


class StoreFull(DiskFull):
    """The court's disk (files or database) is full: the batch or record was rolled back."""

    code = "court.disk_full"

    def __init__(self, reason: str):
        super().__init__(f"court store disk full ({reason})")
        self.reason = reason


class DbChunks:
    """A batch's chunks are collected by ``put`` and inserted in one statement by ``flush`` (the
    store's write lock is then held only for that and the commit)."""

    def __init__(self, settings):
        self.settings = settings
        self._rows: list[dict] = []

    def begin_batch(self) -> None:
        """Forget whatever a failed batch left (its transaction was rolled back)."""
        self._rows = []

    def abort(self) -> None:
        """The batch failed before its commit (e.g. disk full): nothing of it counts as stored."""
        self._rows = []

    def unstage(self, kid: str, pid: str, manifest: dict, staging: Path) -> None:
        """Recording failed: the chunks stay where ``assemble`` found them (rows in the store)."""

    def note_manifest(self, kid: str, pid: str, manifest: dict) -> None:
        """A manifest stored in this batch (not yet committed): its chunking is known now."""

    def put(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int, data: bytes) -> bool:
        self._rows.append(dict(kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx, data=data))
        return True

    def before_commit(self) -> None:
        """Everything goes into the transaction."""

    def discard(self, packets: set[tuple[str, str]]) -> None:
        """Leave out this batch's chunks of these packets (recorded meanwhile)."""
        self._rows = [r for r in self._rows if (r["kiosk_id"], r["packet_id"]) not in packets]

    def flush(self, s: Session) -> None:
        """Insert the batch's chunk rows (duplicates ignored) in one executemany."""
        rows, self._rows = self._rows, []
        if rows:
            insert_ignore_many(s, InChunk, rows)

    def assemble(self, s: Session, kid: str, pid: str, manifest: dict, staging: Path) -> list[int]:
        """Write every file of the packet into ``staging`` (durably); the indexes of files whose
        size or SHA-256 does not match the manifest (nothing to keep then)."""
        bad, written = [], []
        try:
            self._write_files(s, kid, pid, manifest, staging, bad, written)
            if not bad:  # every file written before the first fsync: the kernel writes them back together
                for fd in written:
                    os.fsync(fd)
        finally:
            for fd in written:
                os.close(fd)
        return bad

    @staticmethod
    def _write_files(s: Session, kid: str, pid: str, manifest: dict, staging: Path, bad: list, written: list) -> None:
        for f in manifest["files"]:
            rows = s.exec(select(InChunk.chunk_idx, InChunk.data).where(
                InChunk.kiosk_id == kid, InChunk.packet_id == pid, InChunk.file_idx == f["idx"],
                InChunk.chunk_idx < f["chunk_count"]).order_by(InChunk.chunk_idx)).all()
            target = staging / f["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            written.append(fd)
            for _c, data in rows:  # streamed: hashed and written chunk by chunk, no joined copy
                digest.update(data)
                size += len(data)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            if size != f["size"] or digest.hexdigest() != f["sha256"]:
                bad.append(f["idx"])

    def drop(self, s: Session, kid: str, pid: str, files: list[int] | None = None) -> None:
        stmt = delete(InChunk).where(InChunk.kiosk_id == kid, InChunk.packet_id == pid)
        if files is not None:
            stmt = stmt.where(InChunk.file_idx.in_(files))
        s.exec(stmt)

    def cleanup(self, kid: str, pid: str) -> None:
        """Nothing outside the database."""


class FileChunks(DbChunks):
    """Chunks written at their offset into one staging file per packet file (fsync'd before the
    batch commits); a complete file is hashed in place and renamed into the record, never copied.
    A chunk that arrives before its manifest (possible with several members) waits in its own file."""

    def __init__(self, settings):
        super().__init__(settings)
        self.root = Path(settings.data_dir) / "chunks"
        self._layouts: dict[tuple[str, str], dict[int, int]] = {}
        self._touched: dict[Path, int] = {}
        self._new_dirs: set[Path] = set()
        self._present: dict[tuple[str, str], set[tuple[int, int]]] = {}
        self._dirs: set[Path] = set()  # chunk directories seen in this batch (one stat each, not one per chunk)
        self._early: list[Path] = []  # early-chunk files written in this batch (removed if it fails)

    def begin_batch(self) -> None:
        super().begin_batch()
        self._present.clear()
        self._dirs.clear()
        self._early.clear()

    def abort(self) -> None:
        """Bytes a failed batch wrote have no rows: they are not stored and the resent chunks
        overwrite them (at their offset); its early-chunk files go, its open files are closed."""
        super().abort()
        while self._touched:
            os.close(self._touched.popitem()[1])
        for path in self._early:
            path.unlink(missing_ok=True)
        self._early.clear()
        self._new_dirs.clear()
        self._present.clear()

    def unstage(self, kid: str, pid: str, manifest: dict, staging: Path) -> None:
        """Put files ``assemble`` renamed into ``staging`` back, so a later attempt finds them."""
        directory = self._dir(kid, pid)
        for f in manifest["files"]:
            src, dst = staging / f["path"], directory / f"{f['idx']}.data"
            if src.exists() and not dst.exists():
                os.rename(src, dst)

    def discard(self, packets: set[tuple[str, str]]) -> None:
        super().discard(packets)
        for kid, pid in packets:  # bytes written into a re-created directory: not needed
            self.cleanup(kid, pid)

    def note_manifest(self, kid: str, pid: str, manifest: dict) -> None:
        self._layouts[(kid, pid)] = {f["idx"]: f["chunk_size"] for f in manifest["files"]}

    def _is_stored(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int) -> bool:
        """Whether the chunk is stored (committed, or earlier in this batch): one query per packet
        and batch. A stored chunk's bytes are never overwritten by a replay."""
        present = self._present.get((kid, pid))
        if present is None:
            present = self._present[(kid, pid)] = set(s.exec(
                select(InChunk.file_idx, InChunk.chunk_idx).where(InChunk.kiosk_id == kid,
                                                                  InChunk.packet_id == pid)).all())
        if (file_idx, chunk_idx) in present:
            return True
        present.add((file_idx, chunk_idx))
        return False

    def _dir(self, kid: str, pid: str) -> Path:
        return self.root / kid / pid

    def _chunk_sizes(self, s: Session, kid: str, pid: str) -> dict[int, int] | None:
        if (kid, pid) not in self._layouts:
            row = s.exec(select(InPacket.manifest).where(InPacket.kiosk_id == kid, InPacket.packet_id == pid)).first()
            if row is None:
                return None
            self._layouts[(kid, pid)] = {f["idx"]: f["chunk_size"] for f in mf.decode(row)["files"]}
        return self._layouts[(kid, pid)]

    def put(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int, data: bytes) -> bool:
        sizes = self._chunk_sizes(s, kid, pid)
        if sizes is not None and (file_idx not in sizes or len(data) > sizes[file_idx]):
            log.warning("packet %s from %s chunk %d/%d rejected: not in the manifest's chunking", pid, kid,
                        file_idx, chunk_idx)
            return False
        if self._is_stored(s, kid, pid, file_idx, chunk_idx):
            return True
        self._rows.append(dict(kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx, data=b""))
        directory = self._dir(kid, pid)
        if directory not in self._dirs:
            if not directory.exists():
                directory.mkdir(parents=True)
                self._new_dirs.add(directory)
            self._dirs.add(directory)
        if sizes is None:
            self._early.append(directory / f"{file_idx}.{chunk_idx}")
            write_durable(self._early[-1], data)
            return True
        path = directory / f"{file_idx}.data"
        fd = self._touched.get(path)
        if fd is None:
            fd = self._touched[path] = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.pwrite(fd, data, chunk_idx * sizes[file_idx])
        return True

    def before_commit(self) -> None:
        """Data and names durable before the rows that say the chunks arrived."""
        self._present.clear()
        while self._touched:  # popped first: a failing fdatasync leaves no closed fd behind for abort()
            fd = self._touched.popitem()[1]
            try:
                os.fdatasync(fd)  # the data and the size; the names are fsync'd below
            finally:
                os.close(fd)
        for directory in sorted(self._new_dirs, key=lambda p: -len(p.parts)):
            fsync_dir(directory)
            fsync_dir(directory.parent)
        self._new_dirs.clear()

    def assemble(self, s: Session, kid: str, pid: str, manifest: dict, staging: Path) -> list[int]:
        directory = self._dir(kid, pid)
        bad = []
        for f in manifest["files"]:
            data_file = directory / f"{f['idx']}.data"
            self._merge_early_chunks(directory, f, data_file)
            if not data_file.exists() or sha256_file(data_file) != (f["sha256"], f["size"]):
                bad.append(f["idx"])
        if bad:
            return bad
        for f in manifest["files"]:
            target = staging / f["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(directory / f"{f['idx']}.data", target)
        return []

    @staticmethod
    def _merge_early_chunks(directory: Path, entry: dict, data_file: Path) -> None:
        early = sorted(directory.glob(f"{entry['idx']}.[0-9]*"))
        if not early and (data_file.exists() or entry["size"] > 0):
            return
        fd = os.open(data_file, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for part in early:
                os.pwrite(fd, part.read_bytes(), int(part.name.split(".")[1]) * entry["chunk_size"])
            os.fsync(fd)
        finally:
            os.close(fd)
        for part in early:
            part.unlink()

    def drop(self, s: Session, kid: str, pid: str, files: list[int] | None = None) -> None:
        super().drop(s, kid, pid, files)
        if files is not None:
            for file_idx in files:
                for path in self._dir(kid, pid).glob(f"{file_idx}.*"):
                    path.unlink(missing_ok=True)

    def cleanup(self, kid: str, pid: str) -> None:
        self._layouts.pop((kid, pid), None)
        shutil.rmtree(self._dir(kid, pid), ignore_errors=True)


def chunk_store(settings) -> DbChunks:
    return FileChunks(settings) if settings.chunk_store == "files" else DbChunks(settings)
