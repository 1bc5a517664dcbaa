"""网上缴费 (rules §9, annex 3): the card → this person's fee notices, live from the court → one
notice with its amount, payee account, items, deadline and payment QR code → the bank's receipt
(or the phone's payment screen) scanned → checked → sent as a packet naming the notice → the
court's answer, and the 电子交费单 printed once the court confirms the payment."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.steps.base import StepSpec

FEE_PAYMENT = Journey(
    id="fee_payment", service="fee_payment", title="fee.service", packet_kind="fee_proof",
    case_types=("fee_payment",),
    steps=(
        # Fee notices are addressed to the payer's ID tag: the card of the person, no lawyer channel.
        StepSpec("identify", "identify", "step.identify.title", "voice.identify",
                 {"allow_lawyer": False, "auto_next": True}),
        StepSpec("notice", "fee_notice", "fee.step.notice", "fee.voice.notice"),
        StepSpec("proof", "materials", "fee.step.proof", "fee.voice.proof"),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "materials": "proof", "case_number": "notice"},
                  "ok_text": "fee.check_ok", "readable": ("payment_proof",)}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "fee_proof", "case_type": "fee_payment",
                  "receipt_title": "fee.service", "no_back": True}),
        StepSpec("status", "fee_status", "step.status.title", "fee.voice.status",
                 {"receipt_title": "fee.service", "no_back": True, "texts": "fee.status"}),
    ))
