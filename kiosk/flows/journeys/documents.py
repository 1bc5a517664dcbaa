"""文书领取 (norms §19–21): collect and print the documents the court sent, sign the proof of
service; or ask the jurisdiction court for a document first.

One journey, two ways through it. The first step finds this person's documents (ID card or the
SMS pickup code): choosing one goes to the viewer (every page previewed, printed on the A4
printer, the job followed to its end), then the proof of service is signed on the pad — or
refused, with the reason — and sent back as a packet. Asking for a document instead goes
through the case number, the request form
(which document, how to serve it), the signed confirmations (norms §20(2)) and the packet; the
court's signed answer comes back to the status step, shown and spoken: the document itself (then
on to printing it), not generated yet with the case status (§21(3)), or not suitable for
collection here with the reason (§20(3))."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.rules.documents import ANSWERS, PROOF_CONFIRMATION, REFUSAL_REASONS, REQUEST_KIND
from kiosk.flows.steps.base import StepSpec

REQUEST_CONFIRMATIONS = ("doc.request", "doc.court", "doc.service")
VIEWER = {"print_options": True, "after_print": "doc.to_proof"}
PROOF = {"confirmations": (PROOF_CONFIRMATION,), "can_refuse": True, "refusal_reasons": REFUSAL_REASONS,
         "reason_texts": "refusal.reason", "refusal_text": "refusal.confirm",
         "refusal_prompt": "refusal.voice.refusing"}
"""Signed on the pad, or refused with a reason (the court then knows the paper was handed over
and why it was not signed for)."""

DOCUMENTS = Journey(
    id="document_collection", service="document_collection", title="doc.service",
    packet_kind=REQUEST_KIND, case_types=(REQUEST_KIND,),
    steps=(
        StepSpec("documents", "documents", "doc.step.documents", "doc.voice.documents",
                 next=lambda d: "viewer" if d.document is not None else "case_number"),
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number"),
        StepSpec("form", "form", "doc.step.form", "doc.voice.form", {"case_type": REQUEST_KIND}),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "documents", "case_number": "case_number", "form": "form"}}),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": REQUEST_CONFIRMATIONS}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": REQUEST_KIND, "case_type": REQUEST_KIND,
                  "receipt_title": "doc.receipt_title", "no_back": True}),
        StepSpec("answer", "status", "step.status.title", "doc.voice.answer",
                 {"receipt_title": "doc.receipt_title", "no_back": True, "follow_answer": True,
                  "texts": "doc.request_status", "speak_answer": ANSWERS,
                  "continue_on": ("document_sent",)}),
        StepSpec("collect", "documents", "doc.step.documents", "doc.voice.collect",
                 {"can_request": False, "wait_for_new": True, "no_back": True}, next="viewer"),
        StepSpec("viewer", "viewer", "doc.step.viewer", "doc.voice.viewer", VIEWER),
        StepSpec("proof", "sign", "doc.step.proof", "doc.voice.proof", PROOF),
        StepSpec("served", "served", "doc.step.served", "doc.voice.served", {"no_back": True}),
    ))
