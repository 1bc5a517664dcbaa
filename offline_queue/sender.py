"""The uplink service: sends sealed packets in chunks, at most ``window`` chunks the court has not
confirmed, resumes from the stored bitmap after any restart, and counts a packet delivered only
when the court's signed receipt verifies. It also receives the court's documents.

Operators act on the outbox from another process (``kiosk queue park|retry``), so the sender looks at
the states of its active packets in one query every ``state_poll_interval`` seconds and drops any
transfer that is no longer ``sending``/``awaiting_receipt`` (parked, retried, delivered): its chunks
stop, its bitmap is saved, and a retried packet is claimed again and resumes from that bitmap. A
verified receipt is always stored, even for a packet parked meanwhile: the court has it, so it is
delivered (exactly once), never sent again."""

from __future__ import annotations

import logging
import queue
import threading
import time
import weakref

from offline_queue import topics
from offline_queue.ack import AckError, bare_receipt, new_nonce, open_ack, sign_doc_answer
from offline_queue.canonical import b64e, canonical
from offline_queue.crypto import PublicKey
from offline_queue.downlink import DocumentInbox
from offline_queue.fsutil import disk_full_reason
from offline_queue.health import health_mtime
from offline_queue.heartbeat import HeartbeatMixin
from offline_queue.link import MqttLink, user_properties, user_property
from offline_queue.models import OPEN_STATES
from offline_queue.outbox import Outbox
from offline_queue.receipt import ReceiptError, verify_receipt
from offline_queue.spool import sole_sender
from offline_queue.throttle import Throttle
from offline_queue.transfer import SpoolDamaged, Transfer

log = logging.getLogger("offline_queue.sender")
MESSAGE_OVERHEAD = 512  # a chunk's MQTT packet beyond its bytes: fixed header, topic, ids, sha256 property
_RUNNING: "weakref.WeakSet[Sender]" = weakref.WeakSet()


def wake_all() -> None:
    """Wake every sender running in this process (called right after a packet is sealed)."""
    for sender in list(_RUNNING):
        sender.wake()


