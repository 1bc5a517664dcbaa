"""Documents to kiosks: built and signed by the court, kept in its store (so nothing is lost while
a kiosk or the broker is away), published on ``down/doc/<id>/…`` and re-published until the kiosk
reports it verified."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import update
from sqlmodel import select

from court.store import InPacket, OutDocument, store_session
from offline_queue import manifest as mf
from offline_queue import topics
from offline_queue.canonical import b64e, canonical, sha256_hex
from offline_queue.document import BuiltDocument, build_document
from offline_queue.fsutil import fsync_dir, write_durable

log = logging.getLogger("court.documents")
Publish = Callable[[str, bytes, dict | None], bool]


def store_document(engine, settings, doc: BuiltDocument, *, packet_id: str | None = None) -> OutDocument:
    """Write the signed document under documents_dir/<doc_id> and record it as pending."""
    root = settings.documents_dir / doc.doc_id
    for path, data in doc.files.items():
        write_durable(root / path, data)
    write_durable(root / mf.MANIFEST, doc.manifest_bytes)
    write_durable(root / mf.SIGNATURE, doc.signature)
    fsync_dir(root)
    row = OutDocument(doc_id=doc.doc_id, kiosk_id=doc.manifest["kiosk_id"], kind=doc.manifest["kind"],
                      title=doc.manifest["title"], recipient=doc.manifest.get("recipient"), packet_id=packet_id,
                      path=str(root), created_at=time.time())
    with store_session(engine, expire_on_commit=False) as s:
        s.add(row)
        s.commit()
    return row


def load_document(row: OutDocument) -> BuiltDocument:
    root = Path(row.path)
    data = (root / mf.MANIFEST).read_bytes()
    manifest = mf.decode(data)
    files = {f["path"]: (root / f["path"]).read_bytes() for f in manifest["files"]}
    return BuiltDocument(row.doc_id, manifest, data, (root / mf.SIGNATURE).read_bytes(), files)


def publish_document(publish: Publish, doc: BuiltDocument) -> bool:
    """Manifest first, then every chunk with its SHA-256; False if the link dropped midway."""
    kid = doc.manifest["kiosk_id"]
    if not publish(topics.down_doc_manifest(kid, doc.doc_id),
                   canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}), None):
        return False
    for file_idx, chunk_idx, data in doc.chunks():
        if not publish(topics.down_doc_chunk(kid, doc.doc_id, file_idx, chunk_idx), data,
                       {"sha256": sha256_hex(data)}):
            return False
    return True


def mark_published(engine, doc_id: str) -> None:
    with store_session(engine) as s:
        s.exec(update(OutDocument).where(OutDocument.doc_id == doc_id, OutDocument.state == "pending")
               .values(state="published", published_at=time.time()))
        s.exec(update(OutDocument).where(OutDocument.doc_id == doc_id).values(published_at=time.time()))
        s.commit()


def due_documents(engine, kiosk_id: str | None = None, older_than_s: float = 30.0) -> list[OutDocument]:
    """Documents not yet verified by their kiosk: never published, or published a while ago."""
    cutoff = time.time() - older_than_s
    with store_session(engine, expire_on_commit=False) as s:
        query = select(OutDocument).where(OutDocument.state.in_(("pending", "published")))
        if kiosk_id:
            query = query.where(OutDocument.kiosk_id == kiosk_id)
        rows = s.exec(query.order_by(OutDocument.created_at)).all()
    return [r for r in rows if r.state == "pending" or (r.published_at or 0) < cutoff]


def record_kiosk_answer(engine, kiosk_id: str, doc_id: str, answer: dict) -> None:
    state = answer.get("state")
    if state not in ("verified", "rejected"):
        log.warning("document %s: unexpected answer from %s ignored: %r", doc_id, kiosk_id, answer)
        return
    with store_session(engine) as s:
        s.exec(update(OutDocument).where(OutDocument.doc_id == doc_id, OutDocument.kiosk_id == kiosk_id)
               .values(state=state, kiosk_answer=canonical(answer).decode()))
        s.commit()
    log.log(logging.INFO if state == "verified" else logging.WARNING, "document %s %s by kiosk %s",
            doc_id, state, kiosk_id)


def make_document(settings, key, *, kiosk_id: str, kind: str, title: str, files, recipient: str | None,
                  case_ref: str | None = None) -> BuiltDocument:
    return build_document(key, kiosk_id=kiosk_id, kind=kind, title=title, court=settings.court_code,
                          files=files, recipient=recipient, case_ref=case_ref,
                          chunk_size=settings.broker.chunk_size)


def applicant_of(engine, recipient: str) -> InPacket | None:
    """The most recent packet of this litigant (for the name and phone of an SMS)."""
    with store_session(engine) as s:
        return s.exec(select(InPacket).where(InPacket.applicant_tag == recipient)
                      .order_by(InPacket.received_at.desc())).first()


def one_shot_publisher(settings):
    """A short-lived MQTT client for the CLI: (publish function, close function)."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

    from offline_queue.link import user_properties

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{settings.receiver_id}-cli-{uuid.uuid4().hex[:8]}",
                         protocol=MQTTProtocolVersion.MQTTv5)
    client.max_inflight_messages_set(100)
    broker = settings.broker
    if broker.tls:
        client.tls_set(ca_certs=str(broker.ca_file), certfile=str(broker.cert_file), keyfile=str(broker.key_file))
    client.connect(broker.host, broker.port, broker.keepalive_s)
    client.loop_start()
    infos = []

    def publish(topic: str, payload: bytes, props: dict | None) -> bool:
        info = client.publish(topic, payload, qos=1, properties=user_properties(**props) if props else None)
        infos.append(info)
        return info.rc == mqtt.MQTT_ERR_SUCCESS

    def close(timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        ok = True
        for info in infos:
            try:
                info.wait_for_publish(max(0.1, deadline - time.monotonic()))
            except (RuntimeError, ValueError):
                ok = False
            ok = ok and info.is_published()
        client.disconnect()
        client.loop_stop()
        return ok

    return publish, close
