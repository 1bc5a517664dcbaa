"""The transport end to end on a two-node clustered MQTT v5 broker (Debian's ejabberd, ``mod_mqtt``):
the kiosk's sender on node 1, the court gateway on node 2. Beside the delivery, the features we rely
on are measured on the same cluster, so the README's list of what such a broker lacks stays true
(docs/readme/scale.md, "A clustered broker")."""

from __future__ import annotations

import json
import os
import time

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from pydantic import SecretStr

from kiosk.packet_assembly import sample_filing, seal_session
from tests.fixtures.ejabberd import MQTT_PASSWORD, MQTT_USER, EjabberdCluster, ejabberd_installed
from tests.transport.helpers import Running, court_settings, exchange_keys, kiosk_settings, wait_for

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not ejabberd_installed(), reason="ejabberd not installed (scripts/setup.sh)")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = EjabberdCluster(tmp_path_factory.mktemp("ejabberd")).start()
    yield c
    c.stop()


def _login(port: int) -> dict:
    return {"port": port, "username": MQTT_USER, "password": SecretStr(MQTT_PASSWORD), "plain_mqtt_dev": True}


def test_a_filing_crosses_the_cluster_kiosk_on_one_node_gateway_on_the_other(cluster, tmp_path):
    assert "fleet2" in cluster.running_nodes() and "fleet1" in cluster.running_nodes()
    node1, node2 = cluster.mqtt_ports
    ks = kiosk_settings(tmp_path / "kiosk", node1, kiosk_id="kiosk-ej-01", chunk_size=64 * 1024,
                        **{k: v for k, v in _login(node1).items() if k != "port"})
    cs = court_settings(tmp_path / "court", node2, receiver_id="court-ej-1")
    cs.broker = cs.broker.model_copy(update=_login(node2))
    exchange_keys(ks, cs)
    with Running(ks, cs) as run:
        ids = [seal_session(ks, sample_filing(material_bytes=400_000, seed=i), outbox=run.outbox) for i in range(3)]
        assert wait_for(lambda: all(run.outbox.get(p).state == "delivered" for p in ids), 60), \
            [run.outbox.get(p).state for p in ids]
    for pid in ids:
        receipt = json.loads(run.outbox.get(pid).receipt)["receipt"]
        assert receipt["status"] == "received" and receipt["receiver_id"] == "court-ej-1"


class _Client:
    def __init__(self, cid: str, port: int, *, clean: bool = True, expiry: int | None = None):
        self.messages, self.subacks, self.connack = [], [], {}
        self.c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=cid, protocol=MQTTProtocolVersion.MQTTv5)
        self.c.username_pw_set(MQTT_USER, MQTT_PASSWORD)
        self.c.on_connect = lambda _c, _u, flags, rc, props: self.connack.update(
            rc=rc, props=props, present=flags.session_present)
        self.c.on_message = lambda _c, _u, m: self.messages.append(m)
        self.c.on_subscribe = lambda _c, _u, _mid, rcs, _p: self.subacks.append(rcs)
        props = None
        if expiry:
            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = expiry
        self.c.connect("127.0.0.1", port, clean_start=clean, properties=props)
        self.c.loop_start()
        assert wait_for(lambda: bool(self.connack), 10)

    def close(self):
        self.c.disconnect()
        self.c.loop_stop()


