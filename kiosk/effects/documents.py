"""文书领取's effects: finding the verified documents one person may collect, and sealing the
signed proof of service (送达回证) back to the court.

A document is listed only after its directory verifies again here (the court's signature over
the manifest, every file's SHA-256): what changed on disk since the downlink verified it is
withheld, logged and reported to the staff. The recipient is matched on the manifest's recipient
tag before the list leaves this worker, so a document addressed to someone else never reaches a
step, let alone the renderer."""

from __future__ import annotations

import io
import json
import logging
import time
from datetime import datetime
from pathlib import Path

from kiosk.flows.dossier import PacketInfo
from kiosk.flows.events import Collectable, DocumentsFound, PacketSealed, SealFailed
from kiosk.flows.rules.documents import COLLECTABLE_KINDS, PROOF_CONFIRMATION, PROOF_KIND, REFUSAL_SERVICE
from kiosk.messages import MESSAGES, message_for

log = logging.getLogger(__name__)


def _rows(outbox, doc_id: str = ""):
    from sqlmodel import select

    from offline_queue.models import InDocument

    with outbox.session() as s:
        query = select(InDocument).where(InDocument.state == "verified",
                                         InDocument.kind.in_(COLLECTABLE_KINDS))
        if doc_id:
            query = query.where(InDocument.doc_id == doc_id)
        return list(s.exec(query.order_by(InDocument.verified_at.desc())).all())


def _manifest(row) -> dict | None:
    from offline_queue import manifest as mf

    try:
        return mf.decode((Path(row.path) / mf.MANIFEST).read_bytes())
    except (OSError, ValueError, TypeError):
        return None


def _expired(pickup: dict, now: float) -> bool:
    try:
        return datetime.fromisoformat(str(pickup["expires_at"]).replace("Z", "+00:00")).timestamp() < now
    except (KeyError, ValueError):
        return True  # a code without a valid expiry opens nothing


def _item(row, manifest: dict) -> Collectable | None:
    pdf = next((f for f in manifest.get("files", ()) if f.get("media_type") == "application/pdf"), None)
    if pdf is None:
        return None
    collect = manifest.get("collect") or {}
    form = collect.get("service_form") or {}
    return Collectable(
        doc_id=manifest["doc_id"], title=manifest["title"], path=str(Path(row.path) / pdf["path"]),
        sha256=pdf["sha256"], recipient=manifest.get("recipient") or "",
        recipient_name=str(collect.get("recipient_name") or ""), doc_type=str(collect.get("doc_type") or ""),
        case_ref=manifest.get("case_ref") or "", court=manifest.get("court") or "",
        issued_at=manifest.get("created_at") or "",
        service_form=tuple((str(k), str(v)) for k, v in form.items()))


def find_documents(effect, ports, send) -> None:
    from offline_queue.document import pickup_digest
    from offline_queue.service import CourtKeyMissing, court_public_key
    from offline_queue.verify import verify_dir

    def answer(items=(), code="", withheld=0):
        send(DocumentsFound(effect.ticket, tuple(items), code, withheld))

    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        answer(code="doc.error.store")
        return
    from offline_queue.doc_store import kiosk_key, reader

    try:
        key = court_public_key(ports.settings)
        read = reader(kiosk_key(ports.settings))
        rows = _rows(outbox, effect.doc_id)
    except CourtKeyMissing:
        log.error("documents cannot be checked: the court's public key is not installed")
        answer(code="doc.error.store")
        return
    except Exception:
        log.exception("documents not read")
        answer(code="doc.error.store")
        return
    candidates = []
    for row in rows:
        manifest = _manifest(row)
        if manifest is None:
            continue
        if effect.code:
            pickup = (manifest.get("collect") or {}).get("pickup") or {}
            if pickup.get("code_sha256") != pickup_digest(manifest["doc_id"], effect.code):
                continue
            if _expired(pickup, time.time()):
                log.warning("pickup code for document %s used after it expired", row.doc_id)
                answer(code="doc.error.code_expired")
                return
            if effect.recipient and manifest.get("recipient") != effect.recipient:
                log.warning("pickup code for document %s entered with another person's card: refused", row.doc_id)
                answer(code="doc.error.not_yours")
                return
        elif not effect.recipient or manifest.get("recipient") != effect.recipient:
            continue
        candidates.append((row, manifest))
    if effect.code and not candidates:
        log.info("a pickup code matched no document on this kiosk")
        answer(code="doc.error.code_wrong")
        return
    items, withheld = [], 0
    for row, manifest in candidates:
        problems = verify_dir(Path(row.path), key, document=True, read=read)
        item = _item(row, manifest) if not problems else None
        if item is None:
            withheld += 1
            log.error("document %s withheld: %s", row.doc_id, "; ".join(problems) or "no PDF in it")
            ports.alerts.append(("document_unverified", row.doc_id))
            continue
        items.append(item)
    if effect.code and not items:
        answer(code="doc.error.unverified", withheld=withheld)
        return
    answer(items, withheld=withheld)


