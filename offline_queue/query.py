"""Live questions to the court (my cases, the conversation with the judge): MQTT v5 request/response.

The kiosk publishes a request signed with its device key on its own ``up/q/<qid>`` topic, naming
``down/q/<qid>`` as the response topic and ``qid`` as the correlation data; the court answers
there, signed with its key over the kiosk id, the qid, the request's nonce and its time. The kiosk
shows an answer only when that signature verifies and every binding matches a question it is still
waiting for: a forged, altered, replayed or late answer is logged and dropped. Nothing is stored —
the answer lives in the session's memory only.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from offline_queue import topics
from offline_queue.canonical import b64d, b64e, canonical
from offline_queue.crypto import PrivateKey, PublicKey, sign, verify

log = logging.getLogger("offline_queue.query")

SCHEMA = "court-kiosk/query/v1"
KINDS = ("cases", "messages", "resubmit", "news", "fees")
"""my cases; one case's messages; a rejected filing to pre-fill a new one from; what is new since
the last visit (replies, documents), asked at the ID tap; this person's fee notices."""
ANSWER_STATUSES = ("ok", "unknown_case", "not_party", "bad_request")
TIMEOUT_S = 5.0
SKEW_S = 300.0
"""How far the two clocks may disagree before a request or an answer is taken as stale."""
MAX_PAYLOAD = 256 * 1024


class QueryError(ValueError):
    """A request or answer that fails authentication or does not belong to the question."""


class QueryTimeout(TimeoutError):
    """No verified answer in time (the court or the link is away)."""


class QueryUnavailable(ConnectionError):
    """The kiosk is not connected to the broker: the question was not even sent."""


@dataclass(frozen=True)
class Request:
    qid: str
    nonce: str
    sent_at: float
    kind: str
    payload: bytes


def _signed(key: PrivateKey, body: dict) -> bytes:
    return canonical({**body, "sig": b64e(sign(key, canonical(body)))})


def _opened(payload: bytes, key: PublicKey | None, what: str) -> dict:
    """The body of a signed JSON object if ``key`` verifies its signature (QueryError otherwise)."""
    if len(payload) > MAX_PAYLOAD:
        raise QueryError(f"{what} too large ({len(payload)} bytes)")
    try:
        obj = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise QueryError(f"{what} is not JSON ({exc.__class__.__name__})") from None
    if not isinstance(obj, dict):
        raise QueryError(f"{what} is not a JSON object")
    sig = obj.pop("sig", None)
    try:
        signature = b64d(sig) if isinstance(sig, str) else b""
    except ValueError:
        signature = b""
    if key is None or not signature or not verify(key, signature, canonical(obj)):
        raise QueryError(f"{what} signature does not verify")
    if obj.get("schema") != SCHEMA:
        raise QueryError(f"{what} schema {obj.get('schema')!r} unknown")
    return obj


def make_request(key: PrivateKey, kiosk_id: str, kind: str, params: dict, *,
                 now: float | None = None) -> Request:
    if kind not in KINDS:
        raise ValueError(f"query kind must be one of {', '.join(KINDS)}")
    qid, nonce, sent_at = str(uuid.uuid4()), os.urandom(12).hex(), time.time() if now is None else now
    body = {"schema": SCHEMA, "kiosk_id": kiosk_id, "qid": qid, "kind": kind, "params": params,
            "nonce": nonce, "sent_at": round(sent_at, 3)}
    return Request(qid, nonce, sent_at, kind, _signed(key, body))


def open_request(payload: bytes, kiosk_key: Callable[[str], PublicKey | None], *, topic_kiosk: str,
                 topic_qid: str, response_topic: str | None, now: float | None = None) -> dict:
    """Court side: the body of a genuine, fresh request from the kiosk whose topic it came on, whose
    answer goes to that kiosk's own ``down/q/<qid>`` (never to a topic the request chose)."""
    try:
        claimed = json.loads(payload).get("kiosk_id") if len(payload) <= MAX_PAYLOAD else None
    except (ValueError, UnicodeDecodeError, AttributeError):
        claimed = None
    if claimed != topic_kiosk:
        raise QueryError(f"request names kiosk {claimed!r} on kiosk {topic_kiosk}'s topic")
    body = _opened(payload, kiosk_key(topic_kiosk), "request")
    if body.get("qid") != topic_qid:
        raise QueryError(f"request id {body.get('qid')!r} is not its topic's {topic_qid}")
    if response_topic != topics.down_query(topic_kiosk, topic_qid):
        raise QueryError(f"response topic {response_topic!r} is not the kiosk's own answer topic")
    if body.get("kind") not in KINDS or not isinstance(body.get("params"), dict):
        raise QueryError(f"request kind {body.get('kind')!r} or its parameters unknown")
    if not isinstance(body.get("nonce"), str) or not 8 <= len(body["nonce"]) <= 64:
        raise QueryError("request nonce missing")
    sent_at = body.get("sent_at")
    now = time.time() if now is None else now
    if not isinstance(sent_at, (int, float)) or abs(now - sent_at) > SKEW_S:
        raise QueryError(f"request time {sent_at!r} is stale or from the future")
    return body


