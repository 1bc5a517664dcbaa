"""网上立案 / 跨域立案: every case type rules §3 and norms §4 name, from the notice to the court's
receipt. The complaint is scanned before the parties step so its OCR can fill the other side
and the claims; the litigant corrects what the machine read."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.rules.case_types import CASE_TYPES
from kiosk.flows.steps.base import StepSpec

CONFIRMATIONS = ("form", "court", "service", "same_effect", "no_secrets")

FILING = Journey(
    id="case_filing", service="case_filing", title="service.case_filing", packet_kind="filing",
    case_types=tuple(CASE_TYPES),
    steps=(
        StepSpec("notice", "notice", "step.notice.title", "voice.notice",
                 {"text": "notice.filing"}),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify",
                 {"allow_lawyer": True}),
        StepSpec("case_type", "choose", "step.case_type.title", "voice.case_type",
                 {"target": "case_type",
                  "options": tuple((c.key, f"case_type.{c.key}", f"case_type_hint.{c.key}")
                                   for c in CASE_TYPES.values())}),
        StepSpec("court", "court", "step.court.title", "voice.court"),
        StepSpec("materials", "materials", "step.materials.title", "voice.materials"),
        StepSpec("parties", "parties", "step.parties.title", "voice.parties"),
        StepSpec("material_list", "material_list", "step.material_list.title", "voice.material_list"),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "court": "court", "materials": "materials",
                                "parties": "parties"}}),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "filing", "receipt_title": "service_name.case_filing", "no_back": True}),
        StepSpec("status", "status", "step.status.title", "voice.status",
                 {"receipt_title": "service_name.case_filing", "no_back": True}),
    ))