# --- the proof of service ----------------------------------------------------------------------


def proof_pdf(proof: dict, font_path: str | None = None) -> tuple[bytes, str]:
    """The court's 送达回证 form filled in, the signature drawn into it: (PDF bytes, its text)."""
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    path = font_path or "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    try:
        big, font = ImageFont.truetype(path, 56), ImageFont.truetype(path, 30)
    except OSError:
        big = font = ImageFont.load_default()
    court = proof["form"].get("送达法院", "")
    lines = [f"{court}", "送 达 回 证"]
    draw.text((width // 2, 130), lines[0], font=font, fill=0, anchor="mm")
    draw.text((width // 2, 210), lines[1], font=big, fill=0, anchor="mm")
    rows = [(k, v) for k, v in proof["form"].items() if k != "送达法院"]
    rows.append(("文书校验码", proof["doc_sha256"][:32]))
    rows.append(("", proof["doc_sha256"][32:]))
    top, left, right, label_w, row_h = 300, 100, width - 100, 260, 86
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        draw.rectangle((left, y, right, y + row_h), outline=0, width=2)
        draw.line((left + label_w, y, left + label_w, y + row_h), fill=0, width=2)
        draw.text((left + 20, y + row_h // 2), label, font=font, fill=0, anchor="lm")
        draw.text((left + label_w + 20, y + row_h // 2), str(value)[:36], font=font, fill=0, anchor="lm")
    y = top + len(rows) * row_h
    draw.rectangle((left, y, right, y + 300), outline=0, width=2)
    draw.line((left + label_w, y, left + label_w, y + 300), fill=0, width=2)
    draw.text((left + 20, y + 150), "受送达人签名", font=font, fill=0, anchor="lm")
    signature = proof.get("signature") or {}
    refusal = proof.get("refusal") or {}
    if refusal:  # nothing to draw but the refusal itself, in the signature's box
        draw.text((left + label_w + 30, y + 60), "受送达人拒绝签收", font=big, fill=0)
        draw.text((left + label_w + 30, y + 170), f"理由：{refusal.get('reason_text', '')}"[:28], font=font, fill=0)
    if signature.get("png"):
        try:
            sig = Image.open(io.BytesIO(signature["png"])).convert("RGBA")
            sig.thumbnail((right - left - label_w - 60, 260))
            backdrop = Image.new("RGBA", sig.size, (255, 255, 255, 255))
            backdrop.alpha_composite(sig)
            page.paste(backdrop.convert("L"), (left + label_w + 30, y + 20))
        except OSError:
            log.warning("the signature image could not be drawn into the proof of service")
    signed_line = "受送达人签名：拒绝签收" if refusal else "受送达人签名：（见签名图像）"
    text = "\n".join([*lines, *(f"{k}：{v}" for k, v in rows), signed_line])
    draw.text((left, y + 340), (refusal.get("text") or signature.get("text", ""))[:60], font=font, fill=0)
    buf = io.BytesIO()
    page.save(buf, format="PNG", dpi=(150, 150))
    return img2pdf.convert(buf.getvalue()), text


def proof_filing(proof: dict, pdf: bytes, text: str):
    """The proof as a packet (``packet_assembly.SessionFiling``): the filled form as a PDF, the
    signature with its strokes and text hash, ``proof.json`` naming the document and its hash."""
    from kiosk.packet_assembly import Material, SessionFiling

    signature = proof.get("signature") or {}
    confirmations = []
    if signature:
        confirmations.append({
            "key": signature["key"], "text": signature["text"], "text_sha256": signature["text_sha256"],
            "strokes": json.loads(signature["strokes_json"]) if signature.get("strokes_json") else None,
            "png": signature.get("png") or b"", "signed_at": proof["signed_at"],
            "signer": proof["form"].get("受送达人", ""), "refused": False})
    refusal = proof.get("refusal") or {}
    if refusal:  # the refusal's text, bound to its hash; no strokes, no image
        confirmations.append({
            "key": PROOF_CONFIRMATION, "text": refusal["text"], "text_sha256": refusal["text_sha256"],
            "strokes": None, "png": b"", "signed_at": proof["signed_at"],
            "signer": proof["form"].get("受送达人", ""), "refused": True, "reason": refusal.get("reason"),
            "reason_text": refusal.get("reason_text")})
    public = {k: v for k, v in proof.items() if k not in ("signature", "identity", "audit")}
    public["signature_text_sha256"] = signature.get("text_sha256")
    form = {"journey": "document_collection", "case_ref": proof.get("case_ref") or None,
            "proof": {k: {"value": v, "source": "staff" if k in ("送达地点", "送达方式") else "typed"}
                      for k, v in proof["form"].items()},
            "service": {"phone": None}}
    return SessionFiling(
        service=REFUSAL_SERVICE if refusal else PROOF_KIND, case_type=PROOF_KIND, jurisdiction_court=proof.get("court") or "",
        form=form, materials=[Material("送达回证", pdf, text, original=True, pages=1, doc_type=PROOF_KIND)],
        idcard=proof.get("identity"), audit_events=list(proof.get("audit") or ()), kind=PROOF_KIND,
        case_ref=proof.get("case_ref") or None, confirmations=confirmations,
        extra={"proof.json": public})


def seal_proof(effect, ports, send) -> None:
    from offline_queue.fsutil import DiskFull
    from offline_queue.service import CourtKeyMissing

    from kiosk.packet_assembly import seal_session

    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        send(SealFailed("queue.unavailable", MESSAGES["device.unavailable"]))
        return
    try:
        pdf, text = proof_pdf(effect.proof, getattr(ports.settings.ui, "font_path", None))
        packet_id = seal_session(ports.settings, proof_filing(effect.proof, pdf, text), outbox=outbox)
        row = outbox.get(packet_id)
    except DiskFull as exc:
        log.error("proof of service not sealed: %s", exc)
        send(SealFailed("queue.disk_full", MESSAGES["queue.disk_full"]))
        return
    except CourtKeyMissing as exc:
        log.error("proof of service not sealed: %s", exc)
        send(SealFailed("queue.court_key_missing", MESSAGES["queue.court_key_missing"]))
        return
    except Exception:
        log.exception("proof of service not sealed")
        send(SealFailed("queue.error", message_for("queue.error")))
        return
    log.info("proof of service for document %s (%s) sealed as packet %s", effect.proof.get("doc_id"),
             effect.proof.get("decision", "signed"), packet_id)
    try:  # served: the judgment goes after the retention (offline_queue.doc_store)
        from offline_queue.doc_store import mark_served

        mark_served(outbox, str(effect.proof.get("doc_id")), effect.proof.get("decision") or "signed")
    except Exception:
        log.exception("document %s not marked served (it stays until staff remove it)", effect.proof.get("doc_id"))
    online = ports.link_up() if ports.link_up is not None else True
    send(PacketSealed(PacketInfo(packet_id, row.digest, row.sealed_at, state="pushed" if online else "queued")))
