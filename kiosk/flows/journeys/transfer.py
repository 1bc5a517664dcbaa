"""材料转递 / 证据提交 for an existing case (norms §9–§12, rules annex 7): the same steps as
filing, a different journey: the case number instead of the court and case type."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.steps.base import StepSpec

CONFIRMATIONS = ("form_transfer", "court", "service_transfer", "same_effect", "no_secrets")

TRANSFER = Journey(
    id="material_transfer", service="material_transfer", title="service.material_transfer",
    packet_kind="material_transfer",
    steps=(
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number"),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify",
                 {"allow_lawyer": True}),
        StepSpec("materials", "materials", "step.materials.title", "voice.materials"),
        StepSpec("material_list", "material_list", "step.material_list.title", "voice.material_list"),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "case_number": "case_number",
                                "materials": "materials"}}),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "material_transfer", "case_type": "material_transfer",
                  "receipt_title": "service_name.material_transfer", "no_back": True}),
        StepSpec("status", "status", "step.status.title", "voice.status",
                 {"receipt_title": "service_name.material_transfer", "no_back": True}),
    ))
