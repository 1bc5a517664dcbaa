"""Live questions from a UI process that does not hold the MQTT session (``kiosk run --no-sender``).

The broker allows one session per kiosk (the certificate's CN is the client id), so the UI cannot
open a second MQTT client without pushing the sender's uplink off. Instead the process that owns
the session (``kiosk sender run``, or the app's own sender thread) serves its ``Requester`` on a
Unix socket in the kiosk's private data folder: one JSON line in (kind, params, timeout), one JSON
line out (the verified answer, or why there is none). The request is still signed with the device
key and the answer still verified against the court's key, in the sender, exactly as before.

Only a peer running as the kiosk's own user is served (``SO_PEERCRED``; the socket is 0600 in a
0700 folder besides); anything else, malformed or oversized, is logged and dropped.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import socketserver
import struct
import threading
from pathlib import Path

from offline_queue.query import KINDS, QueryTimeout, QueryUnavailable, TIMEOUT_S

log = logging.getLogger("offline_queue.query_bridge")
SOCKET_NAME = "query.sock"
MAX_LINE = 64 * 1024
MAX_WAITING = 8
"""Questions served at once (a kiosk has one person at a time; more is a fault or an attack)."""


def socket_path(data_dir: Path) -> Path:
    return Path(data_dir) / "run" / SOCKET_NAME


def _peer_uid(sock: socket.socket) -> int | None:
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid


def _line(sock: socket.socket, deadline_s: float) -> bytes:
    sock.settimeout(deadline_s)
    data = b""
    while not data.endswith(b"\n"):
        part = sock.recv(4096)
        if not part:
            break
        data += part
        if len(data) > MAX_LINE:
            raise ValueError("line too long")
    return data


class QueryBridge:
    """Serves ``ask(kind, params, timeout_s)`` (the sender's ``Requester.ask``) on a Unix socket."""

    def __init__(self, path: Path, ask):
        self.path = Path(path)
        self.ask = ask
        self.dropped = 0
        self._slots = threading.BoundedSemaphore(MAX_WAITING)
        self._server: socketserver.ThreadingUnixStreamServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "QueryBridge":
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.path.parent, 0o700)
        if self.path.exists() or self.path.is_symlink():
            self.path.unlink()  # a crashed owner's socket (only the sole sender gets here)
        bridge = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                bridge._serve(self.request)

        old = os.umask(0o177)
        try:
            server = socketserver.ThreadingUnixStreamServer(str(self.path), Handler)
        finally:
            os.umask(old)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="query-bridge", daemon=True)
        self._thread.start()
        log.info("live questions served on %s", self.path)
        return self

    def _serve(self, sock: socket.socket) -> None:
        if _peer_uid(sock) != os.getuid():
            self._drop("a peer of another user")
            return
        if not self._slots.acquire(blocking=False):
            self._reply(sock, {"ok": False, "error": "busy"})
            return
        try:
            try:
                request = json.loads(_line(sock, 2.0))
                kind, params = request["kind"], request["params"]
                wanted = request.get("timeout_s")  # None: the sender's own setting
                timeout_s = None if wanted is None else min(float(wanted), 30.0)
                if kind not in KINDS or not isinstance(params, dict):
                    raise ValueError(f"kind {kind!r}")
            except (ValueError, KeyError, TypeError, OSError) as exc:
                self._drop(f"malformed request ({exc.__class__.__name__}: {exc})")
                self._reply(sock, {"ok": False, "error": "bad_request"})
                return
            try:
                answer = self.ask(kind, params, timeout_s)
            except QueryUnavailable as exc:
                self._reply(sock, {"ok": False, "error": "unavailable", "detail": str(exc)})
            except QueryTimeout as exc:
                self._reply(sock, {"ok": False, "error": "timeout", "detail": str(exc)})
            except Exception as exc:
                log.exception("bridged %s question failed", kind)
                self._reply(sock, {"ok": False, "error": "unavailable", "detail": exc.__class__.__name__})
            else:
                self._reply(sock, {"ok": True, "answer": answer})
        finally:
            self._slots.release()

    def _reply(self, sock: socket.socket, obj: dict) -> None:
        try:
            sock.sendall(json.dumps(obj, ensure_ascii=False).encode() + b"\n")
        except OSError:
            pass  # the UI gave up (its person left): nothing to keep

    def _drop(self, why: str) -> None:
        self.dropped += 1
        log.warning("query bridge request dropped: %s", why)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


class BridgeClient:
    """The UI side: ``ask`` like ``Requester.ask``, over the sender's socket. No sender, no socket:
    ``QueryUnavailable`` at once (the kiosk says it cannot reach the court), never a hang."""

    def __init__(self, path: Path, timeout_s: float = TIMEOUT_S):
        self.path = Path(path)
        self.timeout_s = timeout_s
        """How long this side waits at most when the caller names no timeout (the sender's own
        setting decides when the court is given up on; this only bounds a sender that hangs)."""

    def ask(self, kind: str, params: dict, timeout_s: float | None = None) -> dict:
        wait = self.timeout_s if timeout_s is None else timeout_s
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(1.0)
            try:
                sock.connect(str(self.path))
            except OSError as exc:
                raise QueryUnavailable(f"the sender is not serving questions ({exc.__class__.__name__})") from None
            sock.sendall(json.dumps({"kind": kind, "params": params, "timeout_s": timeout_s}).encode() + b"\n")
            try:
                reply = json.loads(_line(sock, wait + 2.0) or b"{}")
            except (socket.timeout, TimeoutError):
                raise QueryTimeout(f"no answer from the sender within {wait + 2.0:.0f} s") from None
            except (OSError, ValueError) as exc:
                raise QueryUnavailable(f"the sender's answer is unreadable ({exc.__class__.__name__})") from None
        finally:
            sock.close()
        if reply.get("ok") and isinstance(reply.get("answer"), dict):
            return reply["answer"]
        if reply.get("error") == "timeout":
            raise QueryTimeout(reply.get("detail") or "the court did not answer in time")
        raise QueryUnavailable(reply.get("detail") or reply.get("error") or "no answer")
