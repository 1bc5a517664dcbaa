"""Who is filing: the ID card at the reader, or the lawyer channel (rules §5, norms §7).

Any of the four card types fills the applicant (provenance ``chip``). An expired card or a number
whose check digit fails is explained, with the ways on (another card, the lawyer channel, the
counter), never a dead end. A lawyer types the licence number (17 digits) and phone, then taps
their own ID card, then says whom they act for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kiosk.flows.dossier import Agent
from kiosk.flows.events import (ActionTapped, CardFailed, CardRead, FieldEdited, FieldFocused,
                                NextTapped)
from kiosk.flows.steps.base import NEXT, Reply, Step

LICENCE = re.compile(r"^\d{17}$")
LAWYER_FIELDS = {"licence": "digits", "phone": "phone", "represents": "text"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_ok(number: str) -> bool:
    """MOD 11-2 (GB 11643) for 18-character numbers; other card numbers are taken as read."""
    if len(number) != 18 or not number[:17].isdigit():
        return len(number) != 18
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def card_problem(identity, today: date) -> str:
    if not id_check_ok(identity.id_number):
        return "idcard.bad_check_digit"
    if identity.valid_to and identity.valid_to != "长期":
        try:
            if date.fromisoformat(identity.valid_to) < today:
                return "idcard.expired"
        except ValueError:
            pass
    return ""


@dataclass(frozen=True)
class IdentifyState:
    mode: str = "card"  # card | lawyer
    error: str = ""
    licence: str = ""
    phone: str = ""
    represents: str = ""
    lawyer_identity: object = None
    editing: str = ""


@dataclass(frozen=True)
class IdentifyView:
    mode: str
    who: str
    """Name and masked number once read, else ''."""
    card_type: str
    error: str
    licence: str
    phone: str
    represents: str
    can_continue: bool
    allow_lawyer: bool
    field_errors: tuple[tuple[str, str], ...] = ()
    editing: str = ""
    editing_label: str = ""
    editing_value: str = ""
    editing_kind: str = ""


class Identify(Step):
    kind = "identify"

    def initial(self, spec, dossier, ctx):
        return IdentifyState()

    def handle(self, spec, state, dossier, event, ctx):
        today = date.fromtimestamp(event.wall) if event.wall else date.today()
        if isinstance(event, CardRead):
            problem = card_problem(event.identity, today)
            if problem:
                dossier = dossier.logged(event.wall, "idcard_refused", reason=problem)
                return Reply(replace(state, error=problem), dossier)
            if state.mode == "lawyer":
                return Reply(replace(state, lawyer_identity=event.identity, error=""),
                             dossier.logged(event.wall, "lawyer_idcard_read"))
            dossier = replace(dossier, applicant=event.identity).logged(
                event.wall, "idcard_read", card_type=event.identity.card_type)
            # ``auto_next`` (我的案件): the card alone is the question, no 下一步 to find.
            return Reply(replace(state, error=""), dossier, go=NEXT if spec.params.get("auto_next") else None)
        if isinstance(event, CardFailed):
            return Reply(replace(state, error=event.code), dossier)
        if isinstance(event, ActionTapped) and event.action == "lawyer" and spec.params.get("allow_lawyer", True):
            return Reply(replace(state, mode="lawyer", error=""), dossier)
        if isinstance(event, ActionTapped) and event.action == "party":
            return Reply(replace(state, mode="card", error=""), dossier)
        if isinstance(event, FieldFocused) and event.target in LAWYER_FIELDS and state.mode == "lawyer":
            return Reply(replace(state, editing=event.target), dossier)
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=""), dossier)
        if isinstance(event, FieldEdited) and event.target in LAWYER_FIELDS:
            return Reply(replace(state, editing="", **{event.target: event.value.strip()}), dossier)
        if isinstance(event, NextTapped) and self._complete(state, dossier):
            if state.mode == "lawyer":
                agent = Agent(state.licence, state.phone, state.lawyer_identity, state.represents)
                dossier = replace(dossier, agent=agent).logged(event.wall, "lawyer_channel",
                                                               licence=state.licence)
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def _field_errors(self, state) -> tuple[tuple[str, str], ...]:
        errors = []
        if state.licence and not LICENCE.match(state.licence):
            errors.append(("licence", "input.licence.invalid"))
        if state.phone and not PHONE.match(state.phone):
            errors.append(("phone", "input.phone.invalid"))
        return tuple(errors)

    def _complete(self, state, dossier) -> bool:
        if state.mode == "card":
            return dossier.applicant is not None
        return (bool(LICENCE.match(state.licence)) and bool(PHONE.match(state.phone))
                and state.lawyer_identity is not None and bool(state.represents))

    def view(self, spec, state, dossier, ctx):
        person = dossier.applicant if state.mode == "card" else state.lawyer_identity
        who = f"{person.name}（{person.masked_number}）" if person else ""
        card_type = ctx.t(f"idcard.type.{person.card_type}") if person else ""
        return IdentifyView(
            mode=state.mode, who=who, card_type=card_type,
            error=ctx.t(f"identify.error.{state.error}") if state.error else "",
            licence=state.licence, phone=state.phone, represents=state.represents,
            can_continue=self._complete(state, dossier),
            allow_lawyer=bool(spec.params.get("allow_lawyer", True)),
            field_errors=tuple((f, ctx.t(k)) for f, k in self._field_errors(state)),
            editing=state.editing,
            editing_label=ctx.t(f"identify.{state.editing}") if state.editing else "",
            editing_value=getattr(state, state.editing) if state.editing else "",
            editing_kind=LAWYER_FIELDS.get(state.editing, ""))

    def prompt(self, spec, state, dossier, ctx):
        if state is not None and state.error:
            return ctx.t(f"identify.error.{state.error}")
        if dossier.applicant is not None:
            return ctx.t("identify.read", name=dossier.applicant.name)
        return ctx.t(spec.prompt)
