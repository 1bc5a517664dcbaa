"""Receiving packets into the store: chunks and manifests are stored idempotently, a complete packet
is assembled, verified (kiosk signature, every hash), recorded once, and answered with a signed
receipt. Every answer is an ack for ``down/pkt/<id>/ack``. No MQTT here: the gateway feeds batches."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.exc import NoResultFound
from sqlmodel import Session, select

from court.chunks import StoreFull, chunk_store
from court.claims import assembly_claim
from court.kiosk_keys import KioskKeys
from court.orphans import Orphans
from court.recording import PacketRecording
from court.store import InChunk, InPacket, insert_ignore, packets_in, store_session, stored_chunks
from offline_queue import manifest as mf
from offline_queue import topics
from offline_queue.bitmap import Bitmap
from offline_queue.canonical import b64d, sha256_hex
from offline_queue.ack import fin_nonce, sign_ack
from offline_queue.crypto import verify
from offline_queue.fsutil import disk_full_reason
from offline_queue.receipt import make_receipt
from offline_queue.throttle import Throttle
from offline_queue.verify import PACKET_REQUIRED, manifest_problems

log = logging.getLogger("court.receiver")


@dataclass
class Touched:
    """What one batch did to one packet, to build its answer."""

    got: list[tuple[int, int]] = field(default_factory=list)
    fin: bool = False
    nonce: str | None = None  # of the batch's last fin: echoed in the full answer, binding it to that fin
    rejected: dict | None = None


class Receiver(PacketRecording):
    """With ``finalizer`` (an executor) and ``deliver`` (publish), complete packets are assembled
    and recorded on the finalizer's thread while the next batches are stored."""

    def __init__(self, settings, engine, court_key, notifier=None, *, finalizer=None, deliver=None):
        self.settings = settings
        self.finalizer = finalizer
        self.deliver = deliver
        self._finalizing: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        # Write transactions of this process take turns here rather than in SQLite's busy handler,
        # which sleeps in steps of up to 100 ms (members in other processes still rely on it).
        self.write_lock = threading.Lock()
        self._manifests: dict[tuple[str, str], dict] = {}
        self.engine = engine
        self.court_key = court_key
        self.kiosk_keys = KioskKeys(settings.kiosk_keys_path)
        self.notifier = notifier
        self.chunks = chunk_store(settings)
        self.orphans = Orphans()
        self.dropped: Counter[str] = Counter()  # manifests that proved nothing, per kiosk
        self._drop_reasons: dict[tuple[str, str], str] = {}
        self._drop_logged = Throttle(60.0)
        self.assembly_skipped = 0  # complete packets left to the member that claimed them first

    def process(self, messages: list[tuple[topics.Topic, bytes, str | None]]) -> list[tuple[str, bytes]]:
        """Store one batch in one transaction; return the (topic, payload) answers to publish.
        Raises StoreFull when the disk is full: the batch is rolled back and nothing confirmed."""
        try:
            touched = self._store_batch(messages)
            answers = []
            progress = self._progress(set(touched))
            for (kid, pid), entry in touched.items():
                entry.got = list(dict.fromkeys(entry.got))  # a chunk repeated in one batch is confirmed once
                answer = entry.rejected or self._answer(kid, pid, entry, progress.get((kid, pid)))
                if answer is not None:
                    answers.append((topics.down_ack(kid, pid), self.ack_payload(kid, pid, answer)))
            return answers
        except Exception as exc:
            reason = disk_full_reason(exc)
            if reason is None or isinstance(exc, StoreFull):
                raise
            raise StoreFull(reason) from exc

    def _store_batch(self, messages) -> dict[tuple[str, str], Touched]:
        """All of the batch in one transaction, or none of it (rolled back, its bytes not counted)."""
        committed: list[bool] = []
        try:
            return self._store(messages, committed)
        except BaseException:
            if not committed:  # once committed its chunks are stored, whatever fails next
                self.chunks.abort()
            raise

    def _store(self, messages, committed: list[bool]) -> dict[tuple[str, str], Touched]:
        touched: dict[tuple[str, str], Touched] = {}
        new_packets: list[dict] = []
        self.chunks.begin_batch()
        self.orphans.begin_batch()
        with store_session(self.engine) as s:
            states = self._states(s, {(t.kiosk_id, t.item_id) for t, _p, _h in messages})
            for topic, payload, sha in messages:
                key = (topic.kiosk_id, topic.item_id)
                entry = touched.setdefault(key, Touched())
                if topic.leaf == "manifest":
                    entry.rejected = self._store_manifest(topic, payload, states, new_packets)
                elif topic.leaf == "chunk":
                    if self._store_chunk(s, topic, payload, sha, states):
                        entry.got.append((topic.file, topic.chunk))
                elif topic.leaf == "fin":
                    entry.fin, entry.nonce = True, fin_nonce(payload)
            self.chunks.before_commit()
            with self.write_lock:  # the writes come last: the store's lock is held briefly
                # a packet recorded since the batch began (its chunks dropped) takes no late duplicates
                recorded = {key for key, state in self._states(s, set(touched)).items() if state != "receiving"}
                if recorded:
                    self.chunks.discard(recorded)
                for values in new_packets:
                    insert_ignore(s, InPacket, **values)
                self.orphans.flush(s, {(v["kiosk_id"], v["packet_id"]) for v in new_packets})
                self.chunks.flush(s)
                s.commit()
                committed.append(True)
        return touched

    @staticmethod
    def _states(s: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The state of each known packet among ``keys``, in one query."""
        if not keys:
            return {}
        rows = s.connection().execute(select(InPacket.kiosk_id, InPacket.packet_id, InPacket.state)
                                      .where(packets_in(keys)))
        return {(kid, pid): state for kid, pid, state in rows}

    def _progress(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str | None, int]]:
        """State, receipt and the number of stored chunks of each known packet, in one query (every
        batch answers from it: a per-packet ORM load here cost more than storing the chunks)."""
        if not keys:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(InPacket.kiosk_id, InPacket.packet_id, InPacket.state, InPacket.receipt,
                                       stored_chunks()).where(packets_in(keys))).all()
        return {(kid, pid): (state, receipt, count) for kid, pid, state, receipt, count in rows}

    def _store_manifest(self, topic, payload: bytes, states, new_packets: list[dict]) -> dict | None:
        """A manifest whose signature verifies against the kiosk's trusted key is stored (or, if its
        signed content is itself wrong, answered with a signed rejection). Anything that does not
        verify proves nothing about the packet: it is logged, counted and dropped, and the court
        waits for the genuine one (a forger must not be able to reject someone's filing)."""
        key = (topic.kiosk_id, topic.item_id)
        if key in states:
            return None  # a repeat: already stored
        try:
            envelope = json.loads(payload)
            data, sig = b64d(envelope["manifest"]), b64d(envelope["sig"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            self._dropped_manifest(topic, f"malformed manifest message ({exc.__class__.__name__})")
            return None
        public = self.kiosk_keys.get(topic.kiosk_id)
        if public is None:  # a set-up problem, not the packet's: the kiosk holds it and asks again
            if self._drop_logged.due((topic.kiosk_id, "untrusted")):
                log.error("packet %s from %s: kiosk not trusted (no key in %s); run `court-gateway keys trust`",
                          topic.item_id, topic.kiosk_id, self.kiosk_keys.directory)
            return {"state": "untrusted", "reason": f"court has no trusted key for kiosk {topic.kiosk_id}"}
        if not verify(public, sig, data):
            self._dropped_manifest(topic, "manifest signature does not verify against the kiosk's trusted key")
            return None
        manifest, problems = manifest_problems(data, sig, public, mf.PACKET_SCHEMA, PACKET_REQUIRED)
        if manifest and (manifest.get("packet_id") != topic.item_id or manifest.get("kiosk_id") != topic.kiosk_id):
            self._dropped_manifest(topic, "signed manifest of another packet or kiosk (a replay)")
            return None
        if problems:  # signed by the kiosk, and wrong in itself: a definitive, authenticated rejection
            log.warning("packet %s from %s rejected: %s", topic.item_id, topic.kiosk_id, "; ".join(problems))
            return {"state": "rejected", "receipt": make_receipt(
                self.court_key, packet_id=topic.item_id, kiosk_id=topic.kiosk_id, packet_digest=sha256_hex(data),
                received_at=mf.utc_now(), status="rejected", receiver_id=self.settings.receiver_id,
                reason="; ".join(problems))}
        new_packets.append(dict(
            kiosk_id=topic.kiosk_id, packet_id=topic.item_id, manifest=data, signature=sig, digest=sha256_hex(data),
            kiosk_seq=manifest["kiosk_seq"], kind=manifest["kind"], service=manifest["service"],
            case_type=manifest["case_type"], jurisdiction_court=manifest["jurisdiction_court"],
            sealed_at=mf.parse_time(manifest["sealed_at"]), first_seen_at=time.time(), state="receiving",
            review="pending"))
        self.chunks.note_manifest(topic.kiosk_id, topic.item_id, manifest)
        self._manifests.setdefault(key, manifest)
        self._drop_reasons.pop(key, None)
        states[key] = "receiving"
        return None

    def _dropped_manifest(self, topic, reason: str) -> None:
        """Log (once a minute per kiosk and reason) and count a manifest that proves nothing; the
        reason is kept so that the kiosk's next fin hears why its packet is still unknown."""
        if len(self.dropped) >= 4096 and topic.kiosk_id not in self.dropped:
            self.dropped.clear()  # kiosk ids chosen by a forger must not grow this forever
        self.dropped[topic.kiosk_id] += 1
        if len(self._drop_reasons) >= 4096:
            self._drop_reasons.clear()
        self._drop_reasons[(topic.kiosk_id, topic.item_id)] = reason
        if self._drop_logged.due((topic.kiosk_id, reason)):
            log.warning("packet %s from %s: manifest dropped, %s (%d dropped from this kiosk); waiting for one "
                        "that verifies", topic.item_id, topic.kiosk_id, reason, self.dropped[topic.kiosk_id])

    def ack_payload(self, kid: str, pid: str, answer: dict) -> bytes:
        """An answer as the court publishes it: signed, bound to its kiosk and packet."""
        return sign_ack(self.court_key, kid, pid, answer)

    def _store_chunk(self, s: Session, topic, payload: bytes, sha: str | None, states) -> bool:
        where = f"packet {topic.item_id} from {topic.kiosk_id} chunk {topic.file}/{topic.chunk}"
        if len(payload) > self.settings.max_message_bytes:
            self._refuse(topic, "oversized", "%s rejected: oversized (%d bytes)", where, len(payload))
            return False
        if sha is None or sha256_hex(payload) != sha:
            self._refuse(topic, "hash", "%s rejected: SHA-256 does not match (corrupt chunk)", where)
            return False
        state = states.get((topic.kiosk_id, topic.item_id))
        if state in ("received", "rejected"):
            log.info("%s ignored: replayed chunk of a packet already received", where)
            return True
        if state is None:  # no verified manifest: bounded, and only from kiosks the court trusts
            refusal = ("kiosk not trusted" if self.kiosk_keys.get(topic.kiosk_id) is None
                       else self.orphans.admit(s, topic.kiosk_id, topic.item_id, len(payload)))
            if refusal is not None:
                if self._drop_logged.due((topic.kiosk_id, "orphan", refusal)):
                    log.warning("%s dropped: no verified manifest yet and %s; the kiosk sends it again", where,
                                refusal)
                return False
        elif not self._fits(s, topic, len(payload)):
            self._refuse(topic, "chunking", "%s rejected: not in the manifest's chunking", where)
            return False
        elif not self._vouched(s, topic, sha):
            self._refuse(topic, "vouched", "%s rejected: not the chunk the signed manifest lists (forged or damaged)",
                         where)
            return False
        return self.chunks.put(s, topic.kiosk_id, topic.item_id, topic.file, topic.chunk, payload)

    def _refuse(self, topic, kind: str, fmt: str, *args) -> None:
        """One line per refused chunk, but a flood of them says itself once a minute per chunk."""
        if self._drop_logged.due((topic.kiosk_id, topic.item_id, topic.file, topic.chunk, kind)):
            log.warning(fmt, *args)

    def _fits(self, s: Session, topic, size: int) -> bool:
        """The chunk is one the verified manifest lists, of exactly the length its place gives."""
        try:
            files = self._manifest(s, topic.kiosk_id, topic.item_id)["files"]
        except NoResultFound:  # stored in this batch and evicted from the cache: assembly checks it
            return True
        if topic.file >= len(files) or topic.chunk >= files[topic.file]["chunk_count"]:
            return False
        f = files[topic.file]
        return size == max(0, min(f["chunk_size"], f["size"] - topic.chunk * f["chunk_size"]))

    def _vouched(self, s: Session, topic, sha: str) -> bool:
        """The chunk's SHA-256 is the one the kiosk's signed manifest gives for it (manifests
        without chunk hashes leave it to the file's hash at assembly)."""
        try:
            hashes = self._manifest(s, topic.kiosk_id, topic.item_id)["files"][topic.file].get(mf.CHUNK_HASHES)
        except NoResultFound:
            return True
        return hashes is None or hashes[topic.chunk] == sha

    def expire_orphans(self, now: float | None = None) -> int:
        """Delete chunks that waited too long for a verified manifest (the gateway, once a minute)."""
        return self.orphans.expire(self.engine, self.chunks, self.write_lock, now)

    def _answer(self, kid: str, pid: str, entry: Touched, progress: tuple[str, str | None, int] | None) -> dict | None:
        if progress is None:
            if entry.fin:
                dropped = self._drop_reasons.get((kid, pid))
                answer = {"state": "unknown", "dropped": dropped} if dropped else {"state": "unknown"}
                if entry.nonce:  # bound to that fin: the kiosk acts only on answers to its own
                    answer["fin"] = entry.nonce
                return answer
            return {"state": "receiving", "got": entry.got, "manifest": False} if entry.got else None
        state, receipt, stored = progress
        if state != "receiving":
            return {"state": state, "receipt": json.loads(receipt)}
        with store_session(self.engine) as s:
            manifest = self._manifest(s, kid, pid)
            if not entry.fin and stored < sum(f["chunk_count"] for f in manifest["files"]):
                # Not complete (one count, not the bitmaps): confirm this batch's chunks, if any
                return {"state": "receiving", "got": entry.got} if entry.got else None
            bitmaps = self._bitmaps(s, kid, pid, manifest)
        if all(b.complete() for b in bitmaps.values()) and self.finalizer is not None:
            with self._lock:
                busy = (kid, pid) in self._finalizing
                self._finalizing.add((kid, pid))
            if not busy:
                self.finalizer.submit(self._finalize_later, kid, pid, manifest)
            return {"state": "receiving", "got": entry.got} if entry.got else None
        if all(b.complete() for b in bitmaps.values()):
            done = self._finalize(kid, pid, manifest)
            if done is not None:
                return done
            with store_session(self.engine) as s:
                bitmaps = self._bitmaps(s, kid, pid, manifest)
            entry.fin = True
        if not entry.got and not entry.fin:
            return None  # e.g. a manifest alone: nothing the kiosk needs to hear
        answer = {"state": "receiving", "got": entry.got}
        if entry.fin:
            answer.update(full=True, have={str(i): b.to_b64() for i, b in bitmaps.items()})
            if entry.nonce:
                answer["fin"] = entry.nonce
        return answer

    def _manifest(self, s: Session, kid: str, pid: str) -> dict:
        """The decoded manifest of a packet being received (stored once, never changes)."""
        manifest = self._manifests.get((kid, pid))
        if manifest is None:
            if len(self._manifests) >= 1024:
                self._manifests.clear()
            data = s.exec(select(InPacket.manifest).where(InPacket.kiosk_id == kid, InPacket.packet_id == pid)).one()
            manifest = self._manifests[(kid, pid)] = mf.decode(data)
        return manifest

    def _finalize_later(self, kid: str, pid: str, manifest: dict) -> None:
        sent = []

        def send_receipt(answer: dict) -> None:  # as soon as the record is committed, before the SMS
            self.deliver(topics.down_ack(kid, pid), self.ack_payload(kid, pid, answer))
            sent.append(True)

        try:
            with assembly_claim(self.engine, kid, pid) as mine:
                if not mine:  # another member is assembling it and sends the receipt
                    self.assembly_skipped += 1
                    return
                answer = self._recorded(kid, pid) or self._finalize(kid, pid, manifest, on_recorded=send_receipt)
            if answer is None:  # a file was corrupt: tell the kiosk what is still missing
                with store_session(self.engine) as s:
                    bitmaps = self._bitmaps(s, kid, pid, manifest)
                answer = {"state": "receiving", "got": [], "full": True,
                          "have": {str(i): b.to_b64() for i, b in bitmaps.items()}}
            if not sent:
                self.deliver(topics.down_ack(kid, pid), self.ack_payload(kid, pid, answer))
        except Exception as exc:
            reason = disk_full_reason(exc)
            if reason is None:
                log.exception("packet %s from %s: assembly failed; the kiosk will ask again", pid, kid)
            else:
                log.error("packet %s from %s: court store disk full (%s) while recording it; not recorded, "
                          "the kiosk will ask again", pid, kid, reason)
        finally:
            with self._lock:
                self._finalizing.discard((kid, pid))

    def _recorded(self, kid: str, pid: str) -> dict | None:
        """The stored answer when another member recorded the packet since this one saw it complete."""
        with store_session(self.engine) as s:
            row = s.exec(select(InPacket.state, InPacket.receipt).where(InPacket.kiosk_id == kid,
                                                                        InPacket.packet_id == pid)).first()
        if row is None or row[0] == "receiving" or not row[1]:
            return None
        return {"state": row[0], "receipt": json.loads(row[1])}

    def _bitmaps(self, s: Session, kid: str, pid: str, manifest: dict) -> dict[int, Bitmap]:
        bitmaps = {f["idx"]: Bitmap(f["chunk_count"]) for f in manifest["files"]}
        for file_idx, chunk_idx in s.exec(select(InChunk.file_idx, InChunk.chunk_idx)
                                          .where(InChunk.kiosk_id == kid, InChunk.packet_id == pid)).all():
            if file_idx in bitmaps and chunk_idx < bitmaps[file_idx].size:
                bitmaps[file_idx].set(chunk_idx)
        return bitmaps
