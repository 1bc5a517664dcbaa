"""保全 / 鉴定 (rules annex 4): property preservation before or during litigation, evidence and
conduct preservation, judicial appraisal in a case. The kind decides the way: before litigation
the court is chosen (民事诉讼法第一百零四条); in a case the case number names it. The form comes
after the scans so the application's OCR can fill the respondent and the amount."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.rules.applications import is_before_litigation
from kiosk.flows.steps.base import StepSpec

CONFIRMATIONS = ("svc.application_form", "svc.application_court", "svc.application_terms", "same_effect",
                 "no_secrets")
KINDS = ("preservation_property_pre", "preservation_property", "preservation_evidence",
         "preservation_conduct", "appraisal")

PRESERVATION = Journey(
    id="preservation_appraisal", service="preservation_appraisal",
    title="svc.service.preservation_appraisal", packet_kind="preservation", case_types=KINDS,
    steps=(
        StepSpec("notice", "notice", "svc.step.notice", "svc.voice.notice",
                 {"text": "svc.notice.preservation"}),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify", {"allow_lawyer": True}),
        StepSpec("kind", "choose", "svc.step.kind", "svc.voice.kind",
                 {"target": "case_type",
                  "options": tuple((k, f"svc.kind.{k}", f"svc.kind_hint.{k}") for k in KINDS)}),
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number",
                 skip=is_before_litigation),
        StepSpec("court", "court", "svc.step.court", "svc.voice.court",
                 skip=lambda d: not is_before_litigation(d)),
        StepSpec("materials", "materials", "step.materials.title", "voice.materials"),
        StepSpec("form", "form", "svc.step.form", "svc.voice.form"),
        StepSpec("material_list", "material_list", "step.material_list.title", "voice.material_list"),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "court": "court", "case_number": "case_number",
                                "materials": "materials", "form": "form"}}),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "by_kind", "receipt_title": "svc.service.preservation_appraisal",
                  "no_back": True}),
        StepSpec("status", "status", "step.status.title", "voice.status",
                 {"receipt_title": "svc.service.preservation_appraisal", "no_back": True,
                  "follow_answer": True, "texts": "svc.status"}),
    ))
