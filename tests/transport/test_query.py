"""Live questions over MQTT v5 request/response on a real Mosquitto: the court's signed answer
arrives bound to the question; a forged answer, a replayed answer, a request for another kiosk's
topic and a silent court are each logged and dropped (the kiosk times out, nothing is shown)."""

from __future__ import annotations

import logging
import threading
import time

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from court.cases import set_case
from offline_queue import topics
from offline_queue.crypto import generate_key
from offline_queue.document import recipient_tag
from offline_queue.query import (TIMEOUT_S, QueryTimeout, QueryUnavailable, Requester, make_answer,
                                 make_request)
from tests.transport.helpers import Running, wait_for
from tests.transport.test_tls import tls_pair

pytestmark = pytest.mark.integration
KID = "kiosk-test-01"
ZHANG = "410181199003074517"
CASE = "（2024）豫0102民初1187号"


class Spy:
    """A plain MQTT v5 client on the broker: records every message on ``pattern``, can publish."""

    def __init__(self, port: int, pattern: str):
        self.messages: list[mqtt.MQTTMessage] = []
        self.got = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"spy-{time.monotonic_ns()}",
                                  protocol=MQTTProtocolVersion.MQTTv5)
        subscribed = threading.Event()
        self.client.on_connect = lambda c, *_a: c.subscribe(pattern, qos=1)
        self.client.on_subscribe = lambda *_a: subscribed.set()
        self.client.on_message = lambda _c, _u, m: (self.messages.append(m), self.got.set())
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert subscribed.wait(5)

    def publish(self, topic, payload, correlation: bytes | None = None):
        props = Properties(PacketTypes.PUBLISH)
        if correlation is not None:
            props.CorrelationData = correlation
        self.client.publish(topic, payload, qos=1, properties=props).wait_for_publish(5)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


def _case(engine):
    set_case(engine, CASE, court="豫0102", case_type="民事一审", status="审理中", judge="李法官",
             clerk="王书记员", parties=[(recipient_tag(ZHANG), "plaintiff", "张三")],
             hearings=[{"at": "2025-03-01 09:30", "room": "第三法庭"}],
             deadlines=[{"due": "2025-02-20", "what": "举证期限届满"}])


