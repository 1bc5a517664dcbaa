"""Where the court keeps chunks until their packet is complete.

``db`` (default): the bytes live in the shared store, so gateway members on different hosts need
nothing but the database (DESIGN.md: stateless over a shared database). ``files``: the bytes go to
``data_dir/chunks`` (fsync'd before the batch commits) and the store keeps only which chunks
arrived; faster, for members that share one host or file system.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, select

from court.store import InChunk, InPacket, insert_ignore
from offline_queue import manifest as mf
from offline_queue.canonical import sha256_file, sha256_hex
from offline_queue.fsutil import fsync_dir, write_durable

log = logging.getLogger("court.chunks")


class DbChunks:
    def __init__(self, settings):
        self.settings = settings

    def put(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int, data: bytes) -> bool:
        insert_ignore(s, InChunk, kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx, data=data)
        return True

    def before_commit(self) -> None:
        """Everything is in the transaction already."""

    def assemble(self, s: Session, kid: str, pid: str, manifest: dict, staging: Path) -> list[int]:
        """Write every file of the packet into ``staging`` (durably); the indexes of files whose
        size or SHA-256 does not match the manifest (nothing to keep then)."""
        bad = []
        for f in manifest["files"]:
            rows = s.exec(select(InChunk.chunk_idx, InChunk.data).where(
                InChunk.kiosk_id == kid, InChunk.packet_id == pid, InChunk.file_idx == f["idx"])
                .order_by(InChunk.chunk_idx)).all()
            data = b"".join(d for c, d in rows if c < f["chunk_count"])
            if len(data) != f["size"] or sha256_hex(data) != f["sha256"]:
                bad.append(f["idx"])
            elif not bad:
                write_durable(staging / f["path"], data)
        return bad

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
        if not insert_ignore(s, InChunk, kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx,
                             data=b""):
            return True
        directory = self._dir(kid, pid)
        if not directory.exists():
            directory.mkdir(parents=True)
            self._new_dirs.add(directory)
        if sizes is None:
            write_durable(directory / f"{file_idx}.{chunk_idx}", data)
            return True
        path = directory / f"{file_idx}.data"
        fd = self._touched.get(path)
        if fd is None:
            fd = self._touched[path] = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.pwrite(fd, data, chunk_idx * sizes[file_idx])
        return True

    def before_commit(self) -> None:
        """Data and names durable before the rows that say the chunks arrived."""
        for fd in self._touched.values():
            os.fsync(fd)
            os.close(fd)
        self._touched.clear()
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
