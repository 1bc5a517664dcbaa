"""Who may touch the spool's temporary folders: one lock file, ``spool/.spool.lock``.

The app seals packets while a separate ``kiosk sender run`` may be starting up (the deployment
runs both). A writer holds the lock *shared* from creating its ``.tmp-<id>`` folder until the packet
is renamed, verified and has its outbox row; recovery takes it *exclusive*, without waiting for
long, before it deletes temporary folders or adopts complete ones. So recovery never sees a live
writer's folder, and never adopts a packet between its rename and its row. ``flock`` locks die
with their process: a writer killed mid-seal leaves a folder the next recovery may remove.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".spool.lock"


def _open(spool_dir: Path) -> int:
    spool_dir = Path(spool_dir)
    spool_dir.mkdir(parents=True, exist_ok=True)
    return os.open(spool_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)


@contextmanager
def sealing(spool_dir: Path) -> Iterator[None]:
    """Held while a packet is written, renamed, verified and recorded (shared: writers in parallel)."""
    fd = _open(spool_dir)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def recovering(spool_dir: Path, wait_s: float = 2.0) -> Iterator[bool]:
    """Exclusive, for recovery; yields False when writers kept it busy for ``wait_s`` (recovery of
    the folders is then left for its next round; nothing is lost by waiting)."""
    fd = _open(spool_dir)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                acquired = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    acquired = False
                    break
                time.sleep(0.01)
        yield acquired
    finally:
        os.close(fd)


@contextmanager
def sole_sender(data_dir: Path, stop, poll_s: float = 1.0) -> Iterator[bool]:
    """One sender per outbox: the app's thread and `kiosk sender run` would otherwise fight over
    one MQTT client id, and a starting one's recovery would requeue the other's packets in flight.
    Waits (saying so once) until the other one is gone; yields False if ``stop`` came first."""
    import logging

    path = Path(data_dir) / "sender.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    said = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                owned = True
                break
            except BlockingIOError:
                if not said:
                    other = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    logging.getLogger("offline_queue.sender").warning(
                        "another sender (pid %s) is running for this outbox; this one waits and takes over "
                        "when it stops", other)
                    said = True
                if stop.wait(poll_s):
                    owned = False
                    break
        yield owned
    finally:
        os.close(fd)
