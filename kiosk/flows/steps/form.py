"""A form described as data (``rules.forms``): each field shown with its value and where it came
from (the card, a material's OCR, typed), edited one at a time on the keyboard its kind needs;
a choice is a row of buttons. A value that fails its check stays in the editor with the reason,
so nothing typed is lost; 下一步 names the first field still missing or wrong.

The form is ``FORMS[dossier.case_type]``; ``params["case_type"]`` sets that key for a journey
with one form (the petition)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.flows.dossier import Value
from kiosk.flows.events import (ActionTapped, FieldEdited, FieldFocused, MaterialRecognised,
                                NextTapped, OptionChosen)
from kiosk.flows.rules import forms
from kiosk.flows.steps.base import NEXT, Reply, Step

KEYBOARDS = {"text": "text", "long_text": "text", "amount": "amount",
             "phone": "phone", "id_number": "id_number", "case_number": "case_number"}


@dataclass(frozen=True)
class FormState:
    editing: str = ""
    drafts: tuple[tuple[str, str, str], ...] = ()
    """(field, what was typed, why it was refused): kept until a good value replaces it."""
    touched: tuple[str, ...] = ()
    """Fields the person set: OCR arriving later does not overwrite them."""
    message: str = ""
    tried: bool = False


@dataclass(frozen=True)
class FormRow:
    key: str
    label: str
    kind: str
    value: str
    """As shown: a choice's option label, else the value."""
    provenance: str
    hint: str = ""
    problem: str = ""
    required: bool = True
    options: tuple[tuple[str, str, bool], ...] = ()
    """(value, label, chosen) of a choice."""


@dataclass(frozen=True)
class FormView:
    title: str
    rows: tuple[FormRow, ...]
    editing: str = ""
    editing_label: str = ""
    editing_value: str = ""
    editing_kind: str = ""
    editing_error: str = ""
    editing_limit: int = 0
    court_codes: tuple[str, ...] = field(default=())
    message: str = ""
    can_continue: bool = False


def form_of(dossier) -> forms.FormSpec | None:
    from kiosk.flows.rules.applications import FORMS

    return FORMS.get(dossier.case_type)


def form_problems(dossier, ctx) -> list[tuple[str, dict]]:
    """For the check step: ("form.check", {label, problem}) per field missing or wrong."""
    form = form_of(dossier)
    if form is None:
        return []
    out = []
    for key, problem, fmt in forms.problems(form, dossier, ctx.courts):
        spec = form.field(key)
        out.append(("form.check", {"label": ctx.t(spec.label), "problem": ctx.t(problem, **fmt)}))
    return out


def _provenance(value: Value | None, ctx) -> str:
    if value is None or value.value in ("", None):
        return ctx.t("provenance.missing")
    if value.source == "ocr" and value.confidence is not None:
        return ctx.t("provenance.ocr", pct=round(value.confidence * 100))
    return ctx.t(f"provenance.{value.source}")


def prefill(form, dossier, touched) -> object:
    for spec in form.fields:
        if spec.key in touched or dossier.form_value(spec.key) is not None:
            continue
        value = forms.prefill_value(spec, dossier)
        if value is not None:
            dossier = dossier.with_form(spec.key, value)
    return dossier


def _service_fields(dossier):
    """``params["service_fields"]``: the form's service address and method are the dossier's, so
    the confirmations signed next (norms §14(2)) and the packet's service section carry them."""
    address, method = dossier.form_value("service_address"), dossier.form_value("service_method")
    return replace(dossier, service_address=address if address and address.value else None,
                   service_method=str(method.value) if method and method.value else "")


