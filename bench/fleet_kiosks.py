"""Many simulated kiosks in one process, for ``bench/fleet.py``: one paho client (its own mTLS
certificate, its own persistent MQTT v5 session) per kiosk, all driven by one selector loop, so a
thousand kiosks cost two processes instead of a thousand threads.

What a simulated kiosk does is what ``offline_queue.sender.Sender`` does on the wire: the signed
manifest, 256 KiB chunks each with its SHA-256 user property inside a 64-chunk window the court
confirms, ``fin`` when all are confirmed or the transfer stalls, a signed retained status every
30 s and a last will; and it counts a filing delivered only when the court's signed receipt
verifies for exactly that kiosk, packet and manifest digest. What it skips is the outbox (SQLite)
and the spool: each filing is one of a few sample packets held in memory and *re-addressed* --
new packet id, kiosk id and sequence, the private files encrypted again to the court under the
new packet id (the associated data), every hash recomputed and the manifest signed by this
kiosk's own key -- so the court verifies each one exactly as a freshly sealed packet.

    python bench/fleet_kiosks.py JOB.json      # prints "ready N", waits for "go T0" on stdin
"""

from __future__ import annotations

import hashlib
import heapq
import json
import random
import selectors
import ssl
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion  # noqa: E402
from paho.mqtt.packettypes import PacketTypes  # noqa: E402
from paho.mqtt.properties import Properties  # noqa: E402

from offline_queue import manifest as mf  # noqa: E402
from offline_queue import topics  # noqa: E402
from offline_queue.ack import AckError, bare_receipt, new_nonce, open_ack, sign_status  # noqa: E402
from offline_queue.bitmap import Bitmap  # noqa: E402
from offline_queue.canonical import b64e, canonical, sha256_hex  # noqa: E402
from offline_queue.crypto import encrypt_for, key_id, load_private_key, load_public_key, sign  # noqa: E402
from offline_queue.link import user_properties  # noqa: E402
from offline_queue.packet import PRIVATE_MEDIA_TYPE, _Item  # noqa: E402
from offline_queue.receipt import ReceiptError, verify_receipt  # noqa: E402
from offline_queue.transfer import FileState, Transfer  # noqa: E402

WINDOW, ACK_TIMEOUT, STATUS_EVERY = 64, 3.0, 30.0


class Template:
    """One sample filing's files in memory, re-addressed for each filing (see the module doc)."""

    def __init__(self, builder, chunk_size: int):
        self.b, self.chunk_size = builder, chunk_size
        self.items = list(builder.items) + [_Item("idcard.json.enc", "idcard", PRIVATE_MEDIA_TYPE,
                                                  data=canonical(builder.idcard), private=True)]
        self._fixed = {i: self._entry(i, it.path, it.role, it.media_type, it.data)
                       for i, it in enumerate(self.items) if not it.private}

    def _entry(self, idx, path, role, media_type, data):
        cs = self.chunk_size
        hashes = [hashlib.sha256(data[o:o + cs]).hexdigest() for o in range(0, max(len(data), 1), cs)]
        entry = {"idx": idx, "path": path, "role": role, "media_type": media_type, "size": len(data),
                 "sha256": sha256_hex(data), "chunk_size": cs, "chunk_count": mf.chunk_count(len(data), cs),
                 mf.CHUNK_HASHES: hashes}
        return entry, data

    def seal(self, kid: str, key, court_pub, seq: int):
        """A packet as ``PacketBuilder.seal`` writes it, for ``kid``: (pid, manifest bytes, sig, files)."""
        pid = mf.uuid7()
        entries, files, encrypted = [], [], {}
        for idx, it in enumerate(self.items):
            if it.private:
                path = it.path if it.path.endswith(".enc") else it.path + ".enc"
                if path != it.path:
                    encrypted[path] = it.media_type
                entry, data = self._entry(idx, path, it.role, PRIVATE_MEDIA_TYPE,
                                          encrypt_for(court_pub, it.data, pid.encode()))
            else:
                entry, data = self._fixed[idx]
            entries.append(entry)
            files.append((data, entry[mf.CHUNK_HASHES]))
        now = mf.utc_now()
        b = self.b
        manifest = {
            "schema": mf.PACKET_SCHEMA, "packet_id": pid, "kiosk_id": kid, "kiosk_seq": seq, "kind": b.kind,
            "service": b.service, "case_type": b.case_type, "cooperating_court": b.cooperating_court,
            "jurisdiction_court": b.jurisdiction_court, "case_ref": b.case_ref, "supersedes": b.supersedes,
            "created_at": now, "sealed_at": now, "app_version": b.app_version, "key_id": key_id(key),
            "files": entries, "totals": mf.totals(entries),
            "privacy": {"idcard_encrypted": True, "contains_pii": True, "encrypted": encrypted}}
        data = mf.encode(manifest)
        return pid, data, sign(key, data), files


