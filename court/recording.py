"""Recording a complete packet once: its files assembled into staging and checked against their
SHA-256, moved into place, the court's signed receipt and the audit chain's verdict committed with
it, then the receipt sent before the SMS. A part of ``court.receiver.Receiver`` kept apart so
each stays readable; it uses the receiver's settings, store, key, chunk store and locks."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from sqlalchemy import update

from court.applicant import applicant as applicant_of
from court.audit import verify_packet_chain
from court.store import InPacket, PacketAudit, insert_ignore, store_session
from offline_queue import manifest as mf
from offline_queue.canonical import sha256_hex
from offline_queue.fsutil import fsync_dir, write_durable
from offline_queue.receipt import make_receipt

log = logging.getLogger("court.receiver")


class PacketRecording:
    """``_finalize`` and ``_record`` of the receiver (see ``court.receiver.Receiver``)."""

    def _finalize(self, kid: str, pid: str, manifest: dict, on_recorded=None) -> dict | None:
        """Assemble and check every file; record the packet once. None if a file was corrupt
        (its chunks are dropped so the kiosk sends them again)."""
        staging = self.settings.packets_dir / ".staging" / f"{kid}.{pid}.{self.settings.receiver_id}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            with store_session(self.engine) as s:
                bad = self.chunks.assemble(s, kid, pid, manifest, staging)
                if bad:
                    log.warning("packet %s from %s: file(s) %s do not match their SHA-256; chunks discarded, "
                                "asking the kiosk again", pid, kid, bad)
                    with self.write_lock:
                        self.chunks.drop(s, kid, pid, bad)
                        s.commit()
                    shutil.rmtree(staging, ignore_errors=True)
                    return None
                row = s.get(InPacket, (kid, pid))
                write_durable(staging / mf.MANIFEST, row.manifest)
                write_durable(staging / mf.SIGNATURE, row.signature)
            return self._record(kid, pid, manifest, staging, on_recorded)
        except BaseException:  # e.g. disk full: no record; the chunks stay for the next attempt
            if staging.exists():
                self.chunks.unstage(kid, pid, manifest, staging)
                shutil.rmtree(staging, ignore_errors=True)
            raise

    def _record(self, kid: str, pid: str, manifest: dict, staging: Path, on_recorded=None) -> dict:
        final = self.settings.packets_dir / kid / pid
        final.parent.mkdir(parents=True, exist_ok=True)
        for sub in sorted({p.parent for p in staging.rglob("*")} | {staging}, key=lambda p: -len(p.parts)):
            fsync_dir(sub)
        try:
            os.rename(staging, final)
            moved = True
        except OSError:
            if not final.exists():
                raise  # e.g. disk full: not recorded
            shutil.rmtree(staging, ignore_errors=True)  # another member recorded it first: keep theirs
            moved = False
        now = time.time()
        with store_session(self.engine) as s:
            try:
                fsync_dir(final.parent)
                receipt = make_receipt(self.court_key, packet_id=pid, kiosk_id=kid,
                                       packet_digest=sha256_hex((final / mf.MANIFEST).read_bytes()),
                                       received_at=mf.utc_now(), status="received",
                                       receiver_id=self.settings.receiver_id)
                applicant = applicant_of(final, pid, self.court_key)
                chain = verify_packet_chain(final)
                with self.write_lock:
                    result = s.exec(update(InPacket).where(InPacket.kiosk_id == kid, InPacket.packet_id == pid,
                                                           InPacket.state == "receiving")
                                    .values(state="received", receipt=json.dumps(receipt), received_at=now,
                                            clock_s=now - mf.parse_time(manifest["sealed_at"]),
                                            files_dir=str(final), **applicant))
                    insert_ignore(s, PacketAudit, kiosk_id=kid, packet_id=pid, ok=chain.ok, events=chain.events,
                                  verdict=json.dumps(chain.summary(), ensure_ascii=False), checked_at=now)
                    self.chunks.drop(s, kid, pid)
                    s.commit()
            except BaseException:
                s.rollback()  # see court.store.store_session
                if moved:  # not recorded: the files go back to staging (and from there to their chunks)
                    os.rename(final, staging)
                raise
            self._manifests.pop((kid, pid), None)
            if result.rowcount != 1:
                self.chunks.cleanup(kid, pid)
                stored = s.get(InPacket, (kid, pid))
                return {"state": stored.state, "receipt": json.loads(stored.receipt)}
        clock = now - mf.parse_time(manifest["sealed_at"])
        if not chain.ok:
            log.warning("packet %s from %s: %s; recorded (the manifest signature verifies) and flagged for "
                        "the reviewer", pid, kid, chain.text())
        log.info("packet %s from %s received and verified (%d files, %.1f s after sealing%s)", pid, kid,
                 len(manifest["files"]), clock, "; OVER the 15-minute limit" if clock > self.settings.clock_limit_s else "")
        answer = {"state": "received", "receipt": receipt}
        if on_recorded is not None:
            on_recorded(answer)
        self.chunks.cleanup(kid, pid)  # after the receipt is on its way: removing directories is slow on some disks
        if self.notifier:
            from court.sms import received_text

            text = received_text(self.settings.court_name, applicant.get("applicant_name"), manifest["service"], now)
            with self.write_lock:
                self.notifier.send("received", applicant.get("phone"), text, pid)
        return answer
