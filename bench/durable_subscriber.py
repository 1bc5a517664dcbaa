"""The durable peer's receiver (a process of its own, like the court gateway): subscribes to
``rawd/#`` at QoS 1, appends every payload to one file, and every couple of milliseconds
fdatasyncs what it wrote and publishes how many messages are now durable on ``rawd-ack``. The least a
receiver must do before it may tell a sender "stored": no hashing, no database, no assembly.

    python bench/durable_subscriber.py PORT FILE
"""

from __future__ import annotations

import os
import sys
import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    written = [0]
    lock = threading.Lock()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="rawd-sub", protocol=MQTTProtocolVersion.MQTTv5)
    client.max_inflight_messages_set(1000)

    def on_message(_c, _u, message):
        with lock:
            os.write(fd, message.payload)
            written[0] += 1

    def on_connect(c, _u, _f, _rc, _p):
        c.subscribe("rawd/#", qos=1)

    client.on_message = on_message
    client.on_connect = on_connect
    client.on_subscribe = lambda *_args: print("ready", flush=True)
    client.connect("127.0.0.1", port)
    client.loop_start()
    acked = 0
    while True:  # group commit: one fdatasync for whatever arrived since the last one
        time.sleep(0.002)
        with lock:
            count = written[0]
        if count != acked:
            os.fdatasync(fd)
            acked = count
            client.publish("rawd-ack", str(acked).encode(), qos=1)


if __name__ == "__main__":
    main()