class MemTransfer(Transfer):
    """``Transfer``'s bookkeeping (window, bitmaps, the court's answers) over chunks in memory."""

    def __init__(self, pid, data, sig, files, chunk_size):
        states = [FileState(i, Path(f"mem{i}"), len(d), chunk_size, Bitmap(len(h))) for i, (d, h) in enumerate(files)]
        super().__init__(pid, sha256_hex(data), data, sig, states)
        self.blobs = files
        self.sealed_at = time.time()

    def read_chunk(self, file_idx: int, chunk_idx: int) -> bytes:
        data, cs = self.blobs[file_idx][0], self.files[file_idx].chunk_size
        return data[chunk_idx * cs:(chunk_idx + 1) * cs]


class SimKiosk:
    def __init__(self, job: dict, kid: str, loop: "Loop"):
        self.kid, self.loop = kid, loop
        self.key = load_private_key(Path(job["keys_dir"]) / f"{kid}.key")
        self.session = new_nonce()
        self.transfers: dict[str, MemTransfer] = {}
        self.seq, self.connected = 0, False
        c = self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=kid, protocol=MQTTProtocolVersion.MQTTv5)
        c.max_inflight_messages_set(1000)
        c.max_queued_messages_set(0)
        c.tls_set(ca_certs=job["ca_file"], certfile=str(Path(job["certs_dir"]) / f"{kid}.crt"),
                  keyfile=str(Path(job["certs_dir"]) / f"{kid}.key"), tls_version=ssl.PROTOCOL_TLS_CLIENT)
        c.will_set(topics.up_status(kid), self._status(online=False), qos=1, retain=True)
        c.on_socket_open = lambda _c, _u, sock: loop.sel.register(sock, selectors.EVENT_READ, self)
        c.on_socket_close = lambda _c, _u, sock: loop.forget(sock)
        c.on_socket_register_write = lambda _c, _u, sock: loop.sel.modify(
            sock, selectors.EVENT_READ | selectors.EVENT_WRITE, self)
        c.on_socket_unregister_write = lambda _c, _u, sock: loop.sel.modify(sock, selectors.EVENT_READ, self)
        c.on_connect = self._on_connect
        c.on_subscribe = lambda *_a: setattr(self, "connected", True)
        c.on_disconnect = lambda *_a: (setattr(self, "connected", False), loop.stats.__setitem__(
            "disconnects", loop.stats["disconnects"] + 1))
        c.on_message = self._on_message

    def connect(self, port: int) -> None:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 3600
        self.client.connect("127.0.0.1", port, 30, clean_start=False, properties=props)

    def _on_connect(self, client, _u, _flags, rc, _props):
        if rc.is_failure:
            self.loop.stats["refused"] += 1
            return
        client.subscribe(topics.kiosk_subscription(self.kid), qos=1)
        for t in self.transfers.values():
            t.resync()
        self.publish_status()

    def _status(self, online: bool = True) -> bytes:
        return sign_status(self.key, self.kid, {
            "online": online, "queue_depth": len(self.transfers), "parked": 0,
            "oldest_undelivered_at": int(min((t.sealed_at for t in self.transfers.values()), default=0)),
            "free_mb": 20000, "disk_alarm": False, "at": int(time.time()), "session": self.session})

    def publish_status(self) -> None:
        self.client.publish(topics.up_status(self.kid), self._status(), qos=1, retain=True)
        self.loop.stats["control"] += 1

    def file(self, template: Template, court_pub) -> None:
        self.seq += 1
        pid, data, sig, files = template.seal(self.kid, self.key, court_pub, self.seq)
        self.transfers[pid] = MemTransfer(pid, data, sig, files, template.chunk_size)
        self.loop.active.add(self)

    def tick(self, now: float) -> None:
        """Sender._control and Sender._send_chunks, for this kiosk's transfers."""
        if not self.connected:
            return
        budget = WINDOW - sum(len(t.inflight) for t in self.transfers.values())
        for t in list(self.transfers.values()):
            if not t.manifest_sent or t.need_manifest:
                self.client.publish(topics.up_manifest(self.kid, t.packet_id),
                                    canonical({"manifest": b64e(t.manifest_bytes), "sig": b64e(t.signature)}), qos=1)
                t.manifest_sent, t.need_manifest = True, False
            while budget > 0 and (nxt := t.next_chunk()) is not None:
                f, c = nxt
                self.client.publish(topics.up_chunk(self.kid, t.packet_id, f, c), t.read_chunk(f, c), qos=1,
                                    properties=user_properties(sha256=t.blobs[f][1][c]))
                t.inflight[(f, c)] = time.monotonic()
                budget -= 1
            mono = time.monotonic()
            due, stalled = t.fin_due(mono, ACK_TIMEOUT)  # the sender's own back-off (offline_queue.transfer)
            if due:
                nonce = new_nonce()
                self.client.publish(topics.up_fin(self.kid, t.packet_id), canonical({"nonce": nonce}), qos=1)
                t.fin_sent(mono, nonce, stalled, ACK_TIMEOUT)
                self.loop.stats["fins"] += 1
                if stalled:
                    self.loop.stats["stalls"] += 1

    def _on_message(self, _c, _u, msg) -> None:
        topic = topics.parse(msg.topic)
        if topic is None or topic.kiosk_id != self.kid or topic.kind != "pkt" or topic.leaf != "ack":
            return
        t = self.transfers.get(topic.item_id)
        if t is None:
            return
        try:
            answer = open_ack(msg.payload, self.loop.court_pub, self.kid, t.packet_id)
            envelope = answer.get("receipt")
        except AckError:
            answer, envelope = None, bare_receipt(msg.payload)
            if envelope is None:
                self.loop.stats["bad_acks"] += 1
                return
        if envelope is not None:
            try:
                body = verify_receipt(envelope, self.loop.court_pub, packet_id=t.packet_id, kiosk_id=self.kid,
                                      packet_digest=t.digest)
            except ReceiptError:
                self.loop.stats["bad_receipts"] += 1
                return
            del self.transfers[t.packet_id]
            self.loop.delivered(self, t, envelope, body)
            return
        if answer["state"] == "unknown":
            t.need_manifest = True
            t.forget_inflight(before=t.fin_at)
        elif answer["state"] == "untrusted":
            self.loop.stats["untrusted"] += 1
        else:
            try:
                t.apply(answer)
            except AckError:
                self.loop.stats["bad_acks"] += 1


