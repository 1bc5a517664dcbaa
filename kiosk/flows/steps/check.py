"""Before sending: everything a filing judge would reject for, in plain words, each with a way
to fix it (a button back to the step that fixes it)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.flows.events import ActionTapped, NextTapped
from kiosk.flows.rules.case_types import case_type_of, jurisdiction, required_materials
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.steps.identify import PHONE


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix_step: str
    fix_label: str


@dataclass(frozen=True)
class CheckView:
    problems: tuple[Problem, ...]
    ok_text: str


FILING_RULES = ("first_instance", "court_above", "origin_court")
"""Court rules the check verifies here; an application in a case goes to the case's court."""


def find_problems(dossier, ctx, steps: dict[str, str]) -> list[Problem]:
    """``steps`` maps a topic (court, materials, parties, identify) to the step id that fixes it."""
    found: list[tuple[str, str, dict]] = []
    case_type = case_type_of(dossier.case_type)
    if dossier.applicant is None and dossier.agent is None:
        found.append(("check.no_identity", "identify", {}))
    if case_type is not None and "court" in steps and case_type.court_rule in FILING_RULES:
        chosen = dossier.court if case_type.court_rule == "first_instance" else dossier.origin_court
        court, reason = jurisdiction(case_type, ctx.courts, chosen, chosen)
        if court is None:
            found.append((f"check.{reason}", "court", {}))
        elif court.code != dossier.court:
            found.append(("check.court_wrong", "court", {"court": court.name}))
    elif not dossier.court:
        found.append(("check.court.none", "case_number" if "case_number" in steps else "court", {}))
    have = {m.doc_type for m in dossier.materials if m.in_packet}
    for kind in required_materials(dossier.case_type, dossier.agent is not None):
        if kind.key not in have and (kind.key != "submission" or not dossier.materials):
            found.append(("check.material_missing", "materials", {"name": kind.name}))
    for m in dossier.materials:
        if m.status in ("scanning", "recognising"):
            found.append(("check.material_busy", "materials", {"name": m.name}))
        elif m.status in ("failed", "paused"):
            found.append(("check.material_failed", "materials", {"name": m.name}))
        for no, page in enumerate(m.pages, start=1):
            if page.problem and page.problem != "capture.blank":
                found.append(("check.page_unreadable", "materials", {"name": m.name, "page": no}))
        if m.status == "ready" and not m.layer_ok:
            found.append(("check.layer_failed", "materials", {"name": m.name}))
        if m.status == "empty" and m.error:  # resubmission: a material the court will not take again
            found.append(("cf.material_rescan", "materials", {"name": m.name}))
        if m.status == "ready" and not m.pages:
            found.append(("check.material_empty", "materials", {"name": m.name}))
    if "parties" in steps:
        if dossier.service_address is None or not dossier.service_address.value:
            found.append(("check.address_missing", "parties", {}))
        if not dossier.service_method:
            found.append(("check.method_missing", "parties", {}))
        if dossier.phone is None or not PHONE.match(str(dossier.phone.value)):
            found.append(("check.phone_missing", "parties", {}))
    if "form" in steps:
        from kiosk.flows.steps.form import form_problems

        found += [(code, "form", fmt) for code, fmt in form_problems(dossier, ctx)]
    return [Problem(code, ctx.t(code, **fmt), steps.get(topic, topic), ctx.t(f"check.fix.{topic}"))
            for code, topic, fmt in found]


class Check(Step):
    kind = "check"

    def _problems(self, spec, dossier, ctx):
        steps = dict(spec.params.get("fix_steps", {}))
        return find_problems(dossier, ctx, steps) + unreadable(dossier, ctx, spec.params, steps)

    def handle(self, spec, state, dossier, event, ctx):
        problems = self._problems(spec, dossier, ctx)
        if isinstance(event, ActionTapped) and event.action == "fix":
            if event.arg in {p.fix_step for p in problems}:
                return Reply(state, dossier, go=event.arg)
        if isinstance(event, NextTapped) and not problems:
            return Reply(state, dossier.logged(event.wall, "checked"), go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        return CheckView(tuple(self._problems(spec, dossier, ctx)), ctx.t(spec.params.get("ok_text", "check.all_ok")))

    def prompt(self, spec, state, dossier, ctx):
        problems = self._problems(spec, dossier, ctx)
        if problems:
            return ctx.t("check.has_problems", count=len(problems)) + problems[0].message
        return ctx.t(spec.params.get("ok_text", "check.all_ok"))


def unreadable(dossier, ctx, params, steps: dict[str, str]) -> list[Problem]:
    """``params["readable"]``: material kinds whose text the court must read (a bank receipt's
    amount and account): one where OCR found no text at all (too dark, blurred: every page taken
    for blank) is a problem, the scan kept for a rescan."""
    kinds = params.get("readable", ())
    return [Problem("check.unreadable", ctx.t(params.get("unreadable_text", "fee.check_unreadable"), name=m.name),
                    steps.get("materials", "materials"), ctx.t("check.fix.materials"))
            for m in dossier.materials
            if m.doc_type in kinds and m.status == "ready" and m.pages and not m.ocr_text.strip()]
