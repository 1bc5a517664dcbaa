"""Durable file writes (fsync file and directory) and the disk-space checks that guard sealing."""

from __future__ import annotations

import errno
import os
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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically: temporary name, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.tmp")
    write_durable(tmp, data)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def free_mb(path: Path) -> float:
    """Free space in MiB on the file system holding ``path`` (the nearest existing parent)."""
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    usage = shutil.disk_usage(probe)
    return usage.free / (1024 * 1024)


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
