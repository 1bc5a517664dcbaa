"""Confirmations, signed (norms §10(2)): each shown as its exact text and signed on the pad; each
signature is bound to the SHA-256 of that text (Electronic Signature Law art. 13: any later change
of the text is detectable). The texts carry the dossier's values, so they say what is confirmed.

With ``can_refuse`` the person may refuse to sign instead; with ``refusal_reasons`` too (the
proof of service, 送达回证) they say why — one of a few reasons, or typed — and the refusal is
recorded as its own text (``refusal_text``, bound to its hash like a signature) for the court."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from kiosk.flows.dossier import SignedText, Value
from kiosk.flows.effects import Speak
from kiosk.flows.events import ActionTapped, FieldEdited, FieldFocused, NextTapped, SignatureDrawn
from kiosk.flows.steps.base import NEXT, Reply, Step

OTHER = "other"
"""The reason that is typed rather than chosen."""
MAX_REASON = 80


@dataclass(frozen=True)
class SignState:
    index: int = 0
    error: str = ""
    refusing: bool = False
    reason: str = ""
    typed: str = ""
    editing: bool = False


@dataclass(frozen=True)
class SignView:
    text: str
    number: int
    count: int
    error: str
    signer: str
    can_refuse: bool
    refusing: bool = False
    reasons: tuple[tuple[str, str, bool], ...] = ()
    """(reason key, label, chosen) while refusing."""
    typed: str = ""
    editing: bool = False
    labels: dict = field(compare=False, default_factory=dict)


def confirmation_text(key: str, dossier, ctx) -> str:
    court = ctx.courts.by_code(dossier.court)
    address = dossier.service_address.value if dossier.service_address else ""
    method = ctx.t(f"service_method.{dossier.service_method}") if dossier.service_method else ""
    from kiosk.flows.rules.applications import confirmation_values
    from kiosk.flows.rules.documents import confirmation_values as document_values

    return ctx.t(f"confirm.{key}", court=court.name if court else dossier.court,
                 address=address, method=method, case_ref=dossier.case_ref,
                 name=dossier.applicant.name if dossier.applicant else "",
                 **confirmation_values(dossier, ctx.t), **document_values(dossier, ctx.t))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reason_label(spec, state, ctx) -> str:
    if state.reason == OTHER:
        return state.typed
    return ctx.t(f"{spec.params['reason_texts']}.{state.reason}") if state.reason else ""


class Sign(Step):
    kind = "sign"

    def initial(self, spec, dossier, ctx):
        return SignState()

    def enter(self, spec, state, dossier, ctx):
        # Values may have changed since a previous visit: signatures over old texts are dropped.
        keys = spec.params["confirmations"]
        kept = tuple(s for s in dossier.signatures
                     if s.key not in keys or s.text == confirmation_text(s.key, dossier, ctx))
        index = sum(1 for k in keys if any(s.key == k for s in kept))
        return Reply(SignState(index=min(index, len(keys) - 1) if index < len(keys) else 0),
                     replace(dossier, signatures=kept))

    def handle(self, spec, state, dossier, event, ctx):
        keys = spec.params["confirmations"]
        if isinstance(event, SignatureDrawn) and not state.refusing:
            if not event.valid:
                return Reply(replace(state, error=event.reason or ctx.t("sign.too_small")), dossier)
            key = keys[state.index]
            text = confirmation_text(key, dossier, ctx)
            signed = SignedText(key, text, text_sha256(text), event.strokes_json, event.png,
                                signed_at=event.wall)
            dossier = replace(dossier, signatures=tuple(s for s in dossier.signatures if s.key != key)
                              + (signed,))
            dossier = dossier.logged(event.wall, "signed", confirmation=key, text_sha256=signed.text_sha256)
            if state.index + 1 >= len(keys):
                return Reply(replace(state, error=""), dossier, go=NEXT)
            return Reply(SignState(state.index + 1), dossier)
        if not spec.params.get("can_refuse"):
            return Reply(state, dossier)
        if isinstance(event, ActionTapped) and event.action == "refuse" and not state.refusing:
            if not spec.params.get("refusal_reasons"):
                return self._refused(spec, state, dossier, event.wall, ctx)
            dossier = dossier.logged(event.wall, "refusal_started", confirmation=keys[state.index])
            return Reply(replace(state, refusing=True, error=""), dossier,
                         (Speak(ctx.t(spec.params["refusal_prompt"])),))
        if state.refusing:
            return self._refusing(spec, state, dossier, event, ctx)
        return Reply(state, dossier)

    def _refusing(self, spec, state, dossier, event, ctx):
        reasons = spec.params["refusal_reasons"]
        if isinstance(event, ActionTapped) and event.action == "reason" and event.arg in reasons:
            return Reply(replace(state, reason=event.arg, error="", editing=event.arg == OTHER), dossier)
        if isinstance(event, FieldFocused) and event.target == "refusal_reason":
            return Reply(replace(state, reason=OTHER, editing=True, error=""), dossier)
        if isinstance(event, ActionTapped) and event.action == "cancel_edit":
            return Reply(replace(state, editing=False), dossier)
        if isinstance(event, FieldEdited) and event.target == "refusal_reason":
            typed = " ".join(event.value.split())
            if not typed or len(typed) > MAX_REASON:
                return Reply(replace(state, error=ctx.t("refusal.sign.typed_bad", max=MAX_REASON)), dossier)
            return Reply(replace(state, reason=OTHER, typed=typed, editing=False, error=""), dossier)
        if isinstance(event, ActionTapped) and event.action == "sign_instead":
            dossier = dossier.logged(event.wall, "refusal_withdrawn")
            return Reply(SignState(index=state.index), dossier)
        if isinstance(event, NextTapped) and not state.editing:
            if not state.reason or (state.reason == OTHER and not state.typed):
                return Reply(replace(state, error=ctx.t("refusal.sign.choose")), dossier)
            return self._refused(spec, state, dossier, event.wall, ctx)
        return Reply(state, dossier)

    def _refused(self, spec, state, dossier, wall, ctx):
        key = spec.params["confirmations"][state.index]
        if spec.params.get("refusal_reasons"):
            reason = reason_label(spec, state, ctx)
            text = self.refusal_text(spec, reason, dossier, ctx)
            dossier = dossier.with_form("refusal_reason", Value(state.reason, "typed")).with_form(
                "refusal_detail", Value(reason, "typed"))
        else:
            reason, text = "", confirmation_text(key, dossier, ctx)
        refused = SignedText(key, text, text_sha256(text), "", signed_at=wall, refused=True)
        dossier = replace(dossier, signatures=tuple(s for s in dossier.signatures if s.key != key)
                          + (refused,)).logged(wall, "signature_refused", confirmation=key,
                                               reason=state.reason, reason_text=reason,
                                               text_sha256=refused.text_sha256)
        return Reply(replace(state, editing=False, error=""), dossier, go=NEXT)

    @staticmethod
    def refusal_text(spec, reason: str, dossier, ctx) -> str:
        from kiosk.flows.rules.documents import confirmation_values as document_values

        return ctx.t(spec.params["refusal_text"], reason=reason, **document_values(dossier, ctx.t))

    def view(self, spec, state, dossier, ctx):
        keys = spec.params["confirmations"]
        signer = dossier.applicant.name if dossier.applicant else (
            dossier.document.recipient_name if dossier.document else "")
        text = confirmation_text(keys[state.index], dossier, ctx)
        reasons, labels = (), {}
        if state.refusing:
            prefix = spec.params["reason_texts"]
            reasons = tuple((r, ctx.t(f"{prefix}.{r}"), r == state.reason) for r in spec.params["refusal_reasons"])
            labels = {k: ctx.t(f"refusal.sign.{k}") for k in ("question", "sign_instead", "send", "typed_label",
                                                              "type_reason")}
            text = self.refusal_text(spec, reason_label(spec, state, ctx) or "……", dossier, ctx)
        return SignView(text, state.index + 1, len(keys), state.error, signer,
                        bool(spec.params.get("can_refuse")), state.refusing, reasons, state.typed,
                        state.editing, labels)

    def prompt(self, spec, state, dossier, ctx):
        if state is not None and state.refusing:
            return ctx.t(spec.params["refusal_prompt"])
        keys = spec.params["confirmations"]
        index = state.index if state is not None else 0
        return ctx.t(spec.prompt, number=index + 1, count=len(keys))
