"""Live questions from a process that holds no MQTT session (``kiosk run --no-sender``): two real
processes — ``kiosk sender run`` owning the broker session, and this test process as the UI —
over the sender's Unix socket, to a real court gateway on a real Mosquitto and back."""

from __future__ import annotations

import os
import signal
import socket
import stat
import time

import pytest

from court import cases
from offline_queue.document import recipient_tag
from offline_queue.query import QueryTimeout, QueryUnavailable
from offline_queue.query_bridge import BridgeClient, socket_path
from tests.fixtures.procs import ManagedProcess
from tests.transport.helpers import (VENV_BIN, Running, clean_env, court_settings, exchange_keys, kiosk_env,
                                     kiosk_settings, wait_for)

pytestmark = pytest.mark.integration
ZHANG = "410181199003074512"
CASE = "（2024）豫0102民初1187号"


def sender_proc(ks, root, name="sender"):
    return ManagedProcess([str(VENV_BIN / "kiosk"), "sender", "run"], root / f"{name}.log",
                          env={**clean_env(), **kiosk_env(ks)}, cwd=root).start()


def ask_when_served(client, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return client.ask("cases", {"subject": recipient_tag(ZHANG)})
        except QueryUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_ui_process_asks_through_the_sender_process(tmp_path, mosquitto):
    ks = kiosk_settings(tmp_path / "kiosk", mosquitto.port)
    cs = court_settings(tmp_path / "court", mosquitto.port)
    exchange_keys(ks, cs)
    client = BridgeClient(socket_path(ks.storage.data_dir))
    with pytest.raises(QueryUnavailable):  # no sender yet: said at once, no hang
        client.ask("cases", {"subject": recipient_tag(ZHANG)})
    with Running(ks, cs, sender=False) as running:
        cases.set_case(running.engine, CASE, court="豫0102", status="审理中", judge="李法官",
                       parties=[(recipient_tag(ZHANG), "plaintiff", "张三")])
        sender = sender_proc(ks, tmp_path)
        try:
            answer = ask_when_served(client)
            assert answer["status"] == "ok" and answer["data"]["cases"][0]["case_number"] == CASE
            assert answer["kind"] == "cases" and "sig" not in answer  # verified in the sender
            path = socket_path(ks.storage.data_dir)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
            t0 = time.monotonic()
            client.ask("cases", {"subject": recipient_tag(ZHANG)})
            assert time.monotonic() - t0 < 1.0, "a question through the bridge on loopback"
            # garbage on the socket: answered "bad_request", logged, and the bridge goes on
            with socket.socket(socket.AF_UNIX) as raw:
                raw.connect(str(path))
                raw.sendall(b"{not json\n")
                assert b'"bad_request"' in raw.recv(200)
            assert client.ask("cases", {"subject": recipient_tag(ZHANG)})["status"] == "ok"
            assert wait_for(lambda: "query bridge request dropped: malformed" in sender.log(), 5)
            # the gateway goes away: the sender's 5 s timeout comes back as QueryTimeout
            running.gateway.stop_event.set()
            running.threads[0].join(10)
            t0 = time.monotonic()
            with pytest.raises(QueryTimeout):
                client.ask("cases", {"subject": recipient_tag(ZHANG)})
            assert 4.5 <= time.monotonic() - t0 < 8.0
            # the sender killed for real: the UI is told at once that the court cannot be reached
            os.killpg(sender.proc.pid, signal.SIGKILL)
            sender.proc.wait(10)
            t0 = time.monotonic()
            with pytest.raises(QueryUnavailable):
                client.ask("cases", {"subject": recipient_tag(ZHANG)})
            assert time.monotonic() - t0 < 1.0
        finally:
            sender.stop()
    # a new sender takes the crashed one's stale socket over
    with Running(ks, cs, sender=False):
        again = sender_proc(ks, tmp_path, "sender2")
        try:
            assert ask_when_served(client)["status"] == "ok"
        finally:
            again.stop()
        assert wait_for(lambda: not socket_path(ks.storage.data_dir).exists(), 5), "removed on a clean stop"
