"""The MQTT link both ends use: paho-mqtt 2.x, MQTT v5, a persistent session (clean_start=False and
a session expiry), a last will, and reconnection with exponential back-off and jitter (1 s → 5 min).

paho keeps nothing on disk and its packet ids restart with every connection, so nothing here is
trusted for delivery: the outbox and the court's bitmaps and receipts are.
"""

from __future__ import annotations

import logging
import random
import re
import ssl
import threading
from collections.abc import Callable

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

log = logging.getLogger("offline_queue.link")
paho_log = logging.getLogger("offline_queue.link.paho")


def tls_reason(exc: BaseException | str) -> str:
    """OpenSSL's words without the ``[SSL: CODE]`` prefix and ``(_ssl.c:NNN)`` suffix."""
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return f"certificate verify failed: {exc.verify_message}"
    return re.sub(r"\s*\(_ssl\.c:\d+\)", "", re.sub(r"\[SSL: \w+\]\s*", "", str(exc))).strip()


class PahoErrors:
    """paho's logger (duck-typed): keeps the last error, the only place paho says why a socket died
    (e.g. a TLS alert after the handshake); everything goes to ``offline_queue.link.paho`` at DEBUG,
    since the link itself logs what matters."""

    def __init__(self) -> None:
        self.last: str | None = None

    def log(self, level: int, fmt: str, *args) -> None:
        if level >= logging.ERROR:
            self.last = fmt % args
        paho_log.debug(fmt, *args)


class Backoff:
    """Reconnect delays: doubling from ``first`` to ``cap`` seconds, each drawn with jitter so a
    fleet of kiosks does not reconnect in step after a broker restart."""

    def __init__(self, first: float = 1.0, cap: float = 300.0, rng: random.Random | None = None):
        self.first, self.cap = first, cap
        self.rng = rng or random.Random()
        self.attempt = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.first * (2 ** self.attempt))
        self.attempt += 1
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.attempt = 0


def user_properties(**values: str) -> Properties:
    props = Properties(PacketTypes.PUBLISH)
    props.UserProperty = list(values.items())
    return props


def user_property(message: mqtt.MQTTMessage, name: str) -> str | None:
    props = getattr(message, "properties", None)
    for key, value in getattr(props, "UserProperty", None) or []:
        if key == name:
            return value
    return None


