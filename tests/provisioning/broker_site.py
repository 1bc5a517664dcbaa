"""A court broker as provisioning makes it: the court CA, certificates for two kiosks and a
gateway, the generated mosquitto.conf, a real Mosquitto on a free loopback port; and MQTT v5
probe clients that connect with any certificate and any client id."""

from __future__ import annotations

import os
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from provisioning.broker_conf import BrokerPlan, write_broker_config
from provisioning.ca import CourtCA, Issued
from tests.fixtures.mosquitto import MOSQUITTO
from tests.fixtures.procs import ManagedProcess, free_port, port_open, wait_until

GATEWAY = "court-gw-1"
ENROLLER = "court-enrol"
BOOTSTRAP = "kiosk-enrol"
KIOSKS = ("kiosk-a", "kiosk-b", "kiosk-c")


@dataclass
class Site:
    root: Path
    ca: CourtCA
    certs: dict[str, Issued]
    plan: BrokerPlan
    conf: Path
    process: ManagedProcess | None = None
    clients: list = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.plan.port

    def start(self) -> "Site":
        self.process = ManagedProcess([MOSQUITTO, "-c", str(self.conf)], self.root / "mosquitto.log").start()
        if not wait_until(lambda: port_open(self.port), timeout=10):
            raise RuntimeError(f"mosquitto did not start:\n{self.process.log()}")
        return self

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()
        if self.process:
            self.process.stop()

    def reload(self) -> None:
        """SIGHUP, as `systemctl reload mosquitto`: Mosquitto rereads its config and the CRL."""
        import signal

        self.process.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)

    def restart(self) -> None:
        self.process.stop()
        self.start()

    def tls_files(self, cn: str | None) -> dict:
        files = {"ca_certs": str(self.ca.cert_file)}
        if cn is not None:
            files.update(certfile=str(self.certs[cn].cert), keyfile=str(self.certs[cn].key))
        return files

    def probe(self, cn: str | None, client_id: str | None = None, *, clean: bool = True,
              tls: bool = True) -> "Probe":
        probe = Probe(self, cn, client_id or cn or "anonymous", clean=clean, tls=tls)
        self.clients.append(probe)
        return probe


class Probe:
    """One MQTT v5 client: ``ok`` says whether the broker let it in; ``received`` what it got."""

    def __init__(self, site: Site, cn: str | None, client_id: str, *, clean: bool, tls: bool):
        self.received: list[tuple[str, bytes]] = []
        self.reason: str = ""
        self._connack = threading.Event()
        self.ok = False
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        if tls:
            self.client.tls_set(**site.tls_files(cn), tls_version=ssl.PROTOCOL_TLS_CLIENT)
        self.client.on_connect = self._on_connect
        self.client.on_message = lambda _c, _u, m: self.received.append((m.topic, m.payload))
        self.client.on_disconnect = self._on_disconnect
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 0 if clean else 3600
        try:
            self.client.connect("127.0.0.1", site.port, keepalive=10, clean_start=clean, properties=props)
        except (OSError, ssl.SSLError) as exc:  # the TLS handshake refused: no certificate, revoked…
            self.reason = f"{type(exc).__name__}: {exc}"
            return
        self.client.loop_start()
        self._connack.wait(5)

    def _on_connect(self, _c, _u, _flags, rc, _props) -> None:
        self.ok = not rc.is_failure
        self.reason = str(rc)
        self._connack.set()

    def _on_disconnect(self, _c, _u, _flags, rc, _props) -> None:
        self.reason = self.reason or str(rc)
        self._connack.set()  # refused before CONNACK: no need to wait any longer

    def subscribe(self, *topics: str) -> None:
        done = threading.Event()
        self.client.on_subscribe = lambda *_a: done.set()
        self.client.subscribe([(t, 1) for t in topics])
        assert done.wait(5), "no SUBACK"

    def publish(self, topic: str, payload: bytes, *, wait: bool = True) -> None:
        info = self.client.publish(topic, payload, qos=1)
        if wait:
            info.wait_for_publish(5)

    def got(self, payload: bytes) -> bool:
        return any(p == payload for _t, p in self.received)

    def wait_for(self, payload: bytes, timeout: float = 5) -> bool:
        return wait_until(lambda: self.got(payload), timeout=timeout)

    def close(self) -> None:
        try:
            self.client.disconnect()
        except Exception:  # noqa: BLE001 - already gone
            pass
        self.client.loop_stop()


def make_site(root: Path, **plan_kw) -> Site:
    root = root.resolve()
    ca = CourtCA.init(root / "ca", name="Test Court CA")
    certs = {"broker": ca.issue("localhost", root / "broker-pki", kind="server", ips=("127.0.0.1",))}
    certs[GATEWAY] = ca.issue(GATEWAY, root / "gateway-pki", kind="gateway")
    certs[ENROLLER] = ca.issue(ENROLLER, root / "enrol-pki", kind="gateway")
    certs[BOOTSTRAP] = ca.issue(BOOTSTRAP, root / "bootstrap-pki", kind="bootstrap")
    for kid in KIOSKS:
        certs[kid] = ca.issue(kid, root / f"{kid}-pki", kind="kiosk")
    plan = BrokerPlan(ca_file=ca.cert_file, cert_file=certs["broker"].cert, key_file=certs["broker"].key,
                      crl_file=ca.crl_file, data_dir=root / "broker-data", port=free_port(), bind="127.0.0.1",
                      gateways=(GATEWAY,), kiosks=10, user="root" if os.geteuid() == 0 else None, **plan_kw)
    conf, _acl = write_broker_config(plan, root / "broker")
    return Site(root, ca, certs, plan, conf)


def settle(seconds: float = 0.5) -> None:
    """Time for a message that WOULD be delivered to arrive (used only after a positive control)."""
    time.sleep(seconds)