class Sender(HeartbeatMixin):
    """Drains the outbox over one MQTT session. ``run()`` blocks; ``start_in_thread()`` does not."""

    def __init__(self, settings, outbox: Outbox, court_key: PublicKey, *, max_active: int = 4,
                 ack_timeout: float = 3.0, status_interval: float = 30.0, flush_interval: float = 0.5,
                 state_poll_interval: float = 0.5, hold_s: float = 30.0, config_applier=None):
        self.settings = settings
        self.kid = settings.kiosk.kiosk_id
        self.outbox = outbox
        self.court_key = court_key
        from offline_queue.service import kiosk_signing_key  # (service imports this module lazily)

        self.signing_key = kiosk_signing_key(settings)
        self._session = new_nonce()  # names this run in its statuses, so the court can order them
        self.window = settings.broker.window
        self.max_active = max_active
        self.ack_timeout = ack_timeout
        self.status_interval = status_interval
        self.flush_interval = flush_interval
        self.state_poll_interval = state_poll_interval
        self.hold_s = hold_s
        self.dropped_acks = 0
        self._ack_logged = Throttle(60.0)
        self.events: queue.Queue = queue.Queue()
        self.transfers: dict[str, Transfer] = {}
        from offline_queue.doc_store import kiosk_key

        self.docs = DocumentInbox(outbox, settings.storage.data_dir / "docs", court_key, self.kid,
                                  max_chunk=8 * 1024 * 1024,  # the largest chunk size the schema allows
                                  at_rest_key=kiosk_key(settings))  # kept encrypted (offline_queue.doc_store)
        self.link = MqttLink(settings.broker, self.kid, subscriptions=[topics.kiosk_subscription(self.kid)],
                             on_message=self._on_message, on_connected=lambda: self.events.put(("connected",)),
                             will=(topics.up_status(self.kid), self._will()),
                             on_refused=lambda topic, reason: self.events.put(("refused", topic, reason)))
        from offline_queue.query import Requester
        from offline_queue.service import kiosk_signing_key

        # Live questions (my cases, messages) share this one session: the broker allows one per kiosk.
        self.queries = Requester(self.link, self.kid, lambda: kiosk_signing_key(settings), court_key)
        self._refused: set[str] = set()  # packets (or topics) whose refusal was logged on this connection
        self._doc_full_logged = Throttle(60.0)
        self.stop_event = threading.Event()
        self._last_flush = self._last_status = self._last_purge = self._last_poll = 0.0
        self._status_dirty = True
        self._alarm = False
        self.config_applier = config_applier  # kiosk.remote_config.ConfigApplier, injected by the kiosk
        self.restart_requested = False  # a remote config changed what this sender reads: run() returns
        self._seq = 0  # orders this session's statuses within one second (the court keeps the latest)
        self._health_mtime = 0.0
        self._last_health_look = 0.0

    # --- network thread ------------------------------------------------------------------------
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

    # --- sender thread -------------------------------------------------------------------------
    def run(self, stop: threading.Event | None = None, *, until_empty: bool = False) -> None:
        stop = stop or self.stop_event
        with sole_sender(self.settings.storage.data_dir, stop) as owned:
            if owned:
                bridge = self._serve_questions()
                try:
                    self._run(stop, until_empty)
                finally:
                    if bridge is not None:
                        bridge.close()

    def _serve_questions(self):
        """Live questions from a UI process without its own MQTT session (``kiosk run --no-sender``)."""
        from offline_queue.query_bridge import QueryBridge, socket_path

        try:
            return QueryBridge(socket_path(self.settings.storage.data_dir), self.queries.ask).start()
        except OSError as exc:  # the uplink matters more than the bridge: go on without it
            log.error("live questions cannot be served to another process: %s", exc)
            return None

    def _run(self, stop: threading.Event, until_empty: bool) -> None:
        _RUNNING.add(self)
        self.outbox.recover()
        self.link.start()
        try:
            while not stop.is_set() and not self.restart_requested:
                self._handle_events(timeout=0.02 if self.transfers else 0.1)
                if not self.link.connected.is_set():
                    if self.config_applier and self.config_applier.probation_expired():
                        self.restart_requested = True  # back to the settings that reached the broker
                    continue
                try:
                    self._tick()
                except Exception:  # never a crash loop: say it, wait a moment, go on with the queue
                    log.exception("sender step failed; going on in a second")
                    stop.wait(1.0)
                if until_empty and not self.transfers and not self._sendable():
                    break
        finally:
            _RUNNING.discard(self)
            self._flush(force=True)
            for transfer in self.transfers.values():
                transfer.close()
            self.link.stop(publish_last=(topics.up_status(self.kid), self._status_payload(online=False)))

    def _sendable(self) -> int:
        """Packets this sender still has to deliver (parked ones wait for an operator)."""
        counts = self.outbox.status().counts
        return sum(counts.get(state, 0) for state in ("sealed", "sending", "awaiting_receipt"))

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="kiosk-sender", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stop_event.set()

    def wake(self) -> None:
        """A packet was just sealed in this process: look at the outbox now, not at the next poll."""
        self.events.put(("wake",))

    def _handle_events(self, timeout: float) -> None:
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            return
        while True:
            if event[0] == "wake":
                pass
            elif event[0] == "refused":
                self._on_refused(event[1], event[2])
            elif event[0] == "cfg":
                self._on_config(event[1])
            elif event[0] == "connected":
                self._check_broker_limit()
                if self.config_applier:
                    self.config_applier.confirm()
                self._publish_config_report()
                self._status_dirty = True
                self._refused.clear()
                for transfer in self.transfers.values():
                    transfer.resync()
            else:
                self._on_ack(event[1], event[2])
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return

    def _on_refused(self, topic_name: str, reason: str) -> None:
        """The broker acknowledged a message with a failure (e.g. "Not authorized": its ACL does not
        let this client id or certificate publish there). Logged once per packet and connection, and
        noted on the packet; nothing is parked, so the queue moves again as soon as the broker's
        set-up is fixed (the stalled transfer asks ``fin`` and resends what the court lacks)."""
        topic = topics.parse(topic_name)
        pid = topic.item_id if topic is not None and topic.kind == "pkt" else None
        if (pid or topic_name) in self._refused:
            return
        self._refused.add(pid or topic_name)
        log.warning("broker refused a message on %s (%s): check the broker's ACL and this kiosk's certificate "
                    "(CN and client id must be %s); %s", topic_name, reason, self.kid,
                    "the packet stays queued and goes again once the broker accepts it" if pid else "sent again later")
        if pid:
            self.outbox.note_error(pid, f"the broker refused it ({reason}): check the broker's ACL and this "
                                        f"kiosk's certificate")

    def _tick(self) -> None:
        now = time.monotonic()
        self._follow_operator(now)
        self._fill(now)
        for transfer in list(self.transfers.values()):
            self._control(transfer, now)
        self._send_chunks(now)
        self._flush()
        if now - self._last_health_look > 2:  # a new self-test result goes out with the next heartbeat
            self._last_health_look = now
            mtime = health_mtime(self.settings.storage.data_dir)
            if mtime != self._health_mtime:
                self._health_mtime, self._status_dirty = mtime, True
        if self._status_dirty and now - self._last_status > 1 or now - self._last_status > self.status_interval:
            self._publish_status(now)
        if now - self._last_purge > 60:
            self._last_purge = now
            self.outbox.purge_delivered(self.settings.retention.keep_scans_after_receipt_h)
            self._purge_documents()
            self.outbox.recover_spool(wait_s=0.2)  # folders of writers that died since we started

    def _purge_documents(self) -> None:
        """Court documents closed here, after the same retention as the scans; those nothing closed,
        after ``keep_unclosed_documents_days`` (``doc_store``)."""
        from offline_queue.doc_store import purge_served

        try:
            retention = self.settings.retention
            purge_served(self.outbox, retention.keep_scans_after_receipt_h,
                         unclosed_days=retention.keep_unclosed_documents_days)
        except OSError as exc:
            log.warning("served documents not purged yet: %s", exc)

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

    def _on_ack(self, packet_id: str, payload: bytes) -> None:
        """Only a court-signed ack for this packet, every field in range, changes anything; a bare
        receipt counts only through its own signature. No ack ends or parks a packet: only a
        verified receipt ends one, and an "untrusted" answer holds it (reason noted) and asks again."""
        try:
            answer = open_ack(payload, self.court_key, self.kid, packet_id)
        except AckError as exc:
            receipt = bare_receipt(payload)
            if receipt is not None:  # bound to the receipt chain: its own signature decides
                self._on_receipt(packet_id, receipt, self.transfers.get(packet_id))
                return
            self._drop_ack(packet_id, str(exc))
            return
        t = self.transfers.get(packet_id)
        if "receipt" in answer:
            self._on_receipt(packet_id, answer["receipt"], t)
            return
        if t is None:
            return  # late answer for a packet no longer in flight
        if answer["state"] == "unknown" and (t.fin_nonce is None or answer.get("fin") != t.fin_nonce):
            # the court's true answer to a fin this kiosk did not send (anyone can publish one on
            # a plain broker, and the answer can wait in the session): it says nothing about ours
            self._drop_ack(packet_id, "an answer to a fin this kiosk did not send")
            return
        if answer["state"] in ("untrusted", "unknown") and (answer.get("reason") or answer.get("dropped")):
            self._hold(t, str(answer.get("reason") or f"the court dropped its manifest: {answer['dropped']}"))
            return
        if answer["state"] == "unknown":  # the court has no manifest: send it and what it lacks
            t.need_manifest = True
            t.forget_inflight(before=t.fin_at)
            return
        try:
            t.apply(answer)
        except AckError as exc:
            self._drop_ack(packet_id, f"out of range: {exc}")
            return
        if t.all_confirmed() and not t.awaiting:
            t.awaiting = True
            self.outbox.set_state(packet_id, "awaiting_receipt", only_from=("sending",))

    def _drop_ack(self, packet_id: str, reason: str) -> None:
        self.dropped_acks += 1
        if self._ack_logged.due((packet_id, reason)):
            log.warning("ack for packet %s dropped (%s); %d dropped so far", packet_id, reason, self.dropped_acks)

    def _hold(self, t: Transfer, reason: str) -> None:
        """A set-up problem at the court (it has no key for this kiosk, or the key it has does not
        verify our signature): the packet stays queued, the reason is noted, and its manifest goes
        again after ``hold_s``; once the court's set-up is fixed it is delivered, no retry needed."""
        if self._ack_logged.due((t.packet_id, reason)):
            log.error("court cannot accept packet %s yet (%s); it stays queued and is offered again every "
                      "%.0f s", t.packet_id, reason, self.hold_s)
        self.outbox.note_error(t.packet_id, reason)
        t.hold_until = time.monotonic() + self.hold_s
        t.inflight.clear()

    def _on_receipt(self, packet_id: str, envelope, t: Transfer | None) -> None:
        row = self.outbox.get(packet_id)
        # A parked packet is still open: the court has it, so its verified receipt delivers it.
        if row is None or row.packet_id != packet_id or row.state not in OPEN_STATES:
            return
        try:
            body = verify_receipt(envelope, self.court_key, packet_id=packet_id, kiosk_id=self.kid,
                                  packet_digest=row.digest)
        except ReceiptError as exc:
            log.warning("receipt for packet %s rejected: %s", packet_id, exc)
            return
        if t is not None:
            t.dirty.clear()  # its bitmap no longer matters: no extra commit before the receipt's
        if self.outbox.mark_delivered(packet_id, envelope, body):
            log.info("packet %s %s by %s (receipt stored)", packet_id, body["status"], body["receiver_id"])
            if self.settings.retention.keep_scans_after_receipt_h == 0:  # the default: at once, not next minute
                self.outbox.purge_delivered(0)
        if t is not None:
            t.close()
            self.transfers.pop(packet_id, None)
        self._status_dirty = True

    def _flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_flush < self.flush_interval:
            return
        self._last_flush = now
        dirty = {pid: t.take_dirty() for pid, t in self.transfers.items() if t.dirty}
        self.outbox.save_bitmaps({pid: bits for pid, bits in dirty.items() if bits})