class Loop:
    """The selector loop of one process: every kiosk's socket, its filings and statuses on a clock."""

    def __init__(self, job: dict):
        from config.settings import KioskSettings
        from kiosk.packet_assembly import builder_for, sample_filing

        self.job, self.sel = job, selectors.DefaultSelector()
        self.court_pub = load_public_key(Path(job["court_pub"]))
        settings = KioskSettings(kiosk={"kiosk_id": "kiosk-template"})
        self.templates = [Template(builder_for(settings, sample_filing(material_bytes=job["size"], seed=s)),
                                   job["chunk_size"]) for s in range(job.get("templates", 3))]
        self.kiosks = [SimKiosk(job, kid, self) for kid in job["kiosks"]]
        self.active: set[SimKiosk] = set()
        self.records: list[dict] = []
        self.stats = dict.fromkeys(("control", "fins", "stalls", "bad_acks", "bad_receipts", "untrusted", "refused",
                                    "disconnects", "filed"), 0)
        self.lag: list[float] = []

    def forget(self, sock) -> None:
        try:
            self.sel.unregister(sock)
        except (KeyError, ValueError):
            pass

    def delivered(self, kiosk: SimKiosk, t: MemTransfer, envelope: dict, body: dict) -> None:
        self.records.append({"kiosk": kiosk.kid, "packet_id": t.packet_id, "digest": t.digest,
                             "sealed": t.sealed_at, "receipt": time.time(),
                             "bytes": sum(f.size for f in t.files), "envelope": envelope,
                             "receiver": body["receiver_id"]})
        if not kiosk.transfers:
            self.active.discard(kiosk)

    def pump(self, timeout: float) -> None:
        for key, mask in self.sel.select(timeout):
            client = key.data.client
            if mask & selectors.EVENT_READ:
                client.loop_read()
                sock = client.socket()
                while sock is not None and getattr(sock, "pending", lambda: 0)() > 0:
                    client.loop_read()
                    sock = client.socket()
            if mask & selectors.EVENT_WRITE and client.socket() is not None:
                client.loop_write()

    def connect_all(self) -> None:
        for k in self.kiosks:
            k.connect(self.job["port"])
            self.pump(0)
        deadline = time.monotonic() + 120
        while not all(k.connected for k in self.kiosks) and time.monotonic() < deadline:
            self.pump(0.05)

    def run(self, t0: float) -> None:
        """Filings at each kiosk's period (random phase, ±10 % jitter) from ``t0`` for ``window`` s;
        then until every transfer ends or ``drain`` s pass."""
        job = self.job
        rng = random.Random(job["seed"])
        interval, window, drain = job["interval"], job["window"], job["drain"]
        status_every = job.get("status_every", STATUS_EVERY)
        events = []
        for i, k in enumerate(self.kiosks):
            heapq.heappush(events, (t0 + rng.uniform(0, interval), 0, i))
            if status_every:
                heapq.heappush(events, (t0 + rng.uniform(0, status_every), 1, i))
        last_misc = 0.0
        while True:
            now = time.time()
            while events and events[0][0] <= now:
                at, kind, i = heapq.heappop(events)
                k = self.kiosks[i]
                if kind == 0 and at < t0 + window:
                    self.lag.append(now - at)
                    k.file(self.templates[i % len(self.templates)], self.court_pub)
                    self.stats["filed"] += 1
                    heapq.heappush(events, (at + interval * rng.uniform(0.9, 1.1), 0, i))
                elif kind == 1 and now < t0 + window + drain:
                    k.publish_status()
                    heapq.heappush(events, (at + status_every, 1, i))
            for k in list(self.active):
                k.tick(now)
            if now - last_misc > 1.0:
                last_misc = now
                for k in self.kiosks:
                    k.client.loop_misc()
            if now > t0 + window and (not self.active or now > t0 + window + drain):
                break
            self.pump(0.005 if self.active else 0.05)

    def report(self) -> dict:
        import os

        cpu = os.times()
        return {"records": self.records, "stats": self.stats, "lag": self.lag,
                "unfinished": sum(len(k.transfers) for k in self.kiosks),
                "connected": sum(k.connected for k in self.kiosks), "cpu_s": cpu.user + cpu.system}


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    loop = Loop(job)
    loop.connect_all()
    print(f"ready {sum(k.connected for k in loop.kiosks)}", flush=True)
    line = sys.stdin.readline().split()
    t0 = float(line[1])
    while time.time() < t0:  # keep the sessions alive until the start
        loop.pump(0.05)
    loop.run(t0)
    Path(job["out"]).write_text(json.dumps(loop.report()))
    for k in loop.kiosks:
        k.client.disconnect()
        loop.pump(0)
    print("done", flush=True)


if __name__ == "__main__":
    main()
