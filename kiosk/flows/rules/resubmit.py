"""Correct and resubmit (rules §8): a new filing's dossier pre-filled from the court's copy of a
rejected one (pure). The person's own party comes from the card read now; the others, the court,
the case type, service and claims as they were filed, each value keeping its provenance. Each
material is either kept (the court uses its copy, named by file and hash) or, when the court's
screening flagged it, listed to be rescanned."""

from __future__ import annotations

from kiosk.flows.dossier import Dossier, MaterialEntry, Party, Value

RESUBMIT_JOURNEY = {"case_filing": "case_filing"}
"""Which journey reopens a rejected packet of each service."""


def _value(obj) -> Value | None:
    if not isinstance(obj, dict) or obj.get("value") in (None, ""):
        return None
    confidence = obj.get("confidence")
    return Value(obj["value"], str(obj.get("source") or "typed"),
                 float(confidence) if isinstance(confidence, (int, float)) else None)


def _code(obj) -> str:
    if isinstance(obj, dict):
        obj = obj.get("code", obj.get("value"))
    return "" if obj in (None, "") else str(obj)


def _party(obj: dict, identity, own: bool) -> Party:
    fields = []
    for name, raw in obj.items():
        value = _value(raw) if name not in ("role", "kind") else None
        if value is None:
            continue
        if value.source == "chip":  # read from a chip in the old session: now the card read today, or typed
            fresh = getattr(identity, name, None) if own and identity is not None else None
            value = Value(fresh, "chip") if fresh else Value(value.value, "typed")
        fields.append((name, value))
    return Party(str(obj.get("role") or "applicant"), str(obj.get("kind") or "person"), tuple(fields))


def _is_own(obj: dict, identity) -> bool:
    if identity is None:
        return False
    number = obj.get("id_number")
    number = number.get("value") if isinstance(number, dict) else number
    return str(number or "") == identity.id_number


def seed_dossier(data: dict, identity, ctx) -> Dossier:
    """The dossier a resubmission starts from; ``data`` is the court's verified ``resubmit`` answer."""
    form = data.get("form") if isinstance(data.get("form"), dict) else {}
    parties = tuple(_party(p, identity, _is_own(p, identity))
                    for p in form.get("parties") or () if isinstance(p, dict))
    service = form.get("service") if isinstance(form.get("service"), dict) else {}
    materials = []
    for n, m in enumerate(data.get("materials") or (), start=1):
        if not isinstance(m, dict):
            continue
        base = MaterialEntry(f"k{n:02d}", str(m.get("name") or ""), doc_type=str(m.get("doc_type") or ""),
                             original=bool(m.get("original")))
        if m.get("keepable") and m.get("sha256") and m.get("file"):
            materials.append(MaterialEntry(
                base.material_id, base.name, base.doc_type, base.original, status="kept",
                kept_from=str(m.get("from_packet") or data.get("packet_id") or ""), kept_file=str(m["file"]),
                kept_sha256=str(m["sha256"]), kept_pages=int(m.get("pages") or 0)))
        else:
            materials.append(MaterialEntry(base.material_id, base.name, base.doc_type, base.original,
                                           status="empty", error=ctx.t("cf.material_must_rescan")))
    return Dossier(
        service=str(data.get("service") or "case_filing"), applicant=identity,
        case_type=_code(form.get("case_type")), court=_code(form.get("jurisdiction_court")),
        origin_court=_code(form.get("origin_court")), case_ref=str(form.get("case_ref") or ""),
        parties=parties, service_address=_value(service.get("address")),
        service_method=str(service.get("method") or ""), phone=_value(service.get("phone")),
        claims=_value(form.get("claims")), materials=tuple(materials),
        supersedes=str(data.get("packet_id") or ""))
