"""One litigant's session: what it remembers and its scratch files, all wiped when it ends.

Memory is cleared at once (on whatever thread ends the session); files are removed by a worker
so the Kivy thread never waits on the disk.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PREFIX = "session-"


class SessionClosed(RuntimeError):
    """The session was wiped; nothing may be stored in it any more."""


class Session:
    """Per-session memory and a private temp dir under ``settings.temp_dir`` (created on first use)."""

    def __init__(self, base_dir: Path):
        self.id = uuid.uuid4().hex
        self.started_at = time.time()
        self.memory: dict[str, Any] = {}
        self._dir = Path(base_dir) / f"{PREFIX}{self.id}"
        self._lock = threading.Lock()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def temp_dir(self) -> Path:
        """The session's scratch directory (mode 0700), created when first asked for."""
        with self._lock:
            if self._closed:
                raise SessionClosed(self.id)
            self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            return self._dir

    @property
    def temp_path(self) -> Path:
        """Where the temp dir is or would be, without creating it."""
        return self._dir

    def forget(self) -> None:
        """Drop everything held in memory and refuse new files (cheap: safe on the UI thread)."""
        with self._lock:
            self._closed = True
        self.memory.clear()

    def remove_files(self) -> None:
        """Delete the temp dir and everything in it (disk I/O: run in a worker)."""
        shutil.rmtree(self._dir, ignore_errors=True)
        if self._dir.exists():
            log.error("session %s: temp dir %s could not be removed", self.id, self._dir)

    def wipe(self) -> None:
        self.forget()
        self.remove_files()


def purge_stale_sessions(base_dir: Path) -> int:
    """Remove temp dirs left by a crash or power loss before the kiosk (re)starts."""
    base = Path(base_dir)
    if not base.is_dir():
        return 0
    removed = 0
    for entry in base.iterdir():
        if entry.is_dir() and entry.name.startswith(PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d stale session dir(s) under %s", removed, base)
    return removed


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` readable by this user only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path