def test_the_courts_signed_answer_comes_back_bound_to_the_question(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        _case(run.engine)
        started = time.monotonic()
        answer = run.sender.queries.ask("cases", {"subject": recipient_tag(ZHANG)})
        elapsed = time.monotonic() - started
        assert answer["status"] == "ok" and answer["kiosk_id"] == KID
        (case,) = answer["data"]["cases"]
        assert case["case_number"] == CASE and case["judge"] == "李法官" and case["clerk"] == "王书记员"
        assert case["hearings"] == [{"at": "2025-03-01 09:30", "room": "第三法庭"}]
        assert elapsed < 1.0, f"{elapsed:.3f} s on loopback"
        stranger = run.sender.queries.ask("cases", {"subject": recipient_tag("110101199001011237")})
        assert stranger["data"] == {"cases": [], "filings": []}


def test_forged_answer_is_dropped_and_the_question_times_out(mosquitto, pair, caplog):
    ks, cs = pair(mosquitto.port)
    forger = generate_key("p256")
    with Running(ks, cs, gateway=False) as run, caplog.at_level(logging.WARNING, "offline_queue.query"):
        spy = Spy(mosquitto.port, f"court/v1/k/{KID}/up/q/#")
        result = {}

        def ask():
            try:
                result["answer"] = run.sender.queries.ask("cases", {"subject": "ab" * 32}, timeout_s=2.0)
            except QueryTimeout as exc:
                result["timeout"] = exc

        asker = threading.Thread(target=ask)
        asker.start()
        assert spy.got.wait(5), "the question went out on the kiosk's own up/q topic"
        question = spy.messages[0]
        assert question.properties.ResponseTopic == topics.down_query(KID, question.topic.rsplit("/", 1)[1])
        qid = question.topic.rsplit("/", 1)[1]
        import json

        body = json.loads(question.payload)
        fake = make_answer(forger, body, "ok", {"cases": [{"case_number": "（2024）伪1号"}], "filings": []})
        spy.publish(question.properties.ResponseTopic, fake, correlation=qid.encode())
        asker.join(5)
        spy.close()
    assert "timeout" in result and "answer" not in result
    assert run.sender.queries.dropped == 1
    assert any("signature does not verify" in r.getMessage() for r in caplog.records)


def test_replayed_answer_is_dropped(mosquitto, pair, caplog):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        _case(run.engine)
        spy = Spy(mosquitto.port, f"court/v1/k/{KID}/down/q/#")
        first = run.sender.queries.ask("cases", {"subject": recipient_tag(ZHANG)})
        assert first["status"] == "ok" and wait_for(lambda: spy.messages, 5)
        genuine = spy.messages[0]
        run.gateway.link.stop()  # the court goes quiet: only the replay can answer now
        with caplog.at_level(logging.WARNING, "offline_queue.query"):
            spy.publish(genuine.topic, genuine.payload, genuine.properties.CorrelationData)  # the same again
            assert wait_for(lambda: run.sender.queries.dropped == 1, 5)
            result = {}

            def ask():
                try:
                    result["answer"] = run.sender.queries.ask("cases", {"subject": recipient_tag(ZHANG)},
                                                              timeout_s=2.0)
                except QueryTimeout:
                    result["timeout"] = True

            asker = threading.Thread(target=ask)
            asker.start()
            assert wait_for(lambda: run.sender.queries._pending, 5)
            (qid,) = list(run.sender.queries._pending)
            spy.publish(topics.down_query(KID, qid), genuine.payload, qid.encode())  # onto the new question
            asker.join(5)
        spy.close()
    assert result == {"timeout": True}
    assert run.sender.queries.dropped == 2
    lines = [r.getMessage() for r in caplog.records]
    assert any("no question is waiting" in line for line in lines)
    assert any("qid is" in line for line in lines)


def test_silent_court_times_out_and_no_link_is_said_at_once(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs, gateway=False) as run:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            run.sender.queries.ask("cases", {"subject": "ab" * 32}, timeout_s=0.5)
        assert 0.5 <= time.monotonic() - started < 1.5
    assert TIMEOUT_S == 5.0
    offline = Requester(type("Link", (), {"connected": threading.Event()})(), KID, lambda: None, None)
    with pytest.raises(QueryUnavailable):
        offline.ask("cases", {"subject": "ab" * 32})


def test_court_drops_requests_it_cannot_trust(mosquitto, pair, caplog):
    """A request signed by an unknown key, one naming another kiosk's answer topic, and a replayed
    genuine request: none is answered (the spy on every down/q topic sees one answer, the genuine)."""
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs, sender=False) as run, caplog.at_level(logging.WARNING, "court.queries"):
        spy = Spy(mosquitto.port, "court/v1/k/+/down/q/#")
        sender = Spy(mosquitto.port, "court/v1/k/nobody/#")
        from offline_queue.service import kiosk_signing_key

        def send(request, response_topic):
            props = Properties(PacketTypes.PUBLISH)
            props.ResponseTopic = response_topic
            props.CorrelationData = request.qid.encode()
            sender.client.publish(topics.up_query(KID, request.qid), request.payload, qos=1,
                                  properties=props).wait_for_publish(5)

        untrusted = make_request(generate_key(), KID, "cases", {"subject": "ab" * 32})
        send(untrusted, topics.down_query(KID, untrusted.qid))
        elsewhere = make_request(kiosk_signing_key(ks), KID, "cases", {"subject": "ab" * 32})
        send(elsewhere, topics.down_query("kiosk-other-02", elsewhere.qid))
        genuine = make_request(kiosk_signing_key(ks), KID, "cases", {"subject": "ab" * 32})
        send(genuine, topics.down_query(KID, genuine.qid))
        send(genuine, topics.down_query(KID, genuine.qid))
        assert wait_for(lambda: run.gateway.queries.dropped == 3, 5)
        time.sleep(0.3)
        spy.close()
        sender.close()
    assert [m.topic for m in spy.messages] == [topics.down_query(KID, genuine.qid)]
    assert spy.messages[0].properties.CorrelationData == genuine.qid.encode()
    lines = " ".join(r.getMessage() for r in caplog.records)
    assert "signature does not verify" in lines and "not the kiosk's own answer topic" in lines
    assert "replayed" in lines


def test_query_over_mutual_tls_within_the_kiosk_acl(tls_mosquitto, pair):
    """With the per-kiosk ACL (write only up/#, read only down/#) the question and answer pass."""
    ks, cs = tls_pair(pair, tls_mosquitto)
    with Running(ks, cs) as run:
        _case(run.engine)
        answer = run.sender.queries.ask("cases", {"subject": recipient_tag(ZHANG)})
    assert answer["data"]["cases"][0]["case_number"] == CASE


def test_conversation_answers_unknown_case_and_not_a_party(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        _case(run.engine)
        ask = run.sender.queries.ask
        unknown = ask("messages", {"subject": recipient_tag(ZHANG), "case_number": "（2024）豫0102民初9号"})
        stranger = ask("messages", {"subject": recipient_tag("110101199001011237"), "case_number": CASE})
        party = ask("messages", {"subject": recipient_tag(ZHANG), "case_number": CASE})
        malformed = ask("cases", {"subject": "not a tag"})
    assert unknown["status"] == "unknown_case" and stranger["status"] == "not_party"
    assert party["status"] == "ok" and party["data"]["judge"] == "李法官" and party["data"]["messages"] == []
    assert malformed["status"] == "bad_request"
