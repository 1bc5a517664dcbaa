"""Forms as data: the fields of an application or a petition, what each may hold, where its value
may come from (the card, a scanned material's OCR, the case number), and the checks that give a
plain message instead of a bad value. Pure: the ``form`` step and the check step both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kiosk.flows.dossier import Value
from kiosk.inputs.keypad import CASE_EXAMPLE, check

KINDS = ("text", "long_text", "amount", "choice", "case_number", "phone", "id_number")
MAX_LEN = {"text": 60, "long_text": 500}
MAX_AMOUNT = Decimal("1000000000000")
MIN_OCR = 0.5
"""Below this confidence an OCR reading is not offered: the person types the value instead."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    """One of ``KINDS``: which keyboard the screen shows and how the value is checked."""
    label: str
    """Catalogue key of the label; a choice's options are labelled ``form.option.<key>.<value>``."""
    required: bool = True
    max_len: int = 0
    """Characters allowed (0: the kind's default, 60 for text, 500 for long text)."""
    options: tuple[str, ...] = ()
    prefill: tuple[str, ...] = ()
    """Where a value may come from, tried in order: ``card.<attr>``, ``dossier.case_ref``,
    ``ocr.amount``, ``ocr.phone``, ``ocr.party:<role>`` (a party's name read from a material)."""
    when: tuple[str, tuple[str, ...]] | None = None
    """(field, values): the field is asked only while that field holds one of these values."""
    hint: str = ""
    """Catalogue key of a line under the label (e.g. what the amount covers)."""

    def limit(self) -> int:
        return self.max_len or MAX_LEN.get(self.kind, 60)


@dataclass(frozen=True)
class FormSpec:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


def option_label(spec: FieldSpec, option: str) -> str:
    return f"form.option.{spec.key}.{option}"


def active(form: FormSpec, dossier) -> tuple[FieldSpec, ...]:
    """The fields asked now (a ``when`` field follows the answer it depends on)."""
    out = []
    for spec in form.fields:
        if spec.when is not None:
            value = dossier.form_value(spec.when[0])
            if value is None or value.value not in spec.when[1]:
                continue
        out.append(spec)
    return tuple(out)


def check_value(spec: FieldSpec, text: str, courts=None) -> tuple[str | None, str, dict]:
    """(the normalised value or None, problem key, format values) for what was typed or chosen."""
    value = text.strip()
    if not value:
        return ("", "", {}) if not spec.required else (None, "form.problem.empty", {})
    if spec.kind in ("text", "long_text"):
        if len(value) > spec.limit():
            return None, "form.problem.too_long", {"max": spec.limit(), "count": len(value)}
        return value, "", {}
    if spec.kind == "amount":
        return _amount(value)
    if spec.kind == "choice":
        return (value, "", {}) if value in spec.options else (None, "form.problem.choice", {})
    if spec.kind in ("case_number", "phone", "id_number"):
        return _keypad(spec.kind, value, courts)
    return None, "form.problem.choice", {}


def _keypad(kind: str, value: str, courts) -> tuple[str | None, str, dict]:
    """The keypads' own judges (``kiosk.inputs.keypad``), so a form says what the keypad says."""
    state = check(kind, value)
    if not state.valid:
        message = state.message.split("\n")[0] if state.status == "invalid" else ""
        if kind == "case_number" and not message:
            message = CASE_EXAMPLE
        return None, "form.problem.input", {"message": message or state.message}
    if kind == "case_number" and courts is not None and courts.by_code(state.parts["court"]) is None:
        return None, "case_number.unknown_court", {}
    return state.value, "", {}


def _amount(value: str) -> tuple[str | None, str, dict]:
    cleaned = value.replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None, "form.problem.amount", {}
    if not amount.is_finite() or amount <= 0 or amount >= MAX_AMOUNT:
        return None, "form.problem.amount", {}
    if amount != amount.quantize(Decimal("0.01")):
        return None, "form.problem.amount_cents", {}
    return f"{amount.quantize(Decimal('0.01'))}", "", {}


def prefill_value(spec: FieldSpec, dossier) -> Value | None:
    """The first value the card, the case number or a material's OCR offers for this field."""
    for source in spec.prefill:
        kind, _, name = source.partition(".")
        if kind == "card" and dossier.applicant is not None and getattr(dossier.applicant, name, ""):
            return Value(str(getattr(dossier.applicant, name)), "chip")
        if source == "dossier.case_ref" and dossier.case_ref:
            return Value(dossier.case_ref, "typed")
        if kind == "ocr":
            found = _from_ocr(name, dossier)
            if found is not None and (found.confidence or 0) >= MIN_OCR:
                checked, problem, _ = check_value(spec, str(found.value))
                if checked and not problem:
                    return Value(checked, "ocr", found.confidence)
    return None


def _from_ocr(name: str, dossier) -> Value | None:
    for material in dossier.materials:
        fields = dict(material.fields)
        if name == "amount" and fields.get("amounts"):
            first = fields["amounts"][0]
            return Value(str(first["value"]), "ocr", first["confidence"] / 100)
        if name == "phone" and fields.get("phones"):
            first = fields["phones"][0]
            return Value(str(first["value"]), "ocr", first["confidence"] / 100)
        if name.startswith("party:"):
            role = name.split(":", 1)[1]
            for party in fields.get("parties", ()):
                if party.get("role") == role and party.get("name"):
                    return Value(party["name"], "ocr", party["confidence"] / 100)
    return None


def problems(form: FormSpec, dossier, courts=None) -> list[tuple[str, str, dict]]:
    """(field key, problem key, format values) for every asked field that is missing or wrong."""
    out = []
    for spec in active(form, dossier):
        value = dossier.form_value(spec.key)
        text = "" if value is None else str(value.value)
        checked, problem, fmt = check_value(spec, text, courts)
        if problem:
            out.append((spec.key, problem, fmt))
    return out


def as_json(form: FormSpec, dossier, label) -> dict:
    """The form as it goes into ``form.json``: each asked field with its label and provenance."""
    fields = {}
    for spec in active(form, dossier):
        value = dossier.form_value(spec.key)
        entry = value.as_json() if value is not None else {"value": None, "source": "typed"}
        entry["label"] = label(spec.label)
        if spec.kind == "choice" and value is not None and value.value:
            entry["text"] = label(option_label(spec, value.value))
        entry["kind"] = spec.kind
        fields[spec.key] = entry
    return {"form": form.key, "title": label(form.title), "fields": fields}
