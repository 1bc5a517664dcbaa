"""网上信访 (rules annex 10): the petitioner from the card, the matter and what is asked, a related
case number if any, materials if the petitioner has them; signed and sent to this court's
petition office, whose signed answer comes back to the status step."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.steps.base import StepSpec

CONFIRMATIONS = ("svc.petition_form", "svc.petition_office", "no_secrets")

PETITION = Journey(
    id="petition", service="petition", title="svc.service.petition", packet_kind="petition",
    case_types=("petition",),
    steps=(
        StepSpec("notice", "notice", "svc.step.notice_petition", "svc.voice.notice_petition",
                 {"text": "svc.notice.petition"}),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify", {"allow_lawyer": False}),
        StepSpec("form", "form", "svc.step.petition_form", "svc.voice.petition_form",
                 {"case_type": "petition", "court": "kiosk"}),
        StepSpec("materials", "materials", "svc.step.petition_materials", "svc.voice.petition_materials",
                 {"optional": True}),
        StepSpec("material_list", "material_list", "step.material_list.title", "voice.material_list"),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "form": "form", "materials": "materials"}}),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "petition", "case_type": "petition",
                  "receipt_title": "svc.service.petition", "no_back": True}),
        StepSpec("status", "status", "step.status.title", "svc.voice.petition_status",
                 {"receipt_title": "svc.service.petition", "no_back": True, "follow_answer": True,
                  "texts": "svc.petition_status"}),
    ))
