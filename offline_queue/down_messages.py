"""The sender's network-thread side: every message the broker delivers on ``down/#`` is routed here
(DESIGN.md "Topics"). Acks and the court's config only go into the sender's event queue, checked
later on its own thread; live answers go to the requester; documents are stored and answered
(signed) at once, and a full disk answers nothing, so the court sends the document again."""

from __future__ import annotations

import logging

from offline_queue import topics
from offline_queue.ack import sign_doc_answer
from offline_queue.fsutil import disk_full_reason
from offline_queue.link import user_property

log = logging.getLogger("offline_queue.sender")


class DownMessagesMixin:
    """Needs ``kid``, ``events``, ``queries``, ``docs``, ``link``, ``signing_key`` and ``_doc_full_logged``."""

    def _on_message(self, message) -> None:
        topic = topics.parse(message.topic)
        if topic is None or topic.kiosk_id != self.kid or topic.direction != "down":
            log.warning("message on unexpected topic %r ignored", message.topic)
            return
        if topic.kind == "q":
            self.queries.on_message(topic.item_id, message)
        elif topic.kind == "cfg":
            self.events.put(("cfg", message.payload))  # verified and applied on the sender's thread
        elif topic.kind == "pkt" and topic.leaf == "ack":
            self.events.put(("ack", topic.item_id, message.payload))  # checked on the sender's thread
        elif topic.kind == "doc" and topic.leaf in ("manifest", "chunk"):
            try:
                if topic.leaf == "manifest":
                    answer = self.docs.on_manifest(topic.item_id, message.payload)
                else:
                    answer = self.docs.on_chunk(topic.item_id, topic.file, topic.chunk, message.payload,
                                                user_property(message, "sha256"))
            except Exception as exc:
                reason = disk_full_reason(exc)
                if reason is None:
                    raise
                self._doc_disk_full(topic.item_id, reason)
                return
            self._doc_answer(topic.item_id, answer)

    def _doc_disk_full(self, doc_id: str, reason: str) -> None:
        """A document arriving on a full disk: not acknowledged, so the court keeps it and sends it
        again when this kiosk reports online; one log line per document and minute, not a traceback."""
        if self._doc_full_logged.due(doc_id):
            log.warning("kiosk disk full (%s): document %s not stored; the court sends it again once this "
                        "kiosk reports online", reason, doc_id)

    def _doc_answer(self, doc_id: str, answer: dict | None) -> None:
        if answer and answer.get("state") in ("verified", "rejected"):  # signed: the court acts only on ours
            self.link.publish(topics.up_doc_ack(self.kid, doc_id),
                              sign_doc_answer(self.signing_key, self.kid, doc_id, answer))
