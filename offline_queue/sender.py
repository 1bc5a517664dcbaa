"""The uplink service: sends sealed packets in chunks, at most ``window`` chunks the court has not
confirmed, resumes from the stored bitmap after any restart, and counts a packet delivered only
when the court's signed receipt verifies. It also receives the court's documents.

Operators act on the outbox from another process (``kiosk queue park|retry``), so the sender looks at
the states of its active packets in one query every ``state_poll_interval`` seconds and drops any
transfer that is no longer ``sending``/``awaiting_receipt`` (parked, retried, delivered): its chunks
stop, its bitmap is saved, and a retried packet is claimed again and resumes from that bitmap. A
verified receipt is always stored, even for a packet parked meanwhile: the court has it, so it is
delivered (exactly once), never sent again.

This module holds the loop and its housekeeping; the parts live beside it: ``down_messages``
(the network thread's routing of ``down/#``), ``send_window`` (transfers, manifests, fin, chunks
within the window, parking), ``court_answers`` (acks and receipts, verified) and ``heartbeat``
(status, will, remote config)."""

from __future__ import annotations

import logging
import queue
import threading
import time
import weakref

from offline_queue import topics
from offline_queue.ack import new_nonce
from offline_queue.court_answers import CourtAnswersMixin
from offline_queue.crypto import PublicKey
from offline_queue.down_messages import DownMessagesMixin
from offline_queue.downlink import DocumentInbox
from offline_queue.health import health_mtime
from offline_queue.heartbeat import HeartbeatMixin
from offline_queue.link import MqttLink
from offline_queue.outbox import Outbox
from offline_queue.send_window import SendWindowMixin
from offline_queue.spool import sole_sender
from offline_queue.throttle import Throttle
from offline_queue.transfer import Transfer

log = logging.getLogger("offline_queue.sender")
_RUNNING: "weakref.WeakSet[Sender]" = weakref.WeakSet()


def wake_all() -> None:
    """Wake every sender running in this process (called right after a packet is sealed)."""
    for sender in list(_RUNNING):
        sender.wake()


class Sender(DownMessagesMixin, SendWindowMixin, CourtAnswersMixin, HeartbeatMixin):
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