def test_what_the_cluster_offers_and_lacks_as_measured(cluster):
    """Across the two nodes: user properties and persistent sessions work, 8 MiB messages pass;
    shared subscriptions are not offered, retained messages do not reach the other node."""
    node1, node2 = cluster.mqtt_ports
    gw = _Client("m-gw", node2)
    gw.c.subscribe("court/v1/k/+/up/#", qos=1)
    shared = _Client("m-shared", node2)
    shared.c.subscribe("$share/court/court/v1/k/+/up/#", qos=1)
    kiosk = _Client("m-kiosk", node1)
    time.sleep(0.5)
    props = Properties(PacketTypes.PUBLISH)
    props.UserProperty = [("sha256", "ab" * 32)]
    kiosk.c.publish("court/v1/k/m-kiosk/up/pkt/x/c/0/0", os.urandom(8 * 1024 * 1024), qos=1,
                    properties=props).wait_for_publish(10)
    kiosk.c.publish("court/v1/k/m-kiosk/up/status", b"status", qos=1, retain=True).wait_for_publish(10)
    assert wait_for(lambda: len(gw.messages) == 2, 10)
    chunk = gw.messages[0]
    assert len(chunk.payload) == 8 * 1024 * 1024 and chunk.properties.UserProperty == [("sha256", "ab" * 32)]
    # Shared subscriptions: CONNACK says not available; the $share subscriber gets nothing.
    assert getattr(gw.connack["props"], "SharedSubscriptionAvailable", 1) == 0
    assert shared.messages == []
    # Retained: a subscriber arriving on the same node gets it, one on the other node does not.
    same, other = _Client("m-late1", node1), _Client("m-late2", node2)
    for c in (same, other):
        c.c.subscribe("court/v1/k/m-kiosk/up/status", qos=1)
    assert wait_for(lambda: len(same.messages) == 1, 5)
    time.sleep(1.0)
    assert other.messages == []
    # Persistent session (clean_start false, session expiry): messages queued while away arrive.
    away = _Client("m-away", node2, expiry=600)
    away.c.subscribe("court/v1/k/m-away/down/#", qos=1)
    time.sleep(0.3)
    away.close()
    kiosk.c.publish("court/v1/k/m-away/down/pkt/y/ack", b"queued", qos=1).wait_for_publish(10)
    back = _Client("m-away", node2, clean=False, expiry=600)
    assert back.connack["present"] and wait_for(lambda: [m.payload for m in back.messages] == [b"queued"], 5)
    # No maximum packet size announced (Mosquitto's max_packet_size reaches the kiosk in CONNACK).
    assert getattr(gw.connack["props"], "MaximumPacketSize", None) is None
    for c in (gw, shared, kiosk, same, other, back):
        c.close()


def test_a_court_certificate_alone_is_no_identity_on_ejabberd(tmp_path):
    """Our mTLS rests on the certificate's CN being the MQTT identity (Mosquitto's
    ``use_identity_as_username``). mod_mqtt with ``tls: true`` and ``tls_verify: true``: a kiosk's
    certificate from the court CA is refused without a password, with or without the CN as
    username; and a client with no certificate at all gets in with the password."""
    import ssl

    from provisioning.ca import CourtCA

    ca = CourtCA.init(tmp_path / "ca")
    srv = ca.issue("localhost", tmp_path / "srv", kind="server", ips=("127.0.0.1",), dns=("localhost",))
    kiosk = ca.issue("kiosk-a", tmp_path / "k", kind="kiosk")
    bundle = tmp_path / "srv" / "bundle.pem"
    bundle.write_bytes(srv.cert.read_bytes() + srv.key.read_bytes())
    c = EjabberdCluster(tmp_path / "ej", tls=(bundle, ca.cert_file)).start()
    try:
        def connect(cert: bool, user: str | None = None, password: str | None = None) -> str:
            got = {}
            cl = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="kiosk-a", protocol=MQTTProtocolVersion.MQTTv5)
            cl.tls_set(ca_certs=str(ca.cert_file), certfile=str(kiosk.cert) if cert else None,
                       keyfile=str(kiosk.key) if cert else None, tls_version=ssl.PROTOCOL_TLS_CLIENT)
            if user:
                cl.username_pw_set(user, password)
            cl.on_connect = lambda _c, _u, _f, rc, _p: got.update(rc=str(rc))
            cl.connect("127.0.0.1", c.mqtt_ports[0])
            cl.loop_start()
            wait_for(lambda: bool(got), 10)
            cl.disconnect()
            cl.loop_stop()
            return got.get("rc", "no answer")

        assert connect(cert=True) == "Not authorized"
        assert connect(cert=True, user="kiosk-a") == "Not authorized"
        assert connect(cert=True, user=MQTT_USER, password=MQTT_PASSWORD) == "Success"
        assert connect(cert=False, user=MQTT_USER, password=MQTT_PASSWORD) == "Success"
    finally:
        c.stop()
