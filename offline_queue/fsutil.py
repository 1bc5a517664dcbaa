"""Durable file writes (fsync file and directory) and the disk-space checks that guard sealing."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from pathlib import Path


class DiskFull(OSError):
    """Not enough free space to seal a packet safely; nothing was written (or it was rolled back)."""

    code = "queue.disk_full"

    def __init__(self, message: str):
        super().__init__(errno.ENOSPC, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full"
_PG_DISK_FULL = "53100"  # PostgreSQL SQLSTATE disk_full


def disk_full_reason(exc: BaseException) -> str | None:
    """Why ``exc`` means a disk is full (ENOSPC or EDQUOT, SQLite's SQLITE_FULL, PostgreSQL's
    disk_full, our own DiskFull), looking through SQLAlchemy's wrapper and the exception chain; None
    otherwise. Kiosk and court both use it to turn a full disk into one clear line."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, DiskFull):
            return getattr(err, "reason", None) or err.message
        if isinstance(err, OSError) and err.errno in _FULL_ERRNOS:
            return err.strerror or os.strerror(err.errno)
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        if getattr(err, "sqlite_errorcode", None) == _SQLITE_FULL or "database or disk is full" in text:
            return "database or disk is full"
        if getattr(err, "sqlstate", None) == _PG_DISK_FULL or getattr(err, "pgcode", None) == _PG_DISK_FULL:
            return text or "database disk full"
        todo += [getattr(err, "orig", None), err.__cause__, err.__context__]
    return None


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durable(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and fsync it (the caller fsyncs the directory once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_durable(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` and fsync it."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        shutil.copyfileobj(fin, fout, 1024 * 1024)
        fout.flush()
        os.fsync(fout.fileno())


def _private_tmp(path: Path) -> Path:
    """A temporary name beside ``path`` that no other process or thread uses: two writers sharing
    one name rename each other's file away (ENOENT), as the court's two services did at start."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically: temporary name, fsync, rename, fsync the directory."""
    tmp = _private_tmp(path)
    try:
        write_durable(tmp, data)
    except BaseException:  # e.g. ENOSPC: leave no half-written file taking space
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    fsync_dir(path.parent)


def create_once(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` unless it exists, atomically and durably; False when another
    writer got there first (its file is complete and stays). For keys made on first use: two
    processes starting together must end up with one key, not each its own."""
    tmp = _private_tmp(path)
    try:
        write_durable(tmp, data)
        try:
            os.link(tmp, path)  # fails when the name exists: never replaces
        except FileExistsError:
            return False
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True


def free_mb(path: Path) -> float:
    """Free space in MiB on the file system holding ``path`` (the nearest existing parent)."""
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    usage = shutil.disk_usage(probe)
    return usage.free / (1024 * 1024)


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
