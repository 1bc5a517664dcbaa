"""卷宗查阅 (norms §22–§24, rules annex 8): two ways from one tile.

申请查阅: the viewing notice read and accepted → the ID card → the case number (which names the
jurisdiction court) → the form (relation to the case, the list of materials wanted, the phone for
the SMS: §23(1)) → check → the confirmations signed (§23(2)) → sent as a packet; the status step
waits for the court's signed answer (approved, or refused with the reason and, where the
materials are not in the case system yet, the handler's contact: §24(3)).

查阅已批准的卷宗: the ID card → the archives the court approved for this person (verified afresh,
only this person's) with the download QR code (§24(2)) → the viewer: watermarked pages, a time
limit with a spoken warning, print only the pages the court allowed, each print reported."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.rules.archives import REQUEST, VIEW, is_request, is_view
from kiosk.flows.steps.base import StepSpec

CONFIRMATIONS = ("arc.form", "arc.court", "arc.terms")


def _view(d) -> bool:
    return is_view(d)


def _request(d) -> bool:
    return is_request(d)


ARCHIVES = Journey(
    id="archive_viewing", service="archive_viewing", title="arc.service", packet_kind="archive_request",
    case_types=(REQUEST,),
    steps=(
        StepSpec("way", "choose", "arc.step.way", "arc.voice.way",
                 {"target": "case_type",
                  "options": ((REQUEST, "arc.way.request", "arc.way.request_hint"),
                              (VIEW, "arc.way.view", "arc.way.view_hint"))}),
        StepSpec("notice", "notice", "arc.step.notice", "arc.voice.notice", {"text": "arc.notice"},
                 skip=_view),
        StepSpec("identify", "identify", "step.identify.title", "voice.identify",
                 {"allow_lawyer": False}),
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number", skip=_view),
        StepSpec("form", "form", "arc.step.form", "arc.voice.form", skip=_view),
        StepSpec("check", "check", "step.check.title", "voice.check",
                 {"fix_steps": {"identify": "identify", "case_number": "case_number", "form": "form"}},
                 skip=_view),
        StepSpec("sign", "sign", "step.sign.title", "voice.sign", {"confirmations": CONFIRMATIONS},
                 skip=_view),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "archive_request", "case_type": REQUEST,
                  "receipt_title": "arc.service", "no_back": True}, skip=_view),
        StepSpec("status", "status", "step.status.title", "arc.voice.status",
                 {"receipt_title": "arc.service", "no_back": True, "follow_answer": True,
                  "texts": "arc.status"}, skip=_view),
        StepSpec("archives", "archives", "arc.step.archives", "arc.voice.archives", skip=_request),
        StepSpec("viewer", "archive_viewer", "arc.step.viewer", "arc.voice.viewer",
                 {"warn_s": 120}, skip=_request),
    ))
