"""跨域视频辅助 (norms §13–18) as data: the application form the cooperating court makes for the
jurisdiction court (§14(1): the party, the time of application, the case), the confirmations
signed on the pad (§14(2): the jurisdiction court, the service address and method), and the
signed-transcript record (§15(2), §17: the litigant signs the transcript, or says why not)."""

from __future__ import annotations

from kiosk.flows.rules.case_types import CaseType
from kiosk.flows.rules.forms import FieldSpec, FormSpec

VIDEO_ASSIST = "video_assist"
TRANSCRIPT = "transcript"
EQUIPMENT = "equipment_check"
SERVICE_OF = {VIDEO_ASSIST: "video_assist", TRANSCRIPT: "transcript_signing"}
"""The packet's service per branch (the SMS names it: 视频辅助申请 / 笔录签署)."""
PACKET_KINDS = {VIDEO_ASSIST: "video_assist", TRANSCRIPT: "transcript_signature"}

VIDEO_FORM = FormSpec("video_assist", "video.form.title", (
    FieldSpec("video_session", "choice", "video.field.session", options=("mediation", "trial")),
    FieldSpec("video_way", "choice", "video.field.way", options=("court_booth", "own_device"),
              hint="video.hint.way"),
    FieldSpec("preferred", "text", "video.field.preferred", required=False, max_len=40,
              hint="video.hint.preferred"),
    FieldSpec("service_address", "text", "video.field.service_address", prefill=("card.address",),
              max_len=80),
    FieldSpec("service_method", "choice", "video.field.service_method",
              options=("electronic", "post", "in_person")),
    FieldSpec("phone", "phone", "form.field.phone"),
))

VIDEO_TYPE = CaseType(VIDEO_ASSIST, "跨域视频辅助申请", ("applicant", "respondent"), "case_court",
                      "视频调解、在线庭审由审理本案的人民法院组织，法院由案号确定。",
                      "跨域诉讼服务规范第十三条至第十七条", ())
TRANSCRIPT_TYPE = CaseType(TRANSCRIPT, "笔录签署", ("applicant", "respondent"), "case_court",
                           "调解、庭审结束后，管辖法院发送笔录，由当事人以电子签名方式签字确认。",
                           "跨域诉讼服务规范第十五条第（二）项、第十七条", ())

CONFIRMATIONS = ("video.form", "video.court", "video.service")
REFUSAL_REASONS = ("not_what_i_said", "incomplete", "need_advice", "other")


def wants_booth(dossier) -> bool:
    """The litigant takes part from this court's booth (norms §15), so its equipment is checked."""
    way = dossier.form_value("video_way")
    return dossier.case_type == EQUIPMENT or (
        dossier.case_type == VIDEO_ASSIST and way is not None and way.value == "court_booth")
