"""Confirmations, signed (norms §10(2)): each shown as its exact text and signed on the pad; each
signature is bound to the SHA-256 of that text (Electronic Signature Law art. 13: any later change
of the text is detectable). The texts carry the dossier's values, so they say what is confirmed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from kiosk.flows.dossier import SignedText
from kiosk.flows.events import ActionTapped, SignatureDrawn
from kiosk.flows.steps.base import NEXT, Reply, Step


@dataclass(frozen=True)
class SignState:
    index: int = 0
    error: str = ""


@dataclass(frozen=True)
class SignView:
    text: str
    number: int
    count: int
    error: str
    signer: str
    can_refuse: bool


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
        if isinstance(event, SignatureDrawn):
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
        if isinstance(event, ActionTapped) and event.action == "refuse" and spec.params.get("can_refuse"):
            key = keys[state.index]
            text = confirmation_text(key, dossier, ctx)
            refused = SignedText(key, text, text_sha256(text), "", signed_at=event.wall, refused=True)
            dossier = replace(dossier, signatures=dossier.signatures + (refused,)).logged(
                event.wall, "signature_refused", confirmation=key)
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        keys = spec.params["confirmations"]
        signer = dossier.applicant.name if dossier.applicant else (
            dossier.document.recipient_name if dossier.document else "")
        return SignView(confirmation_text(keys[state.index], dossier, ctx), state.index + 1, len(keys),
                        state.error, signer, bool(spec.params.get("can_refuse")))

    def prompt(self, spec, state, dossier, ctx):
        keys = spec.params["confirmations"]
        index = state.index if state is not None else 0
        return ctx.t(spec.prompt, number=index + 1, count=len(keys))
