"""Message sizes (issue 10): the broker config we ship refuses what the court would reject anyway,
and a kiosk whose chunks exceed the broker's limit says so and parks the packet (no reconnect loop)."""

from __future__ import annotations

import logging
import threading
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from tests.fixtures.mosquitto import start_broker
from tests.transport.helpers import Running, wait_for

pytestmark = pytest.mark.integration


def client(port: int, name: str) -> mqtt.Client:
    c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{name}-{uuid.uuid4().hex[:6]}",
                    protocol=MQTTProtocolVersion.MQTTv5)
    c.connect("127.0.0.1", port)
    c.loop_start()
    return c


def test_the_broker_refuses_messages_the_court_would_reject(mosquitto):
    heard: list[int] = []
    ready = threading.Event()
    court = client(mosquitto.port, "court")
    court.on_message = lambda _c, _u, msg: heard.append(len(msg.payload))
    court.on_subscribe = lambda *_a: ready.set()
    court.subscribe("court/v1/k/+/up/#", qos=1)
    assert ready.wait(5)
    try:
        topic = topics.up_chunk("kiosk-test-01", "0190a0b0-0000-7000-8000-0000000000dd", 0, 0)
        for size in (9 * 1024 * 1024, 48 * 1024 * 1024, 8 * 1024 * 1024 + 100_000):
            sender = client(mosquitto.port, "big")
            sender.publish(topic, b"x" * size, qos=1)
            time.sleep(0.5)
            sender.disconnect()
            sender.loop_stop()
        ok = client(mosquitto.port, "small")
        ok.publish(topic, b"x" * (8 * 1024 * 1024), qos=1).wait_for_publish(10)  # the largest chunk goes
        assert wait_for(lambda: heard, 10)
        ok.disconnect()
        ok.loop_stop()
        time.sleep(0.3)
    finally:
        court.disconnect()
        court.loop_stop()
    assert heard == [8 * 1024 * 1024]


def test_chunks_over_the_brokers_limit_are_reported_and_parked(tmp_path, pair, caplog):
    caplog.set_level(logging.INFO)
    broker = start_broker(tmp_path / "small-broker", persistence=False, max_packet_size=20_000)
    try:
        ks, cs = pair(broker.port, chunk_size=32 * 1024)
        with Running(ks, cs) as run:
            pid = seal_session(ks, sample_filing(material_bytes=100_000), outbox=run.outbox)
            assert wait_for(lambda: run.outbox.get(pid).state == "parked", 20)
            assert any("the broker accepts MQTT packets of at most 20000 bytes but broker.chunk_size is 32768"
                       in r.getMessage() for r in caplog.records)
        assert "exceed the broker's maximum packet size (20000 bytes)" in run.outbox.get(pid).parked_reason
        assert run.outbox.status().parked[0]["packet_id"] == pid
    finally:
        broker.stop()
