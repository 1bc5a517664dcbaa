"""Which packets are on the wire and how much of them (DESIGN.md "The outbox"): up to
``max_active`` transfers claimed from the outbox, their manifests and ``fin`` before bulk chunks,
at most ``window`` chunks the court has not confirmed, the confirmed bitmap saved as it grows.
A packet this kiosk cannot send is parked with the reason; one an operator parked or retried from
another process is dropped here and resumes from its bitmap once claimed again."""

from __future__ import annotations

import logging
import time

from offline_queue import topics
from offline_queue.ack import new_nonce
from offline_queue.canonical import b64e, canonical
from offline_queue.link import user_properties
from offline_queue.transfer import SpoolDamaged, Transfer

log = logging.getLogger("offline_queue.sender")
MESSAGE_OVERHEAD = 512  # a chunk's MQTT packet beyond its bytes: fixed header, topic, ids, sha256 property


class SendWindowMixin:
    """Needs ``settings``, ``kid``, ``outbox``, ``link``, ``transfers``, ``window``, ``max_active``,
    ``ack_timeout``, ``flush_interval``, ``state_poll_interval`` and ``_last_poll``, ``_last_flush``,
    ``_status_dirty``."""

    def _follow_operator(self, now: float) -> None:
        """Drop transfers whose packet an operator parked or retried (or that ended) meanwhile."""
        if not self.transfers or now - self._last_poll < self.state_poll_interval:
            return
        self._last_poll = now
        states = self.outbox.states(list(self.transfers))
        for packet_id in list(self.transfers):
            state = states.get(packet_id)
            if state not in ("sending", "awaiting_receipt"):
                log.info("packet %s is %s in the outbox: its transfer stops here", packet_id, state)
                self._drop(packet_id)

    def _drop(self, packet_id: str) -> None:
        """Stop sending a packet; what the court confirmed stays in the stored bitmap."""
        t = self.transfers.pop(packet_id)
        if t.dirty:
            self.outbox.save_bitmaps({packet_id: t.take_dirty()})
        t.close()
        self._status_dirty = True

    def _fill(self, now: float) -> None:
        free = self.max_active - len(self.transfers)
        if free <= 0:
            return
        for row in self.outbox.claim(free, exclude=set(self.transfers)):
            try:
                t = Transfer.load(row, self.outbox.files(row.packet_id))
            except (OSError, ValueError) as exc:  # SpoolDamaged among them
                self._park(row.packet_id, f"spool damaged: {exc}")
                continue
            limit = self.link.max_packet_size
            if limit and t.largest_chunk() + MESSAGE_OVERHEAD > limit:
                t.close()
                self._park(row.packet_id, f"its chunks ({t.largest_chunk()} bytes) exceed the broker's maximum "
                                          f"packet size ({limit} bytes): raise max_packet_size on the broker, "
                                          f"then `kiosk queue retry`")
                continue
            self.transfers[row.packet_id] = t

    def _park(self, packet_id: str, reason: str) -> None:
        """A packet this sender cannot send (its spool is damaged, its chunks too big for the
        broker): parked with the reason for the operator, and the queue behind it goes on."""
        log.error("packet %s parked: %s; the other packets go on", packet_id, reason)
        self.outbox.set_state(packet_id, "parked", only_from=("sending", "awaiting_receipt"), parked_reason=reason)
        if packet_id in self.transfers:
            self._drop(packet_id)
        self._status_dirty = True

    def _check_broker_limit(self) -> None:
        """Once per connection: say plainly when our chunk size exceeds what the broker accepts."""
        limit = self.link.max_packet_size
        size = self.settings.broker.chunk_size
        if limit and size + MESSAGE_OVERHEAD > limit:
            log.error("the broker accepts MQTT packets of at most %d bytes but broker.chunk_size is %d: chunks "
                      "of new packets would not fit; set broker.chunk_size to at most %d (or raise the broker's "
                      "max_packet_size)", limit, size, limit - MESSAGE_OVERHEAD)

    def _control(self, t: Transfer, now: float) -> None:
        """Small control messages go out before bulk chunks: the manifest, then fin when needed."""
        if t.hold_until:
            if now < t.hold_until:
                return
            t.hold_until, t.need_manifest = 0.0, True
        if not t.manifest_sent or t.need_manifest:
            payload = canonical({"manifest": b64e(t.manifest_bytes), "sig": b64e(t.signature)})
            if self.link.publish(topics.up_manifest(self.kid, t.packet_id), payload):
                t.manifest_sent, t.need_manifest = True, False
        due, stalled = t.fin_due(now, self.ack_timeout)
        if due:
            nonce = new_nonce()
            if self.link.publish(topics.up_fin(self.kid, t.packet_id), canonical({"nonce": nonce})):
                t.fin_sent(now, nonce, stalled, self.ack_timeout)

    def _send_chunks(self, now: float) -> None:
        budget = self.window - sum(len(t.inflight) for t in self.transfers.values())
        for t in list(self.transfers.values()):
            while budget > 0 and not t.hold_until:
                nxt = t.next_chunk()
                if nxt is None:
                    break
                file_idx, chunk_idx = nxt
                try:
                    data = t.read_chunk(file_idx, chunk_idx)
                except SpoolDamaged as exc:
                    self._park(t.packet_id, f"spool damaged: {exc}")
                    break
                props = user_properties(sha256=t.chunk_hash(data))
                if not self.link.publish(topics.up_chunk(self.kid, t.packet_id, file_idx, chunk_idx), data,
                                         properties=props):
                    return
                t.inflight[(file_idx, chunk_idx)] = now
                budget -= 1

    def _flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_flush < self.flush_interval:
            return
        self._last_flush = now
        dirty = {pid: t.take_dirty() for pid, t in self.transfers.items() if t.dirty}
        self.outbox.save_bitmaps({pid: bits for pid, bits in dirty.items() if bits})
