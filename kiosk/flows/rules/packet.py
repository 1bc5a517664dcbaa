"""From a finished dossier to what gets sealed (pure): the form with every value's provenance,
the material list, the §12 screening flags, the signed confirmations, the checks, the audit
trail; and the lines of the printed receipt."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field

from kiosk.flows.rules.case_types import case_type_of


@dataclass(frozen=True)
class FilingSpec:
    service: str
    kind: str
    case_type: str
    jurisdiction_court: str
    case_ref: str | None
    supersedes: str | None
    form: dict = field(repr=False)
    identity: dict | None = field(repr=False)
    materials: tuple[dict, ...] = field(repr=False)
    material_list: tuple[dict, ...] = field(repr=False)
    screening: tuple[dict, ...] = field(repr=False)
    signatures: tuple[dict, ...] = field(repr=False)
    checks: dict = field(repr=False)
    audit: tuple[dict, ...] = field(repr=False)


def form_of(dossier, ctx) -> dict:
    court = ctx.courts.by_code(dossier.court)
    case_type = case_type_of(dossier.case_type)
    form = {
        "case_type": {"value": dossier.case_type, "name": case_type.name if case_type else ""},
        "jurisdiction_court": {"code": dossier.court, "name": court.name if court else ""},
        "cooperating_court": {"code": ctx.kiosk_court},
        "origin_court": dossier.origin_court or None,
        "case_ref": dossier.case_ref or None,
        "parties": [p.as_json() for p in dossier.parties],
        "service": {"address": dossier.service_address.as_json() if dossier.service_address else None,
                    "method": dossier.service_method or None,
                    "phone": dossier.phone.as_json() if dossier.phone else None},
        "claims": dossier.claims.as_json() if dossier.claims else None,
    }
    form["journey"] = dossier.service
    if dossier.form:  # an application's or a petition's own form (``rules.applications``)
        from kiosk.flows.rules.applications import FORMS
        from kiosk.flows.rules.forms import as_json

        spec = FORMS.get(dossier.case_type)
        if spec is not None:
            form["application"] = {"kind": dossier.case_type, "kind_name": case_type.name if case_type else "",
                                   **as_json(spec, dossier, ctx.t)}
        else:  # a record with no form of its own (the signed transcript): its values as they are
            form["record"] = {key: value.as_json() for key, value in dossier.form}
        phone = dossier.form_value("phone")
        if dossier.phone is None and phone is not None:  # where the court looks for the SMS number
            form["service"]["phone"] = phone.as_json()
    if dossier.message is not None:
        form["message"] = dossier.message.as_json()
    if dossier.fee_notice:  # the proof of payment names its notice (court.fees matches on it)
        form["fee_notice"] = dict(dossier.fee_notice)
    if dossier.agent is not None:
        agent = dossier.agent
        form["agent"] = {"licence": {"value": agent.licence, "source": "typed"},
                         "phone": {"value": agent.phone, "source": "typed"},
                         "represents": {"value": agent.represents, "source": "typed"},
                         "identity": agent.identity.as_json() if agent.identity else None}
    return form


def filing_of(dossier, params, ctx) -> FilingSpec:
    materials = tuple({"material_id": m.material_id, "name": m.name, "pdf_path": m.pdf_path,
                       "ocr_text": m.ocr_text, "original": m.original, "pages": m.page_count,
                       "doc_type": m.doc_type, **_kept(m)}
                      for m in dossier.materials if m.in_packet)
    listing = tuple(rows_of(dossier))
    screening = tuple({"material": no, **flag}
                      for no, m in enumerate((m for m in dossier.materials if m.in_packet), start=1)
                      for flag in m.flags)
    signatures = tuple({"key": s.key, "text": s.text, "text_sha256": s.text_sha256,
                        "strokes_json": s.strokes_json, "png": s.png,
                        "signed_at": s.signed_at, "refused": s.refused,
                        "signer": dossier.applicant.name if dossier.applicant else ""}
                       for s in dossier.signatures)
    checks = {"problems": [], "checked_at": ctx.wall,
              "materials": [{"name": m.name, "layer_ok": m.layer_ok, "confidence": round(m.confidence, 1),
                             "page_problems": [p.problem for p in m.pages if p.problem]}
                            for m in dossier.materials if m.pages]}
    kept = [m.name for m in dossier.materials if m.kept_from and not m.pages]
    if kept:
        checks["kept_from_superseded"] = kept
    return FilingSpec(
        service=params.get("services", {}).get(dossier.case_type, dossier.service),
        kind=_packet_kind(params, dossier),
        case_type=dossier.case_type or params.get("case_type", ""),
        jurisdiction_court=dossier.court, case_ref=dossier.case_ref or _form_case_ref(dossier),
        supersedes=dossier.supersedes or None,
        form=form_of(dossier, ctx),
        identity=dossier.applicant.as_json() if dossier.applicant else None,
        materials=materials, material_list=listing, screening=screening, signatures=signatures,
        checks=checks, audit=dossier.audit)


def _packet_kind(params, dossier) -> str:
    """A journey's packet kind, or one the dossier decides (``"by_kind"``: preservation or appraisal)."""
    kind = params.get("packet_kind", "filing")
    if kind == "by_kind":
        from kiosk.flows.rules.applications import packet_kind

        return packet_kind(dossier)
    return kind


