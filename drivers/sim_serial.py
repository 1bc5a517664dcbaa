"""A serial device simulated on a pseudo-terminal, so the real adapter talks to it over real bytes.

The simulator owns the master end in a background thread; the adapter opens the slave path with
``serial.serial_for_url`` exactly as it would open ``/dev/ttyUSB0``. An optional ``link`` path
(a symlink to the slave, like socat's ``link=``) survives ``unplug()`` / ``replug()``, so tests can
pull the "cable" and plug it back in while the adapter keeps the same configured URL.
"""

from __future__ import annotations

import logging
import os
import select
import termios
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

BAUD_BY_CONSTANT = {
    getattr(termios, f"B{rate}"): rate
    for rate in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)
}


class PtyDevice:
    """Runs ``on_bytes(data)`` for every chunk the host writes; ``write`` answers the host."""

    def __init__(self, on_bytes: Callable[[bytes], None], link: str | os.PathLike | None = None,
                 name: str = "pty-device"):
        self._on_bytes = on_bytes
        self.link = Path(link) if link else None
        self.name = name
        self._master: int | None = None
        self._slave_watch: int | None = None
        self._slave_name = ""
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._write_lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def path(self) -> str:
        """What the host should open: the stable link if there is one, else the slave device."""
        return str(self.link) if self.link else self._slave_name

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "PtyDevice":
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        self._master = master
        self._slave_name = os.ttyname(slave)
        # Keep one slave fd open: reads of the host's line settings (baud) go through it, and the
        # master does not see EIO/HUP while the host reopens the port.
        self._slave_watch = slave
        if self.link:
            tmp = self.link.with_name(self.link.name + ".new")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self._slave_name)
            tmp.replace(self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
        self._thread = None
        for fd in (self._master, self._slave_watch):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave_watch = None

    def unplug(self) -> None:
        """The cable is pulled: the port disappears and the host's reads and writes fail."""
        self.stop()
        if self.link:
            self.link.unlink(missing_ok=True)

    def replug(self) -> None:
        """The cable is back: a new port appears at the same link path."""
        self.start()

    def __enter__(self) -> "PtyDevice":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.unplug()

    # -- I/O --------------------------------------------------------------------------------
    def host_baudrate(self) -> int | None:
        """The line speed the host configured on its end (None if unknown)."""
        if self._slave_watch is None:
            return None
        try:
            return BAUD_BY_CONSTANT.get(termios.tcgetattr(self._slave_watch)[4])
        except termios.error:
            return None

    def write(self, data: bytes, chunk: int = 0, gap_s: float = 0.0) -> None:
        """Send bytes to the host, optionally split into ``chunk``-byte writes ``gap_s`` apart."""
        with self._write_lock:
            master = self._master
            if master is None:
                return
            pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] if chunk else [data]
            for n, piece in enumerate(pieces):
                if n and gap_s:
                    time.sleep(gap_s)
                try:
                    os.write(master, piece)
                except OSError:
                    return

    def _run(self) -> None:
        while not self._stop.is_set():
            master = self._master
            if master is None:
                return
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except OSError:
                return
            if data:
                try:
                    self._on_bytes(data)
                except Exception:  # a simulator bug must not kill the port silently
                    log.exception("%s: simulator failed on %r", self.name, data[:64])


class PtySimulator:
    """Base of the line-device simulators: one ``PtyDevice`` with start/stop and a context manager."""

    pty: PtyDevice

    @property
    def path(self) -> str:
        return self.pty.path

    def start(self):
        self.pty.start()
        return self

    def stop(self) -> None:
        self.pty.unplug()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def open_serial_port(url: str, *, device: str, label: str, **options):
    """``serial_for_url`` with its failures turned into ``DeviceUnavailable`` (code ``<device>.unavailable``)."""
    import serial

    from drivers.errors import DeviceUnavailable

    try:
        return serial.serial_for_url(url, **options)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceUnavailable(f"{label} at {url}: {exc}", device=device,
                                code=f"{device}.unavailable") from exc
