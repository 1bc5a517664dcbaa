"""The link's socket has one writer: large messages published from several threads while the link's
own thread is busy arrive intact and complete (a second writer interleaves partial writes)."""

from __future__ import annotations

import hashlib
import os
import socket
import threading

import pytest

from config.settings import Broker
from offline_queue.link import MqttLink, user_properties, user_property
from tests.transport.helpers import wait_for

pytestmark = pytest.mark.integration


def test_large_messages_from_several_threads_arrive_intact(mosquitto):
    broker = Broker(port=mosquitto.port, keepalive_s=5)
    got: dict[str, bool] = {}
    lock = threading.Lock()

    def on_message(message):
        ok = hashlib.sha256(message.payload).hexdigest() == user_property(message, "sha256")
        with lock:
            got[message.topic] = ok

    receiver = MqttLink(broker, "writes-rx", subscriptions=["w/#"], on_message=on_message, clean_start=True).start()
    sender = MqttLink(broker, "writes-tx", subscriptions=["echo/none"], on_message=lambda _m: None,
                      clean_start=True).start()
    try:
        assert receiver.subscribed.wait(10) and sender.connected.wait(10)
        # a small send buffer makes every 256 KiB write partial, as a slow link or a busy broker does
        sender.client.socket().setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
        payloads = [os.urandom(256 * 1024) for _ in range(4)]

        def publish(thread: int) -> None:
            for i in range(40):
                data = payloads[(thread + i) % len(payloads)]
                props = user_properties(sha256=hashlib.sha256(data).hexdigest())
                while not sender.publish(f"w/{thread}/{i}", data, properties=props):
                    pass

        threads = [threading.Thread(target=publish, args=(t,)) for t in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert wait_for(lambda: len(got) == 120, 30, 0.05), len(got)
        assert all(got.values()), sorted(topic for topic, ok in got.items() if not ok)
        assert sender.connected.is_set()
    finally:
        sender.stop()
        receiver.stop()