def _form_case_ref(dossier) -> str | None:
    value = dossier.form_value("case_ref")
    return str(value.value) if value is not None and value.value else None


def receipt_lines(dossier, params, ctx):
    """(title, lines, QR payload, footer) of the printed receipt (norms §8 and §10(4))."""
    packet = dossier.packet
    court = ctx.courts.by_code(dossier.court)
    case_type = case_type_of(dossier.case_type)
    who = dossier.applicant
    lines = [ctx.t("receipt.court", court=court.name if court else dossier.court),
             ctx.t("receipt.service", service=ctx.t(params.get("receipt_title", "receipt.title")))]
    if case_type:
        lines.append(ctx.t("receipt.case_type", case_type=case_type.name))
    if dossier.case_ref:
        lines.append(ctx.t("receipt.case_ref", case_ref=dossier.case_ref))
    if dossier.supersedes:  # the printed receipt says which returned application this replaces
        lines.append(ctx.t("cf.resubmit_banner", packet=dossier.supersedes))
    if who:
        lines.append(ctx.t("receipt.applicant", name=who.name, number=who.masked_number))
    lines.append(ctx.t("receipt.materials"))
    for row in rows_of(dossier):
        kind = ctx.t("list.original" if row["original"] else "list.copy")
        lines.append(f"  {row['no']}. {row['name']}（{kind}，{row['pages']}页）")
    sealed = _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(packet.sealed_at))
    lines += [ctx.t("receipt.sealed_at", at=sealed), ctx.t("receipt.packet", packet_id=packet.packet_id),
              ctx.t("receipt.digest", digest=packet.digest[:32]), f"  {packet.digest[32:]}"]
    return (ctx.t("receipt.title"), tuple(lines), f"court-packet:{packet.packet_id}:{packet.digest}",
            ctx.t("receipt.footer"))


def rows_of(dossier) -> list[dict]:
    """The list as it goes into the packet (``material_list.json``)."""
    applicant = dossier.applicant.name if dossier.applicant else ""
    out = []
    for no, m in enumerate((m for m in dossier.materials if m.in_packet), start=1):
        out.append({"no": no, "material_id": m.material_id, "name": m.name, "doc_type": m.doc_type,
                    "original": m.original, "pages": m.page_count, "applicant": applicant,
                    "scanned_at": _stamp(m.scanned_at), **_kept(m)})
    return out


def _stamp(wall: float) -> str:
    return _time.strftime("%Y-%m-%d %H:%M", _time.localtime(wall)) if wall else ""


def _kept(m) -> dict:
    """A material kept from the superseded packet: where the court finds its copy."""
    if not m.kept_from or m.pages:
        return {}
    return {"kept_from": {"packet_id": m.kept_from, "file": m.kept_file, "sha256": m.kept_sha256}}