class MqttLink:
    """One persistent MQTT v5 session, kept up by its own network thread."""

    def __init__(self, broker, client_id: str, *, subscriptions: list[str],
                 on_message: Callable[[mqtt.MQTTMessage], None],
                 on_connected: Callable[[], None] | None = None,
                 will: tuple[str, bytes] | None = None, backoff: Backoff | None = None,
                 clean_start: bool = False, on_refused: Callable[[str, str], None] | None = None):
        self.broker = broker
        # (topic, reason) for a QoS 1 message the broker acknowledged with a failure reason code,
        # e.g. "Not authorized" from an ACL: MQTT v5 says so in the PUBACK, paho only in on_publish.
        self.on_refused = on_refused
        self._awaiting_ack: dict[int, str] = {}
        self.client_id = client_id
        self.subscriptions = subscriptions
        self.on_message = on_message
        self.on_connected = on_connected
        self.backoff = backoff or Backoff()
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self._pending_subs: set[int] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.clean_start = clean_start
        self.paho_errors = PahoErrors()
        self._connack = False  # a CONNACK (of any reason code) arrived on this connection attempt
        self.max_packet_size: int | None = None  # the broker's limit, from its CONNACK (MQTT v5), if it sets one
        self.client = self._make_client(will)

    def _make_client(self, will) -> mqtt.Client:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id,
                             protocol=MQTTProtocolVersion.MQTTv5)
        client.max_inflight_messages_set(1000)
        client.max_queued_messages_set(0)
        client.enable_logger(self.paho_errors)  # type: ignore[arg-type]
        if self.broker.tls:
            b = self.broker
            try:
                client.tls_set(ca_certs=str(b.ca_file) if b.ca_file else None,
                               certfile=str(b.cert_file) if b.cert_file else None,
                               keyfile=str(b.key_file) if b.key_file else None,
                               tls_version=ssl.PROTOCOL_TLS_CLIENT)
            except (OSError, ssl.SSLError) as exc:  # ssl names no file: say which settings to check
                raise ValueError(f"broker TLS files unusable (ca_file={b.ca_file}, cert_file={b.cert_file}, "
                                 f"key_file={b.key_file}): {tls_reason(exc)}") from exc
        if self.broker.username or self.broker.password:
            password = self.broker.password.get_secret_value() if self.broker.password else None
            client.username_pw_set(self.broker.username or self.client_id, password)
        if will:
            client.will_set(will[0], will[1], qos=1, retain=True)
        # Only the link's thread writes to the socket. Without an external-loop hook, paho's publish()
        # writes at once from the caller's thread when no loop_start() thread exists, racing the
        # link's own loop_write(): interleaved partial writes corrupt the stream (seen as chunks
        # failing their SHA-256 at the court under load). With the hook, publish() only queues and
        # wakes the loop through paho's socket pair, as in paho's threaded mode.
        client.on_socket_register_write = lambda *_args: None
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        client.on_publish = self._on_publish
        return client

    def _connect_properties(self) -> Properties:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = int(self.broker.session_expiry_s)
        return props

    def _on_connect(self, client, _userdata, flags, reason_code, props) -> None:
        self._connack = True
        if reason_code.is_failure:
            log.warning("broker refused the connection: %s", reason_code)
            return
        self.max_packet_size = getattr(props, "MaximumPacketSize", None)
        log.info("connected to %s:%s (session present: %s)", self.broker.host, self.broker.port,
                 flags.session_present)
        self.backoff.reset()
        self.subscribed.clear()
        self._awaiting_ack.clear()  # message ids start again on every connection
        self._pending_subs = {client.subscribe(topic, qos=1)[1] for topic in self.subscriptions}
        self.connected.set()
        if self.on_connected:
            self.on_connected()

    def _on_subscribe(self, _client, _userdata, mid, reason_codes, _props) -> None:
        failed = [rc for rc in reason_codes if rc.is_failure]
        if failed:
            log.warning("broker refused a subscription: %s", failed)
        self._pending_subs.discard(mid)
        if not self._pending_subs and not self.subscribed.is_set():
            log.info("subscribed to %s", ", ".join(self.subscriptions))
            self.subscribed.set()

    def _on_disconnect(self, _client, _userdata, _flags, reason_code, _props) -> None:
        if self.connected.is_set():
            log.warning("disconnected from the broker: %s", reason_code)
        self.connected.clear()
        self.subscribed.clear()

    def _on_publish(self, _client, _userdata, mid, reason_code, _props) -> None:
        topic = self._awaiting_ack.pop(mid, None)
        if topic is not None and reason_code.is_failure and self.on_refused:
            try:
                self.on_refused(topic, str(reason_code))
            except Exception:
                log.exception("error handling a refused publish on %s", topic)

    def _on_message(self, _client, _userdata, message: mqtt.MQTTMessage) -> None:
        try:
            self.on_message(message)
        except Exception:  # one bad message must never stop the link
            log.exception("error handling message on %s", message.topic)

    def publish(self, topic: str, payload: bytes, *, qos: int = 1, retain: bool = False,
                properties: Properties | None = None) -> bool:
        """Hand a message to paho; False when not connected (the caller resends later)."""
        if not self.connected.is_set():
            return False
        info = self.client.publish(topic, payload, qos=qos, retain=retain, properties=properties)
        if info.rc == mqtt.MQTT_ERR_SUCCESS and qos and self.on_refused:
            # No lock around publish(): paho calls on_publish holding its own message lock. A PUBACK
            # handled before this line (a round trip inside one statement) only goes unreported for
            # that one message; the sender reports once per packet anyway.
            self._awaiting_ack[info.mid] = topic
        return info.rc == mqtt.MQTT_ERR_SUCCESS

    def subscribe(self, topic_names: list[str]) -> None:
        """Subscribe to more topics, now if connected and again on every later connection."""
        self.subscriptions = self.subscriptions + [t for t in topic_names if t not in self.subscriptions]
        if self.connected.is_set():
            for name in topic_names:
                self.client.subscribe(name, qos=1)

    def unsubscribe(self, topic_names: list[str]) -> None:
        """Stop receiving these topics (also when a persistent session still holds them)."""
        self.subscriptions = [t for t in self.subscriptions if t not in topic_names]
        if self.connected.is_set():
            self.client.unsubscribe(list(topic_names))

    def start(self) -> "MqttLink":
        self._thread = threading.Thread(target=self._run, name=f"mqtt-{self.client_id}", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                self._connack, self.paho_errors.last = False, None
                if first:
                    self.client.connect(self.broker.host, self.broker.port, self.broker.keepalive_s,
                                        clean_start=self.clean_start, properties=self._connect_properties())
                    first = False
                else:
                    self.client.reconnect()
            except (OSError, ssl.SSLError) as exc:
                delay = self.backoff.next_delay()
                if isinstance(exc, ssl.SSLError):
                    hint = "check broker.ca_file, broker.cert_file and broker.key_file"
                    if isinstance(exc, ssl.SSLCertVerificationError):
                        hint = "is broker.ca_file the CA that issued the broker's certificate?"
                    log.warning("TLS handshake with the broker %s:%s failed: %s (%s); retry in %.1f s",
                                self.broker.host, self.broker.port, tls_reason(exc), hint, delay)
                else:
                    log.warning("broker %s:%s unreachable (%s); retry in %.1f s", self.broker.host,
                                self.broker.port, exc, delay)
                self._stop.wait(delay)
                continue
            while not self._stop.is_set():
                if self.client.loop(timeout=0.05) != mqtt.MQTT_ERR_SUCCESS:
                    break
            self.connected.clear()
            if not self._stop.is_set():
                delay = self.backoff.next_delay()
                if not self._connack:
                    self._log_lost_before_connack(delay)
                self._stop.wait(delay)

    def _log_lost_before_connack(self, delay: float) -> None:
        """The socket died before any CONNACK. With TLS 1.3 the broker checks our certificate only
        after our side of the handshake is done, so a refused certificate surfaces here, as a TLS
        alert or a bare EOF on the first read, never as an exception from connect()."""
        b = self.broker
        detail = (self.paho_errors.last or "connection closed").removeprefix("failed to receive on socket: ")
        self.paho_errors.last = None
        if b.tls:
            log.warning("TLS handshake with the broker %s:%s failed: the broker refused this client's "
                        "certificate (%s; check broker.cert_file and broker.key_file: issued by the broker's "
                        "CA, CN = this client's id); retry in %.1f s",
                        b.host, b.port, tls_reason(detail), delay)
        else:
            log.warning("broker %s:%s closed the connection before answering CONNECT (%s); retry in %.1f s",
                        b.host, b.port, detail, delay)

    def stop(self, publish_last: tuple[str, bytes] | None = None) -> None:
        """Disconnect cleanly (optionally publishing a final retained message first)."""
        if publish_last and self.connected.is_set():
            info = self.client.publish(publish_last[0], publish_last[1], qos=1, retain=True)
            try:
                info.wait_for_publish(2)
            except (RuntimeError, ValueError):
                pass
        try:
            self.client.disconnect()
        except Exception:  # already gone
            pass
        self._stop.set()
        if self._thread:
            self._thread.join(5)
