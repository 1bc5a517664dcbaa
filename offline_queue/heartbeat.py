"""The sender's heartbeat and remote config (DESIGN.md "Topics": ``up/status`` retained with a last
will, ``down/cfg`` → ``up/cfg``), apart from the transfer logic in ``offline_queue.sender``: the
signed status with queue, breaches and device health, the will, and handing the court's config
document to the applier the kiosk injected (``kiosk.remote_config.ConfigApplier``)."""

from __future__ import annotations

import logging
import time

from offline_queue import topics
from offline_queue.ack import sign_status
from offline_queue.health import heartbeat_health

log = logging.getLogger("offline_queue.sender")


class HeartbeatMixin:
    """Needs ``settings``, ``kid``, ``outbox``, ``link``, ``signing_key``, ``config_applier`` and the
    sender's status bookkeeping (``_session``, ``_seq``, ``_alarm``, ``_status_dirty``)."""

    def _status_payload(self, online: bool = True) -> bytes:
        status = self.outbox.status()
        if status.high_water != self._alarm:
            self._alarm = status.high_water
            log.log(logging.WARNING if status.high_water else logging.INFO, "disk %s: %.0f MiB free",
                    "below the high-water mark" if status.high_water else "back above the high-water mark",
                    status.free_mb)
        self._seq += 1
        return sign_status(self.signing_key, self.kid, {
            "online": online, "queue_depth": status.depth, "parked": status.counts.get("parked", 0),
            "oldest_undelivered_at": int(status.oldest_undelivered_at or 0), "free_mb": int(status.free_mb),
            "disk_alarm": status.high_water, "at": int(time.time()), "session": self._session, "seq": self._seq,
            "breaching": status.breaching, "late_24h": status.late_24h,
            "health": heartbeat_health(self.settings.storage.data_dir), **self.extra_status()})

    def extra_status(self) -> dict:
        """The remote config version in force, when this kiosk takes remote config."""
        return {"config_version": self.config_applier.running_version} if self.config_applier else {}

    def _on_config(self, payload: bytes) -> None:
        """The court's config document: without an applier it is logged and left alone."""
        if self.config_applier is None:
            if self._ack_logged.due(("cfg",)):
                log.warning("remote config received but this sender applies none (started without it)")
            return
        try:
            outcome = self.config_applier.handle(payload)
        except Exception:  # never a dead sender over a config: the court sees no report and can push again
            log.exception("remote config could not be processed; nothing reported")
            return
        if outcome.report:
            self._publish_config_report()
            self._status_dirty = True
        if outcome.restart_sender:
            log.info("remote config changed settings this sender uses: restarting it")
            self.restart_requested = True

    def _publish_config_report(self) -> None:
        report = self.config_applier.last_report() if self.config_applier else None
        if report:
            self.link.publish(topics.up_cfg(self.kid), report, retain=True)

    def _will(self) -> bytes:
        """What the broker publishes if this sender dies: signed, dated at the session's start."""
        return sign_status(self.signing_key, self.kid, {"online": False, "at": int(time.time()),
                                                        "session": self._session, "seq": 0})

    def _publish_status(self, now: float) -> None:
        if self.link.publish(topics.up_status(self.kid), self._status_payload(), retain=True):
            self._last_status, self._status_dirty = now, False