class Form(Step):
    kind = "form"

    def initial(self, spec, dossier, ctx):
        return FormState()

    def enter(self, spec, state, dossier, ctx):
        if spec.params.get("case_type") and not dossier.case_type:
            dossier = replace(dossier, case_type=spec.params["case_type"])
        if spec.params.get("court") == "kiosk" and not dossier.court:
            dossier = replace(dossier, court=ctx.kiosk_court)
        form = form_of(dossier)
        if form is not None:
            dossier = prefill(form, dossier, state.touched)
        return Reply(state, dossier)

    def handle(self, spec, state, dossier, event, ctx):
        form = form_of(dossier)
        if form is None:
            return Reply(state, dossier, go=NEXT if isinstance(event, NextTapped) else None)
        asked = {f.key: f for f in forms.active(form, dossier)}
        if isinstance(event, MaterialRecognised):
            return Reply(state, prefill(form, dossier, state.touched))
        if isinstance(event, FieldFocused) and event.target in asked:
            return Reply(replace(state, editing=event.target), dossier)
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=""), dossier)
        if isinstance(event, FieldEdited) and event.target in asked:
            return self._edited(state, dossier, asked[event.target], event, ctx)
        if isinstance(event, OptionChosen) and event.group in asked and asked[event.group].kind == "choice":
            return self._edited(state, dossier, asked[event.group],
                                FieldEdited(event.group, event.value, at=event.at, wall=event.wall), ctx)
        if isinstance(event, NextTapped):
            problems = forms.problems(form, dossier, ctx.courts)
            if not problems:
                if spec.params.get("service_fields"):
                    dossier = _service_fields(dossier)
                return Reply(replace(state, message="", tried=True), dossier.logged(
                    event.wall, "form_confirmed", form=form.key), go=NEXT)
            key, problem, fmt = problems[0]
            message = ctx.t("form.check", label=ctx.t(form.field(key).label), problem=ctx.t(problem, **fmt))
            return Reply(replace(state, message=message, tried=True), dossier)
        return Reply(state, dossier)

    def _edited(self, state, dossier, spec, event, ctx):
        value, problem, fmt = forms.check_value(spec, event.value, ctx.courts)
        drafts = tuple(d for d in state.drafts if d[0] != spec.key)
        touched = state.touched + ((spec.key,) if spec.key not in state.touched else ())
        if problem:  # keep what was typed, and say why it was not taken
            drafts += ((spec.key, event.value, ctx.t(problem, **fmt)),)
            dossier = dossier.logged(event.wall, "field_refused", field=spec.key, problem=problem)
            return Reply(replace(state, editing=spec.key if spec.kind != "choice" else "",
                                 drafts=drafts, touched=touched), dossier)
        dossier = dossier.with_form(spec.key, Value(value, "typed") if value else None)
        dossier = dossier.logged(event.wall, "field_typed", field=spec.key)
        return Reply(replace(state, editing="", drafts=drafts, touched=touched, message=""), dossier)

    def view(self, spec, state, dossier, ctx):
        form = form_of(dossier)
        if form is None:
            return FormView("", (), can_continue=True)
        drafts = {key: (text, why) for key, text, why in state.drafts}
        missing = {key: ctx.t(p, **fmt) for key, p, fmt in forms.problems(form, dossier, ctx.courts)}
        rows = []
        for f in forms.active(form, dossier):
            value = dossier.form_value(f.key)
            shown = "" if value is None else str(value.value)
            options = ()
            if f.kind == "choice":
                options = tuple((o, ctx.t(forms.option_label(f, o)), shown == o) for o in f.options)
                shown = ctx.t(forms.option_label(f, shown)) if shown else ""
            if f.kind == "id_number" and len(shown) > 7:  # a public screen: as the identify step shows it
                shown = shown[:3] + "*" * (len(shown) - 7) + shown[-4:]
            problem = drafts[f.key][1] if f.key in drafts else (missing.get(f.key, "") if state.tried else "")
            rows.append(FormRow(f.key, ctx.t(f.label), f.kind, shown, _provenance(value, ctx),
                                ctx.t(f.hint) if f.hint else "", problem, f.required, options))
        editing = form.field(state.editing) if state.editing else None
        if editing is None:
            return FormView(ctx.t(form.title), tuple(rows), message=state.message,
                            can_continue=not missing)
        value = dossier.form_value(editing.key)
        text, error = drafts.get(editing.key, ("" if value is None else str(value.value), ""))
        return FormView(ctx.t(form.title), tuple(rows), editing.key, ctx.t(editing.label), text,
                        KEYBOARDS.get(editing.kind, "text"), error, editing.limit()
                        if editing.kind in ("text", "long_text") else 0,
                        court_codes=(ctx.kiosk_court,), message=state.message, can_continue=not missing)

    def prompt(self, spec, state, dossier, ctx):
        form = form_of(dossier)
        if state is not None and state.message:
            return state.message
        return ctx.t(spec.prompt, form=ctx.t(form.title) if form else "")
