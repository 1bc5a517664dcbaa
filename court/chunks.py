"""Where the court keeps chunks until their packet is complete.

``db`` (default): the bytes live in the shared store, so gateway members on different hosts need
nothing but the database (DESIGN.md: stateless over a shared database). ``files``: the bytes go to
``data_dir/chunks`` (each fsync'd before the batch commits) and the store keeps only which chunks
arrived; faster, for members that share one host or file system.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, select

from court.store import InChunk, insert_ignore
from offline_queue.fsutil import fsync_dir, write_durable


class DbChunks:
    def __init__(self, settings):
        self.settings = settings

    def put(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int, data: bytes) -> None:
        insert_ignore(s, InChunk, kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx, data=data)

    def before_commit(self) -> None:
        """Everything is in the transaction already."""

    def read_file(self, s: Session, kid: str, pid: str, file_idx: int, chunk_count: int) -> bytes:
        rows = s.exec(select(InChunk.chunk_idx, InChunk.data).where(
            InChunk.kiosk_id == kid, InChunk.packet_id == pid, InChunk.file_idx == file_idx)
            .order_by(InChunk.chunk_idx)).all()
        return b"".join(d for c, d in rows if c < chunk_count)

    def drop(self, s: Session, kid: str, pid: str, files: list[int] | None = None) -> None:
        stmt = delete(InChunk).where(InChunk.kiosk_id == kid, InChunk.packet_id == pid)
        if files is not None:
            stmt = stmt.where(InChunk.file_idx.in_(files))
        s.exec(stmt)

    def cleanup(self, kid: str, pid: str) -> None:
        """Nothing outside the database."""


class FileChunks(DbChunks):
    def __init__(self, settings):
        super().__init__(settings)
        self.root = Path(settings.data_dir) / "chunks"
        self._new_dirs: set[Path] = set()

    def _dir(self, kid: str, pid: str) -> Path:
        return self.root / kid / pid

    def put(self, s: Session, kid: str, pid: str, file_idx: int, chunk_idx: int, data: bytes) -> None:
        if insert_ignore(s, InChunk, kiosk_id=kid, packet_id=pid, file_idx=file_idx, chunk_idx=chunk_idx, data=b""):
            target = self._dir(kid, pid) / f"{file_idx}.{chunk_idx}"
            if not target.parent.exists():
                self._new_dirs.add(target.parent)
            write_durable(target, data)

    def before_commit(self) -> None:
        """The chunk files are fsync'd; make their names durable before the rows say they exist."""
        for directory in sorted(self._new_dirs, key=lambda p: -len(p.parts)):
            fsync_dir(directory)
            fsync_dir(directory.parent)
        self._new_dirs.clear()

    def read_file(self, s: Session, kid: str, pid: str, file_idx: int, chunk_count: int) -> bytes:
        directory = self._dir(kid, pid)
        parts = [directory / f"{file_idx}.{c}" for c in range(chunk_count)]
        return b"".join(p.read_bytes() for p in parts if p.exists())

    def drop(self, s: Session, kid: str, pid: str, files: list[int] | None = None) -> None:
        super().drop(s, kid, pid, files)
        if files is not None:
            for file_idx in files:
                for path in self._dir(kid, pid).glob(f"{file_idx}.*"):
                    path.unlink(missing_ok=True)

    def cleanup(self, kid: str, pid: str) -> None:
        shutil.rmtree(self._dir(kid, pid), ignore_errors=True)


def chunk_store(settings) -> DbChunks:
    return FileChunks(settings) if settings.chunk_store == "files" else DbChunks(settings)
