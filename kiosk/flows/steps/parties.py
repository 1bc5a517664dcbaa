"""Parties and the address for service: the applicant from the card, the other side and the
claims pre-filled from the complaint's OCR, every value showing where it came from and editable;
the address and method of service (送达地址确认, norms §10(2))."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.dossier import Party, Value
from kiosk.flows.events import (ActionTapped, FieldEdited, FieldFocused, MaterialRecognised,
                                NextTapped, OptionChosen)
from kiosk.flows.rules.case_types import CASE_TYPES
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.steps.identify import PHONE

OCR_ROLES = {"原告": "other_applicant", "上诉人": "other_applicant", "申请人": "other_applicant",
             "再审申请人": "other_applicant", "出借人": "other_applicant",
             "被告": "other", "被上诉人": "other", "被申请人": "other", "借款人": "other",
             "第三人": "third_party"}
METHODS = ("electronic", "post", "in_person")
FIELDS = ("name", "id_number", "phone", "address")


@dataclass(frozen=True)
class PartiesState:
    editing: str = ""
    touched: bool = False
    message: str = ""


@dataclass(frozen=True)
class Row:
    target: str
    label: str
    value: str
    provenance: str
    """来自身份证 / 识别自起诉状（置信度 93%） / 手工输入."""
    problem: str = ""


@dataclass(frozen=True)
class PartiesView:
    sections: tuple[tuple[str, tuple[Row, ...]], ...]
    methods: tuple[tuple[str, str], ...]
    method: str
    editing: str
    editing_label: str
    editing_value: str
    editing_kind: str
    """text | id_number | phone | amount: which keyboard the screen shows."""
    can_continue: bool
    message: str


def _provenance(value: Value | None, ctx) -> str:
    if value is None or value.value in ("", None):
        return ctx.t("provenance.missing")
    if value.source == "ocr" and value.confidence is not None:
        return ctx.t("provenance.ocr", pct=round(value.confidence * 100))
    return ctx.t(f"provenance.{value.source}")


def prefill(dossier, ctx):
    """The parties from the card and from the first recognised complaint (pure)."""
    case_type = CASE_TYPES.get(dossier.case_type)
    own_role, other_role = case_type.roles if case_type else ("applicant", "respondent")
    parties = []
    person = dossier.applicant
    if dossier.agent is not None:
        parties.append(Party(own_role, "person", (("name", Value(dossier.agent.represents, "typed")),)))
    elif person is not None:
        parties.append(Party(own_role, "person", (
            ("name", Value(person.name, "chip")), ("id_number", Value(person.id_number, "chip")),
            ("address", Value(person.address, "chip")))))
    claims = None
    phone = dossier.phone
    for material in dossier.materials:
        fields = dict(material.fields)
        if phone is None and fields.get("phones"):
            first = fields["phones"][0]
            phone = Value(str(first["value"]), "ocr", first["confidence"] / 100)
        for p in fields.get("parties", ()):
            side = OCR_ROLES.get(p["role"], "other")
            if side == "other_applicant" and parties and _same(parties[0], p["name"]):
                continue
            role = other_role if side == "other" else ("third_party" if side == "third_party" else own_role)
            conf = p["confidence"] / 100
            values = [("name", Value(p["name"], "ocr", conf))]
            if p.get("id_number"):
                values.append(("id_number", Value(p["id_number"], "ocr", conf)))
            if p.get("credit_code"):
                values.append(("credit_code", Value(p["credit_code"], "ocr", conf)))
            parties.append(Party(role, p.get("kind", "person"), tuple(values)))
        if claims is None and fields.get("amounts"):
            amount = fields["amounts"][0]
            claims = Value(str(amount["value"]), "ocr", amount["confidence"] / 100)
        if len(parties) > 1:
            break
    if not any(p.role == other_role for p in parties):
        parties.append(Party(other_role, "person", (("name", Value("", "typed")),)))
    address = Value(person.address, "chip") if person is not None and person.address else None
    return replace(dossier, parties=tuple(parties), claims=claims or dossier.claims, phone=phone,
                   service_address=dossier.service_address or address)


def _same(party, name) -> bool:
    own = party.get("name")
    return own is not None and own.value == name


class Parties(Step):
    kind = "parties"

    def initial(self, spec, dossier, ctx):
        # A resubmission arrives with the parties as filed: no OCR pre-fill over them.
        return PartiesState(touched=bool(dossier.supersedes and dossier.parties))

    def enter(self, spec, state, dossier, ctx):
        if not state.touched:
            dossier = prefill(dossier, ctx)
        return Reply(state, dossier)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, MaterialRecognised) and not state.touched:
            return Reply(state, prefill(dossier, ctx))
        if isinstance(event, FieldFocused):
            return Reply(replace(state, editing=event.target), dossier)
        if isinstance(event, FieldEdited):
            dossier = self._edit(dossier, event.target, event.value.strip())
            dossier = dossier.logged(event.wall, "field_typed", field=event.target)
            return Reply(replace(state, editing="", touched=True, message=""), dossier)
        if isinstance(event, OptionChosen) and event.group == "service_method" and event.value in METHODS:
            return Reply(replace(state, touched=True), replace(dossier, service_method=event.value))
        if isinstance(event, ActionTapped) and event.action == "add_party":
            case_type = CASE_TYPES.get(dossier.case_type)
            role = event.arg or (case_type.roles[1] if case_type else "respondent")
            party = Party(role, "person", (("name", Value("", "typed")),))
            return Reply(replace(state, touched=True), replace(dossier, parties=dossier.parties + (party,)))
        if isinstance(event, ActionTapped) and event.action == "remove_party" and event.arg.isdigit():
            i = int(event.arg)
            if 0 < i < len(dossier.parties):
                parties = dossier.parties[:i] + dossier.parties[i + 1:]
                return Reply(replace(state, touched=True), replace(dossier, parties=parties))
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=""), dossier)
        if isinstance(event, NextTapped):
            problems = self._problems(dossier)
            if not problems:
                return Reply(replace(state, message=""), dossier, go=NEXT)
            return Reply(replace(state, message=ctx.t(problems[0])), dossier)
        return Reply(state, dossier)

    def _edit(self, dossier, target, value):
        typed = Value(value, "typed")
        if target.startswith("party:"):
            _, index, name = target.split(":")
            i = int(index)
            if 0 <= i < len(dossier.parties):
                parties = list(dossier.parties)
                parties[i] = parties[i].with_field(name, typed)
                return replace(dossier, parties=tuple(parties))
            return dossier
        if target in ("service_address", "phone", "claims"):
            return replace(dossier, **{target: typed})
        return dossier

    def _problems(self, dossier) -> list[str]:
        problems = []
        names = [p.get("name") for p in dossier.parties]
        if len(names) < 2 or any(n is None or not n.value for n in names):
            problems.append("parties.name_missing")
        if dossier.service_address is None or not dossier.service_address.value:
            problems.append("parties.address_missing")
        if dossier.phone is None or not PHONE.match(str(dossier.phone.value)):
            problems.append("parties.phone_missing")
        if not dossier.service_method:
            problems.append("parties.method_missing")
        return problems

    def _label(self, target, ctx) -> str:
        return ctx.t(f"field.{target.split(':')[-1]}")

    def view(self, spec, state, dossier, ctx):
        sections = []
        for i, party in enumerate(dossier.parties):
            rows = []
            for name in FIELDS + ("credit_code",):
                value = party.get(name)
                if value is None and name in ("credit_code", "phone"):
                    continue
                target = f"party:{i}:{name}"
                rows.append(Row(target, ctx.t(f"field.{name}"), str(value.value) if value else "",
                                _provenance(value, ctx)))
            sections.append((ctx.t(f"role.{party.role}"), tuple(rows)))
        contact = tuple(Row(t, ctx.t(f"field.{t}"), str(v.value) if v else "", _provenance(v, ctx))
                        for t, v in (("phone", dossier.phone), ("service_address", dossier.service_address),
                                     ("claims", dossier.claims)))
        sections.insert(0, (ctx.t("parties.service"), contact))  # what must be typed comes first
        editing_value = ""
        if state.editing:
            for _title, rows in sections:
                for row in rows:
                    if row.target == state.editing:
                        editing_value = row.value
        kind = state.editing.split(":")[-1]
        keyboard = {"id_number": "id_number", "phone": "phone", "claims": "amount"}.get(kind, "text")
        return PartiesView(tuple(sections), tuple((m, ctx.t(f"service_method.{m}")) for m in METHODS),
                           dossier.service_method, state.editing,
                           self._label(state.editing, ctx) if state.editing else "", editing_value,
                           keyboard, not self._problems(dossier), state.message)
