"""The receiving gateway: one MQTT session (a shared subscription when scaled out), a worker that
stores each batch of messages in one transaction and answers with bitmaps and signed receipts,
the kiosks' retained status, and (re)publication of documents until each kiosk verifies them."""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from court import remote_config
from court.chunks import StoreFull
from court.documents import due_documents, load_document, mark_published, publish_document, record_kiosk_answer
from court.receiver import Receiver
from court.status_reader import StatusReader
from offline_queue import topics
from offline_queue.ack import AckError, open_doc_answer
from offline_queue.db import commit_count
from offline_queue.fsutil import disk_full_reason
from offline_queue.link import MqttLink, user_properties, user_property
from offline_queue.throttle import Throttle

log = logging.getLogger("court.gateway")


class Gateway:
    def __init__(self, settings, engine, court_key, notifier=None, *, batch_max: int = 256,
                 batch_wait_s: float | None = None):
        self.settings = settings
        self.engine = engine
        self.finalizer = ThreadPoolExecutor(max_workers=2, thread_name_prefix="court-assemble")
        self.receiver = Receiver(settings, engine, court_key, notifier, finalizer=self.finalizer,
                                 deliver=lambda topic, payload: self.link.publish(topic, payload))
        self.batch_max = batch_max
        # After a batch's first message, wait this long for more (bounded): one commit, one ack each
        self.batch_wait_s = settings.batch_wait_ms / 1000.0 if batch_wait_s is None else batch_wait_s
        self.batches = self.batched = 0  # batches stored, messages in them
        self.inbox: queue.Queue = queue.Queue()
        self.kiosks_online: set[str] = set()
        self._lock = threading.Lock()
        self._refused_logged = Throttle(60.0)
        self.statuses = StatusReader(engine, self.receiver.kiosk_keys, settings.shared_group, settings.receiver_id,
                                     on_online=self._kiosk_online, on_config_report=self._config_report)
        self.link = MqttLink(settings.broker, settings.receiver_id,
                             subscriptions=topics.court_subscriptions(settings.shared_group or None, statuses=False)
                             + self.statuses.subscriptions(),
                             on_message=self._on_message, on_refused=self._refused,
                             on_connected=lambda: self.statuses.on_connected(self.link))
        from court.queries import QueryResponder

        self.queries = QueryResponder(engine, court_key, self.receiver.kiosk_keys,
                                      lambda topic, payload, props: self.link.publish(topic, payload,
                                                                                      properties=props))
        self.stop_event = threading.Event()

    def _on_message(self, message) -> None:
        try:
            self._handle(message)
        except Exception as exc:
            reason = disk_full_reason(exc)
            if reason is None:
                raise  # the link logs it with its traceback
            log.error("court store disk full (%s): message on %s not stored; the kiosk repeats it",
                      reason, message.topic)

    def _handle(self, message) -> None:
        if len(message.payload) > self.settings.max_message_bytes:
            if self._refused_logged.due(("oversized", message.topic)):
                log.warning("oversized message on %s rejected (%d bytes)", message.topic, len(message.payload))
            return
        topic = topics.parse(message.topic)
        if topic is None or topic.direction != "up":
            if self._refused_logged.due(("topic", message.topic)):
                log.warning("message on unexpected topic %r rejected", message.topic)
            return
        if topic.kind == "q":
            self.queries.handle(topic, message)
        elif topic.kind == "pkt":
            self.inbox.put((topic, message.payload, user_property(message, "sha256")))
        elif topic.kind == "doc" and topic.leaf == "ack":
            self._doc_answer(topic.kiosk_id, topic.item_id, message.payload)
        elif topic.kind in ("status", "cfg"):
            self.statuses.handle(topic, message)

    def _config_report(self, kiosk_id: str, payload: bytes) -> None:
        """What a kiosk did with its remote config (``court.remote_config``), from a trusted kiosk only."""
        public = self.receiver.kiosk_keys.get(kiosk_id)
        if public is None:
            if self._refused_logged.due((kiosk_id, "cfg")):
                log.warning("config report of %s ignored: the court has no trusted key for that kiosk", kiosk_id)
            return
        if payload:
            remote_config.record_report(self.engine, kiosk_id, payload, public)

    def _doc_answer(self, kiosk_id: str, doc_id: str, payload: bytes) -> None:
        """A kiosk's word on a document counts only signed with that kiosk's trusted key (else a
        forged "verified" would stop the court from sending someone's judgment again)."""
        public = self.receiver.kiosk_keys.get(kiosk_id)
        try:
            if public is None:
                raise AckError("the court has no trusted key for that kiosk")
            answer = open_doc_answer(payload, public, kiosk_id, doc_id)
        except AckError as exc:
            if self._refused_logged.due((kiosk_id, "doc-answer", str(exc))):
                log.warning("answer about document %s from %s dropped: %s", doc_id, kiosk_id, exc)
            return
        record_kiosk_answer(self.engine, kiosk_id, doc_id, answer)

    def _refused(self, topic_name: str, reason: str) -> None:
        """The broker refused one of our messages (MQTT v5 PUBACK failure, e.g. its ACL does not let
        this gateway write ``down/…``): the kiosks never hear acks or receipts. One line per kiosk and
        kind of message a minute; what is stored stays stored, and the kiosks ask again."""
        topic = topics.parse(topic_name)
        key = (topic.kiosk_id, topic.kind) if topic is not None else (topic_name, "")
        if not self._refused_logged.due(key):
            return
        log.error("broker refused the court's message on %s (%s): check the broker's ACL for this gateway "
                  "(client id and certificate CN %s must be allowed to write the kiosks' down/ topics); "
                  "the kiosks will ask again", topic_name, reason, self.settings.receiver_id)

    def _kiosk_online(self, kiosk_id: str) -> None:
        with self._lock:
            self.kiosks_online.add(kiosk_id)

    def _publish(self, topic: str, payload: bytes, props: dict | None) -> bool:
        return self.link.publish(topic, payload, properties=user_properties(**props) if props else None)

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or self.stop_event
        self.link.start()
        last_docs = last_expiry = 0.0
        try:
            while not stop.is_set():
                if time.monotonic() - last_expiry > 60.0:
                    last_expiry = time.monotonic()
                    self._expire()
                self.statuses.tick(self.link)
                batch = self._batch()
                if batch:
                    for topic, payload in self.process(batch):
                        self.link.publish(topic, payload)
                if time.monotonic() - last_docs > 1.0 and self.link.connected.is_set():
                    last_docs = time.monotonic()
                    try:
                        remote_config.publish_due(self.engine, lambda t, p: self.link.publish(t, p, retain=True))
                        self._documents()
                    except Exception as exc:  # the store may be full or away: try again in a second
                        reason = disk_full_reason(exc)
                        if reason is None:
                            log.exception("publishing documents failed; trying again")
                        else:
                            log.error("court store disk full (%s): documents not marked published; "
                                      "trying again", reason)
        finally:
            self.finalizer.shutdown(wait=True)
            self.queries.close()
            self.link.stop()
            self.statuses.close()
            log.info("gateway %s stopped: %s", self.settings.receiver_id, self.figures())

    def figures(self) -> str:
        """What this member did, in one line (read by ``bench/fleet.py``)."""
        return (f"batches={self.batches} messages={self.batched} store_commits={commit_count(self.engine)} "
                f"statuses_written={self.statuses.recorded} statuses_unchanged={self.statuses.unchanged} "
                f"assemblies_left_to_another_member={self.receiver.assembly_skipped}")

    def _expire(self) -> None:
        try:
            self.receiver.expire_orphans()
        except Exception:  # the store may be full or away: next minute
            log.exception("expiring chunks without a manifest failed; trying again in a minute")

    def process(self, batch: list) -> list[tuple[str, bytes]]:
        """The answers to one batch; none when it failed (nothing of it is confirmed, so the
        kiosks send it again): a full disk is one line in the log, anything else a traceback."""
        try:
            return self.receiver.process(batch)
        except StoreFull as exc:
            log.error("%s: %d messages not stored; the kiosks will send them again", exc, len(batch))
        except Exception:
            log.exception("batch of %d messages failed; the kiosks will ask again", len(batch))
        return []

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="court-gateway", daemon=True)
        thread.start()
        return thread

    def _batch(self) -> list:
        """The messages waiting, and those arriving within ``batch_wait_s`` of the first one (at
        most ``batch_max``): with a shared subscription each member gets every other message of a
        packet, so without the wait each stored, checked and acked its share message by message."""
        try:
            batch = [self.inbox.get(timeout=0.2)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + self.batch_wait_s
        while len(batch) < self.batch_max:
            try:
                batch.append(self.inbox.get_nowait())
                continue
            except queue.Empty:
                pass
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                batch.append(self.inbox.get(timeout=left))
            except queue.Empty:
                break
        self.batches += 1
        self.batched += len(batch)
        return batch

    def _documents(self) -> None:
        """Publish new documents, and re-publish unverified ones to kiosks that came online."""
        with self._lock:
            online, self.kiosks_online = self.kiosks_online, set()
        # Never-published documents go out at once; unverified ones only when their kiosk reports
        # online (its status repeats every 30 s), so nothing piles up at the broker for an absent kiosk.
        rows = {r.doc_id: r for r in due_documents(self.engine) if r.state == "pending"}
        for kid in online:
            rows.update({r.doc_id: r for r in due_documents(self.engine, kid, older_than_s=10.0)})
        for row in rows.values():
            if publish_document(self._publish, load_document(row)):
                mark_published(self.engine, row.doc_id)
