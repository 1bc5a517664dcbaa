"""笔录签署 (norms §13–18), the home tile's three ways in one journey:

- 申请视频辅助: the notice, the card, the case number (it names the jurisdiction court), the form,
  the booth's equipment when the litigant will use it (§15), the check, the confirmations signed
  (§14(2): court, service address and method), sent; the court's scheduled time (§16(2)) or its
  refusal (§16(3)) comes back to the status step and into My cases.
- 签署笔录: the card, the transcripts the court sent for this person, one read to its end and
  signed (stamped onto the PDF) or refused with a reason (§15(2), §17), sent back.
- 设备检查: the booth's camera, microphone and speaker, for the litigant or staff before a session.
"""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.rules.video import (CONFIRMATIONS, EQUIPMENT, SERVICE_OF, TRANSCRIPT, VIDEO_ASSIST,
                                     wants_booth)
from kiosk.flows.steps.base import StepSpec

WAYS = (VIDEO_ASSIST, TRANSCRIPT, EQUIPMENT)


def _only(*ways):
    return lambda d: d.case_type not in ways


TRANSCRIPTS = Journey(
    id="transcript_signing", service="transcript_signing", title="video.service",
    packet_kind="transcript_signature", case_types=(VIDEO_ASSIST, TRANSCRIPT),
    steps=(
        StepSpec("way", "choose", "video.step.way", "video.voice.way",
                 {"target": "case_type",
                  "options": tuple((w, f"video.way.{w}", f"video.way_hint.{w}") for w in WAYS)}),
        StepSpec("notice", "notice", "video.step.notice", "video.voice.notice", {"text": "video.notice"},
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify", {"allow_lawyer": False},
                 skip=_only(VIDEO_ASSIST, TRANSCRIPT)),
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number",
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("form", "form", "video.step.form", "video.voice.form", {"service_fields": True},
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("equipment", "equipment", "video.step.equipment", "video.voice.equipment",
                 skip=lambda d: not wants_booth(d)),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "case_number": "case_number", "form": "form"}},
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS},
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("transcript", "transcript", "video.step.transcript", "video.voice.transcript",
                 skip=_only(TRANSCRIPT)),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "by_kind", "services": SERVICE_OF, "receipt_title": "video.receipt",
                  "no_back": True},
                 skip=_only(VIDEO_ASSIST, TRANSCRIPT)),
        StepSpec("status", "status", "step.status.title", "video.voice.status",
                 {"receipt_title": "video.receipt", "no_back": True, "follow_answer": True,
                  "texts": "video.status"},
                 skip=_only(VIDEO_ASSIST)),
        StepSpec("transcript_status", "status", "step.status.title", "transcript.voice.status",
                 {"receipt_title": "video.receipt", "no_back": True, "texts": "transcript.status"},
                 skip=_only(TRANSCRIPT)),
    ))
