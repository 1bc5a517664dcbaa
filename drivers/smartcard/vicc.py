"""A virtual contactless card for vsmartcard's vpcd driver, in Python (Debian's vicc is broken).

vpcd (the pcscd reader driver) listens on a TCP port; the card connects to it, which is the
moment the card "touches" the reader, and closes the socket to leave. Frames both ways are a
2-byte big-endian length and a payload: a 1-byte payload from vpcd is a control (0 power off,
1 power on, 2 reset, 4 send the ATR); anything longer is a command APDU, answered with data + SW.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

# ATR of an ISO 14443-A contactless card as PC/SC part 3 readers build it (MIFARE-like badge).
BADGE_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
SW_OK = b"\x90\x00"
SW_NOT_FOUND = b"\x6A\x82"
SW_INS_NOT_SUPPORTED = b"\x6D\x00"
SW_WRONG_P1P2 = b"\x6B\x00"


class VirtualCard:
    """Answers GET UID (``FF CA 00 00 00``), SELECT by AID, and whatever ``handler`` knows."""

    def __init__(self, uid: bytes, atr: bytes = BADGE_ATR, aids: dict[bytes, bytes] | None = None,
                 handler: Callable[[bytes], bytes | None] | None = None):
        self.uid = uid
        self.atr = atr
        self.aids = aids or {}
        self.handler = handler
        self.apdus: list[bytes] = []
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def respond(self, apdu: bytes) -> bytes:
        """The card's answer to one command APDU (pure; used by the fake reader as well)."""
        self.apdus.append(apdu)
        if self.handler:
            answer = self.handler(apdu)
            if answer is not None:
                return answer
        if apdu[:2] == b"\xFF\xCA":
            return (self.uid + SW_OK) if apdu[2:4] == b"\x00\x00" else SW_WRONG_P1P2
        if apdu[:2] == b"\x00\xA4" and len(apdu) >= 5:
            aid = apdu[5:5 + apdu[4]]
            return (self.aids[aid] + SW_OK) if aid in self.aids else SW_NOT_FOUND
        return SW_INS_NOT_SUPPORTED

    # -- on the vpcd wire -------------------------------------------------------------------------
    def insert(self, port: int, host: str = "127.0.0.1", timeout: float = 5.0) -> "VirtualCard":
        """Lay the card on the virtual reader listening at ``host:port``."""
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,), daemon=True,
                                        name="vicc")
        self._thread.start()
        return self

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._thread:
            self._thread.join(timeout=2)

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                head = _recv_exact(sock, 2)
                if head is None:
                    return
                payload = _recv_exact(sock, struct.unpack(">H", head)[0])
                if payload is None:
                    return
                if len(payload) == 1:
                    if payload[0] == 4:
                        _send(sock, self.atr)
                    continue  # power off / on / reset need no answer
                _send(sock, self.respond(payload))
        except OSError:
            return


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
