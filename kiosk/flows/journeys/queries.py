"""The live questions to the court as journeys (rules annex 1, 6 and 9).

案件查询: the ID card (or the lawyer channel) → the court's live answer: this person's cases and
filings. 联系法官: the case number → the card → the conversation so far, live from the court →
a message typed on the pinyin keyboard → attachments scanned if any → sent as a packet, its
receipt like any filing's."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.steps.base import StepSpec

MY_CASES = Journey(
    id="case_query", service="case_query", title="q.service.case_query", packet_kind="",
    steps=(
        StepSpec("identify", "identify", "step.identify.title", "voice.identify",
                 {"allow_lawyer": True, "auto_next": True}),
        StepSpec("cases", "query", "q.step.cases", "q.voice.cases", {"kind": "cases"}),
    ))

CONTACT_JUDGE = Journey(
    id="contact_judge", service="contact_judge", title="q.service.contact_judge", packet_kind="message",
    steps=(
        StepSpec("case_number", "case_number", "step.case_number.title", "voice.case_number"),
        # The message is matched to its writer by the card: the lawyer channel has no card of the party.
        StepSpec("identify", "identify", "step.identify.title", "voice.identify", {"allow_lawyer": False}),
        StepSpec("conversation", "query", "q.step.conversation", "q.voice.conversation", {"kind": "messages"}),
        StepSpec("compose", "compose", "q.step.compose", "q.voice.compose", {"max_chars": 500}),
        StepSpec("attachments", "materials", "q.step.attachments", "q.voice.attachments", {"optional": True}),
        StepSpec("submit", "submit", "step.submit.title", "voice.submit",
                 {"packet_kind": "message", "case_type": "contact_judge",
                  "receipt_title": "q.service.contact_judge", "no_back": True}),
        StepSpec("status", "status", "step.status.title", "voice.status",
                 {"receipt_title": "q.service.contact_judge", "no_back": True}),
    ))
