"""The gateway's answers to the kiosks' live questions (``offline_queue.query``): each request is
checked (the kiosk's signature, its own topic, fresh, not seen before) and answered from the court
store on a small pool, signed with the court key, on the kiosk's own ``down/q/<qid>`` with the
request's correlation data. A request that fails any check is logged and dropped, unanswered."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

from court import cases
from offline_queue import topics
from offline_queue.query import QueryError, SeenRequests, make_answer, open_request
from offline_queue.throttle import Throttle

log = logging.getLogger("court.queries")
TAG = re.compile(r"^[0-9a-f]{64}$")


def answer_for(engine, court_key, body: dict) -> tuple[str, dict]:
    """(status, data) for one verified request."""
    params = body["params"]
    subject = params.get("subject")
    if not isinstance(subject, str) or not TAG.match(subject):
        return "bad_request", {"why": "subject"}
    if body["kind"] == "cases":
        return "ok", cases.my_cases(engine, subject, court_key)
    if body["kind"] == "resubmit":
        from court.resubmit import seed_for

        packet_id = params.get("packet_id")
        if not isinstance(packet_id, str) or not 8 <= len(packet_id) <= 64:
            return "bad_request", {"why": "packet_id"}
        return seed_for(engine, court_key, subject, packet_id)
    if body["kind"] == "news":
        from court.news import news_for

        return "ok", news_for(engine, subject)
    if body["kind"] == "fees":
        from court import fees

        return "ok", fees.answer(engine, subject)
    case_number = params.get("case_number")
    if not isinstance(case_number, str) or not 4 <= len(case_number) <= 40:
        return "bad_request", {"why": "case_number"}
    status, data = cases.conversation(engine, court_key, subject, case_number)
    if status == "ok":  # shown at the kiosk: its replies are no longer news at the next ID tap
        from court.news import mark_seen

        mark_seen(engine, subject, data)
    return status, data


class QueryResponder:
    def __init__(self, engine, court_key, kiosk_keys, publish, *, workers: int = 2):
        self.engine = engine
        self.court_key = court_key
        self.kiosk_keys = kiosk_keys
        self.publish = publish
        self.seen = SeenRequests()
        self.dropped = 0
        self._logged = Throttle(10.0)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="court-query")

    def handle(self, topic: topics.Topic, message) -> None:
        """On the network thread: check, then answer on the pool."""
        props = getattr(message, "properties", None)
        try:
            body = open_request(message.payload, self.kiosk_keys.get, topic_kiosk=topic.kiosk_id,
                                topic_qid=topic.item_id,
                                response_topic=getattr(props, "ResponseTopic", None))
        except QueryError as exc:
            self._drop(topic, str(exc))
            return
        if not self.seen.first_time(topic.kiosk_id, topic.item_id):
            self._drop(topic, "request seen before (replayed)")
            return
        correlation = getattr(props, "CorrelationData", None)
        self.pool.submit(self._answer, topic, body, correlation)

    def _answer(self, topic: topics.Topic, body: dict, correlation) -> None:
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        try:
            status, data = answer_for(self.engine, self.court_key, body)
        except Exception:
            log.exception("query %s from %s failed; the kiosk will say the court cannot be reached",
                          topic.item_id, topic.kiosk_id)
            return
        props = Properties(PacketTypes.PUBLISH)
        if correlation is not None:
            props.CorrelationData = correlation
        self.publish(topics.down_query(topic.kiosk_id, topic.item_id),
                     make_answer(self.court_key, body, status, data), props)
        log.info("query %s (%s) from %s answered: %s", topic.item_id, body["kind"], topic.kiosk_id, status)

    def _drop(self, topic: topics.Topic, why: str) -> None:
        self.dropped += 1
        if self._logged.due((topic.kiosk_id, why[:20])):
            log.warning("query %s on %s's topic dropped: %s", topic.item_id, topic.kiosk_id, why)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
