"""文书领取 (norms §19–21) as data: the documents a litigant may ask for, the ways they may be
served, the request form, the SMS pickup code, and the proof of service (送达回证) the kiosk
fills in from the court's form. Pure: the steps and the effect handler both use it."""

from __future__ import annotations

import hashlib
import re
import time as _time

from kiosk.flows.rules.forms import FieldSpec, FormSpec

DOC_TYPES = ("judgment", "ruling", "mediation", "decision", "effective_cert", "other")
"""判决书, 裁定书, 调解书, 决定书, 法律文书生效证明, 其他诉讼文书 (norms §19)."""
METHODS = ("collect_here", "post", "electronic")
"""Norms §21(2): paper collected here at the cooperating court, posted by the jurisdiction
court, or the electronic version sent to the litigant directly."""
REQUEST_KIND = "document_request"
PROOF_KIND = "service_proof"
PROOF_CONFIRMATION = "doc.proof"
REFUSAL_SERVICE = "service_refusal"
"""A proof of service the person refused to sign: same packet kind, its own service (its SMS)."""
REFUSAL_REASONS = ("disagree", "wrong_document", "need_advice", "other")
"""Why the person refuses to sign for the document received: disagrees with it, it is not theirs
or its details are wrong, wants advice first, or a reason typed (``other``)."""
ANSWERS = ("document_sent", "not_generated", "unsuitable")
"""The jurisdiction court's answers to a request (norms §21(2), §21(3), §20(3))."""
COLLECTABLE_KINDS = ("judgment",)
"""Downlink kinds a litigant collects here (archives and transcripts have their own journeys)."""
CODE = re.compile(r"^\d{6}$")
QR = re.compile(r"court-kiosk:pickup:([0-9a-f-]{36}):(\d{6})")
MAX_CODE_TRIES = 5

REQUEST_FORM = FormSpec(REQUEST_KIND, "doc.form.title", (
    FieldSpec("doc_type", "choice", "doc.field.doc_type", options=DOC_TYPES),
    FieldSpec("service_method", "choice", "doc.field.service_method", options=METHODS,
              hint="doc.hint.service_method"),
    FieldSpec("address", "text", "doc.field.address", prefill=("card.address",), max_len=80),
    FieldSpec("phone", "phone", "doc.field.phone"),
))


def recipient_tag(id_number: str) -> str:
    """The recipient tag a court document carries instead of the ID number: the same formula as
    ``offline_queue.document.recipient_tag`` (flows stay pure; a test holds the two equal)."""
    return hashlib.sha256(f"court-kiosk/recipient/v1:{id_number.strip().upper()}".encode()).hexdigest()


def code_from_scan(text: str) -> tuple[str, str]:
    """(doc id or "", code or "") from what the QR scanner read: the SMS link's QR names both."""
    found = QR.search(text.strip())
    if found:
        return found.group(1), found.group(2)
    digits = re.sub(r"\D", "", text)
    return "", digits if CODE.match(digits) else ""


def form_text(dossier, key: str) -> str:
    value = dossier.form_value(key)
    return "" if value is None or value.value in (None, "") else str(value.value)


def confirmation_values(dossier, t) -> dict[str, str]:
    """What the request's and the proof's confirmations say (norms §20(2)): the document asked
    for, the address and the way of service, and the document received."""
    doc_type = form_text(dossier, "doc_type")
    method = form_text(dossier, "service_method")
    doc = dossier.document
    return {"doc_type": t(f"form.option.doc_type.{doc_type}") if doc_type else "",
            "doc_method": t(f"form.option.service_method.{method}") if method else "",
            "doc_address": form_text(dossier, "address"),
            "doc_title": doc.title if doc else "", "doc_case": (doc.case_ref if doc else "") or "",
            "doc_hash": doc.sha256[:8] if doc else "",
            "recipient": (dossier.applicant.name if dossier.applicant else "")
            or (doc.recipient_name if doc else "")}


def last_print(dossier, doc_id: str) -> dict | None:
    """The last finished print of this document in the session's audit trail."""
    for event in reversed(dossier.audit):
        if event.get("event") == "print_done" and event.get("doc") == doc_id:
            return event
    return None


def proof_of(dossier, ctx) -> dict:
    """The proof of service as sealed: the court's 送达回证 form filled, the signature (image and
    strokes, bound to the text), the document's hash, the time and how the person was identified."""
    doc = dossier.document
    signed = next((s for s in dossier.signatures if s.key == PROOF_CONFIRMATION and not s.refused), None)
    refused = None if signed else next(
        (s for s in dossier.signatures if s.key == PROOF_CONFIRMATION and s.refused), None)
    printed = last_print(dossier, doc.doc_id) or {}
    kiosk_court = ctx.courts.by_code(ctx.kiosk_court)
    values = confirmation_values(dossier, ctx.t)
    at = signed.signed_at if signed else refused.signed_at if refused else ctx.wall
    form = dict(doc.service_form)
    issuer = ctx.courts.by_code(doc.court)
    form.setdefault("送达法院", issuer.name if issuer else doc.court)
    form.update({"送达地点": f"{kiosk_court.name if kiosk_court else ctx.kiosk_court}诉讼服务自助终端",
                 "送达方式": ctx.t("doc.proof_method"),
                 "受送达人": values["recipient"]})
    when = _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(at))
    if refused:
        form.update({"拒收时间": when, "拒收理由": form_text(dossier, "refusal_detail")})
    else:
        form["签收时间"] = when
    form.setdefault("送达文书", doc.title)
    form.setdefault("案号", doc.case_ref or "")
    return {
        "schema": "court-kiosk/service-proof/v1", "doc_id": doc.doc_id, "doc_sha256": doc.sha256,
        "title": doc.title, "case_ref": doc.case_ref, "court": doc.court,
        "identified_by": "card" if dossier.applicant is not None else "code",
        "signed_at": at, "form": form, "decision": "refused" if refused else "signed",
        "refusal": {"reason": form_text(dossier, "refusal_reason"), "text": refused.text,
                    "reason_text": form_text(dossier, "refusal_detail"),
                    "text_sha256": refused.text_sha256} if refused else None,
        "printed": {k: printed.get(k) for k in ("pages", "copies", "duplex", "job", "at") if k in printed},
        "signature": {"key": signed.key, "text": signed.text, "text_sha256": signed.text_sha256,
                      "strokes_json": signed.strokes_json, "png": signed.png} if signed else None,
        "identity": dossier.applicant.as_json() if dossier.applicant else None,
        "audit": dossier.audit,
    }