def make_answer(key: PrivateKey, request: dict, status: str, data: dict | None = None, *,
                now: float | None = None) -> bytes:
    if status not in ANSWER_STATUSES:
        raise ValueError(f"answer status must be one of {', '.join(ANSWER_STATUSES)}")
    body = {"schema": SCHEMA, "kiosk_id": request["kiosk_id"], "qid": request["qid"],
            "nonce": request["nonce"], "kind": request["kind"], "status": status, "data": data or {},
            "answered_at": round(time.time() if now is None else now, 3)}
    return _signed(key, body)


def open_answer(payload: bytes, court_key: PublicKey, kiosk_id: str, request: Request, *,
                now: float | None = None) -> dict:
    """Kiosk side: the verified answer to exactly ``request`` (QueryError otherwise)."""
    body = _opened(payload, court_key, "answer")
    for name, expected in (("kiosk_id", kiosk_id), ("qid", request.qid), ("nonce", request.nonce),
                           ("kind", request.kind)):
        if body.get(name) != expected:
            raise QueryError(f"answer {name} is {body.get(name)!r}, not this question's")
    if body.get("status") not in ANSWER_STATUSES or not isinstance(body.get("data"), dict):
        raise QueryError(f"answer status {body.get('status')!r} unknown")
    answered = body.get("answered_at")
    now = time.time() if now is None else now
    if not isinstance(answered, (int, float)) or not request.sent_at - SKEW_S <= answered <= now + SKEW_S:
        raise QueryError(f"answer time {answered!r} does not fit the question's")
    return body


def _property(message, name: str):
    return getattr(getattr(message, "properties", None), name, None)


class Requester:
    """Asks over an ``MqttLink`` and waits for the verified answer; the link's owner hands it every
    message on ``down/q/…`` (``on_message``). Thread-safe: several questions may wait at once."""

    def __init__(self, link, kiosk_id: str, signing_key: Callable[[], PrivateKey], court_key: PublicKey,
                 timeout_s: float = TIMEOUT_S):
        self.link = link
        self.kiosk_id = kiosk_id
        self.signing_key = signing_key
        self.court_key = court_key
        self.timeout_s = timeout_s
        self.dropped = 0
        self._pending: dict[str, tuple[Request, threading.Event, list]] = {}
        self._lock = threading.Lock()

    def ask(self, kind: str, params: dict, timeout_s: float | None = None) -> dict:
        """The verified answer body (``status``, ``data``…); QueryUnavailable or QueryTimeout."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        if not self.link.connected.is_set():
            raise QueryUnavailable("not connected to the broker")
        request = make_request(self.signing_key(), self.kiosk_id, kind, params)
        done, slot = threading.Event(), []
        with self._lock:
            self._pending[request.qid] = (request, done, slot)
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = topics.down_query(self.kiosk_id, request.qid)
        props.CorrelationData = request.qid.encode()
        try:
            if not self.link.publish(topics.up_query(self.kiosk_id, request.qid), request.payload,
                                     qos=1, properties=props):
                raise QueryUnavailable("the broker link dropped before the question was sent")
            if not done.wait(self.timeout_s if timeout_s is None else timeout_s):
                raise QueryTimeout(f"no verified answer to {kind} query {request.qid} in time")
            return slot[0]
        finally:
            with self._lock:
                self._pending.pop(request.qid, None)

    def on_message(self, qid: str, message) -> None:
        with self._lock:
            waiting = self._pending.get(qid)
        if waiting is None:
            self._drop(qid, "no question is waiting for it (late, duplicate or replayed)")
            return
        request, done, slot = waiting
        correlation = _property(message, "CorrelationData")
        if correlation != qid.encode():
            self._drop(qid, f"correlation data {correlation!r} is not the question's")
            return
        try:
            body = open_answer(message.payload, self.court_key, self.kiosk_id, request)
        except QueryError as exc:
            self._drop(qid, str(exc))
            return
        with self._lock:
            if self._pending.pop(qid, None) is None:
                self._drop(qid, "answered already")
                return
        slot.append(body)
        done.set()

    def _drop(self, qid: str, why: str) -> None:
        self.dropped += 1
        log.warning("answer on query %s dropped: %s", qid, why)


class SeenRequests:
    """Court side: request ids seen within the freshness window, so a replayed request is answered
    once (bounded; the window bounds what a replay could still get past the time check)."""

    def __init__(self, limit: int = 20000):
        self.limit = limit
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, kiosk_id: str, qid: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self._lock:
            while self._seen and (len(self._seen) >= self.limit
                                  or next(iter(self._seen.values())) < now - 2 * SKEW_S):
                self._seen.popitem(last=False)
            if (kiosk_id, qid) in self._seen:
                return False
            self._seen[(kiosk_id, qid)] = now
            return True
