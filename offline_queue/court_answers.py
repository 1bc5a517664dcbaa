"""The court's answers to our packets (``down/pkt/{pid}/ack``), checked on the sender's thread:
only a court-signed ack for this packet, every field in range, moves a transfer on, and only a
verified receipt ends a packet (DESIGN.md "Packet": a broker PUBACK proves nothing about the
court). Kept apart from the sending so the trust rules read in one place."""

from __future__ import annotations

import logging
import time

from offline_queue.ack import AckError, bare_receipt, open_ack
from offline_queue.models import OPEN_STATES
from offline_queue.receipt import ReceiptError, verify_receipt
from offline_queue.transfer import Transfer

log = logging.getLogger("offline_queue.sender")


class CourtAnswersMixin:
    """Needs ``settings``, ``kid``, ``outbox``, ``court_key``, ``transfers``, ``hold_s``,
    ``dropped_acks``, ``_ack_logged`` and ``_status_dirty``."""

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
