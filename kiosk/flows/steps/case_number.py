"""The case number of an existing case: typed on the keypad or read from the QR code on a court
notice; a wrong one gets its format explained (（2024）豫0181民初1187号)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kiosk.flows.effects import ListenQr, Speak
from kiosk.flows.events import FieldEdited, NextTapped, QrScanned
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.spoken import speakable

IN_TEXT = re.compile(r"[（(]\d{4}[)）][\u4e00-\u9fff](?:\d{2}|\d{4})?[\u4e00-\u9fff]{1,6}?\d{1,6}号")
CASE_NUMBER = re.compile(r"^[（(](\d{4})[)）]([\u4e00-\u9fff](?:\d{2}|\d{4})?)([\u4e00-\u9fff]{1,6}?)(\d{1,6})号$")


def parse_case_number(text: str):
    """(normalised case number, court code) or (None, problem key)."""
    value = text.strip().replace(" ", "")
    m = CASE_NUMBER.match(value)
    if not m:
        return None, "case_number.format"
    year, court, kind, serial = m.groups()
    if not 1990 <= int(year) <= 2100:
        return None, "case_number.year"
    return f"（{year}）{court}{kind}{int(serial)}号", court


@dataclass(frozen=True)
class CaseNumberState:
    text: str = ""
    error: str = ""


@dataclass(frozen=True)
class CaseNumberView:
    text: str
    error: str
    example: str
    court: str
    can_continue: bool


class CaseNumber(Step):
    kind = "case_number"

    def initial(self, spec, dossier, ctx):
        return CaseNumberState(dossier.case_ref)

    def enter(self, spec, state, dossier, ctx):
        return Reply(state, dossier, (ListenQr(),))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, QrScanned):  # a notice's QR code: the case number inside it
            found = IN_TEXT.search(event.text.replace(" ", ""))
            event = FieldEdited("case_ref", found.group(0) if found else event.text,
                                at=event.at, wall=event.wall)
            dossier = dossier.logged(event.wall, "qr_scanned")
        if isinstance(event, FieldEdited) and event.target == "case_ref":
            value, court = parse_case_number(event.value)
            if value is None:
                return Reply(CaseNumberState(event.value, court), dossier)
            if ctx.courts.by_code(court) is None:
                return Reply(CaseNumberState(event.value, "case_number.unknown_court"), dossier)
            dossier = replace(dossier, case_ref=value, court=court).logged(
                event.wall, "case_number", case_ref=value)
            # Read back digit by digit (kiosk.spoken): the litigant hears what the court will get.
            heard = Speak(speakable(ctx.t("access.case_read", case=value), ctx.lang))
            return Reply(CaseNumberState(value), dossier, (heard,))
        if isinstance(event, NextTapped) and dossier.case_ref and not state.error:
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def prompt(self, spec, state, dossier, ctx):
        if dossier.case_ref and (state is None or not state.error):
            return ctx.t(spec.prompt) + ctx.t("access.case_read", case=dossier.case_ref)
        return ctx.t(spec.prompt)

    def view(self, spec, state, dossier, ctx):
        court = ctx.courts.by_code(dossier.court) if dossier.case_ref else None
        code = state.text
        error = ctx.t(state.error, code=code) if state.error else ""
        return CaseNumberView(state.text, error, ctx.t("case_number.example"),
                              court.name if court else "", bool(dossier.case_ref) and not state.error)
