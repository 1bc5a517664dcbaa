"""The harness itself: a real broker starts on loopback, carries a message, and stops."""

import threading

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

from tests.fixtures.procs import port_open

pytestmark = pytest.mark.integration


def test_mosquitto_fixture_delivers_and_stops(tmp_path):
    from tests.fixtures.mosquitto import start_broker

    broker = start_broker(tmp_path / "b")
    got = threading.Event()
    received: list[bytes] = []

    def on_message(client, userdata, msg):
        received.append(msg.payload)
        got.set()

    sub = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=MQTTProtocolVersion.MQTTv5)
    sub.on_message = on_message
    sub.connect(broker.host, broker.port)
    sub.subscribe("t/harness", qos=1)
    sub.loop_start()
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=MQTTProtocolVersion.MQTTv5)
    pub.connect(broker.host, broker.port)
    pub.loop_start()
    import time
    time.sleep(0.2)
    pub.publish("t/harness", b"hello", qos=1).wait_for_publish(5)
    assert got.wait(5)
    assert received == [b"hello"]
    for c in (sub, pub):
        c.loop_stop()
        c.disconnect()
    broker.stop()
    assert not port_open(broker.port)
