"""Preservation and appraisal applications (保全 / 鉴定, rules annex 4) and the petition (网上信访,
annex 10) as data: per kind the court it goes to, the materials it must carry and its form —
for preservation the guarantee (cash, property or an insurer's guarantee letter, with the
amount). Each rule names its source, as the case types do (``rules.case_types``)."""

from __future__ import annotations

from kiosk.flows.rules.case_types import CaseType, MaterialKind
from kiosk.flows.rules.documents import REQUEST_FORM
from kiosk.flows.rules.forms import FieldSpec, FormSpec

APPLICATION = MaterialKind("preservation_application", "保全申请书", True, "民事诉讼法第一百零三条、第一百零四条")
GUARANTEE = MaterialKind("guarantee", "担保材料", True,
                         "最高人民法院关于人民法院办理财产保全案件若干问题的规定第五条至第九条")
APPRAISAL_APPLICATION = MaterialKind("appraisal_application", "鉴定申请书", True, "民事诉讼法第七十九条")

GUARANTEE_KINDS = ("cash", "property", "insurer", "none")

RESPONDENT = FieldSpec("respondent", "text", "form.field.respondent", prefill=("ocr.party:被申请人", "ocr.party:被告"))
RESPONDENT_ID = FieldSpec("respondent_id", "text", "form.field.respondent_id", required=False, max_len=30)
PHONE = FieldSpec("phone", "phone", "form.field.phone", prefill=("ocr.phone",))
REASON = FieldSpec("reason", "long_text", "form.field.reason", hint="form.hint.reason")


def _guarantee(optional: bool) -> tuple[FieldSpec, ...]:
    options = GUARANTEE_KINDS if optional else GUARANTEE_KINDS[:3]
    return (FieldSpec("guarantee", "choice", "form.field.guarantee", options=options, hint="form.hint.guarantee"),
            FieldSpec("guarantee_amount", "amount", "form.field.guarantee_amount",
                      when=("guarantee", ("cash", "property", "insurer"))),
            FieldSpec("guarantee_property", "text", "form.field.guarantee_property", when=("guarantee", ("property",))),
            FieldSpec("insurer", "text", "form.field.insurer", when=("guarantee", ("insurer",))))


PROPERTY_FIELDS = (RESPONDENT, RESPONDENT_ID,
                   FieldSpec("amount", "amount", "form.field.amount", prefill=("ocr.amount",), hint="form.hint.amount"),
                   FieldSpec("property", "long_text", "form.field.property", hint="form.hint.property"),
                   REASON, *_guarantee(optional=False), PHONE)

FORMS: dict[str, FormSpec] = {f.key: f for f in (
    FormSpec("preservation_property_pre", "form.title.preservation_property_pre", PROPERTY_FIELDS),
    FormSpec("preservation_property", "form.title.preservation_property", PROPERTY_FIELDS),
    FormSpec("preservation_evidence", "form.title.preservation_evidence", (
        RESPONDENT, FieldSpec("evidence", "long_text", "form.field.evidence", hint="form.hint.evidence"),
        FieldSpec("location", "text", "form.field.location"), REASON, *_guarantee(optional=True), PHONE)),
    FormSpec("preservation_conduct", "form.title.preservation_conduct", (
        RESPONDENT, RESPONDENT_ID, FieldSpec("conduct", "long_text", "form.field.conduct", hint="form.hint.conduct"),
        REASON, *_guarantee(optional=False), PHONE)),
    FormSpec("appraisal", "form.title.appraisal", (
        FieldSpec("appraisal_kind", "choice", "form.field.appraisal_kind",
                  options=("handwriting", "injury", "price", "construction", "other")),
        FieldSpec("matter", "long_text", "form.field.matter", hint="form.hint.matter"),
        REASON, FieldSpec("institution", "text", "form.field.institution", required=False), PHONE)),
    FormSpec("petition", "form.title.petition", (
        FieldSpec("petitioner", "text", "form.field.petitioner", prefill=("card.name",)),
        FieldSpec("id_number", "id_number", "form.field.id_number", prefill=("card.id_number",)),
        FieldSpec("address", "text", "form.field.address", prefill=("card.address",), max_len=80),
        PHONE,
        FieldSpec("matter", "long_text", "form.field.petition_matter", hint="form.hint.petition_matter"),
        FieldSpec("request", "long_text", "form.field.request", hint="form.hint.request"),
        FieldSpec("case_ref", "case_number", "form.field.related_case", required=False,
                  prefill=("dossier.case_ref",)))),
    REQUEST_FORM,  # 文书领取 (rules.documents)
)}

_PRE_RULE = ("诉前保全向被保全财产所在地、被申请人住所地或者对案件有管辖权的人民法院申请。",
             "民事诉讼法第一百零四条")
_CASE_RULE = ("诉讼中的申请向审理本案的人民法院提出，法院由案号确定。", "民事诉讼法第一百零三条、第七十九条")


def _kind(key, name, rule, materials) -> CaseType:
    court_rule = "first_instance" if rule is _PRE_RULE else "case_court"
    return CaseType(key, name, ("applicant", "respondent"), court_rule, rule[0], rule[1], materials)


APPLICATION_TYPES: dict[str, CaseType] = {c.key: c for c in (
    _kind("preservation_property_pre", "诉前财产保全", _PRE_RULE, (APPLICATION, GUARANTEE)),
    _kind("preservation_property", "诉中财产保全", _CASE_RULE, (APPLICATION, GUARANTEE)),
    _kind("preservation_evidence", "证据保全", _CASE_RULE, (APPLICATION,)),
    _kind("preservation_conduct", "行为保全", _CASE_RULE, (APPLICATION, GUARANTEE)),
    _kind("appraisal", "司法鉴定", _CASE_RULE, (APPRAISAL_APPLICATION,)),
    CaseType("petition", "网上信访", ("petitioner", "respondent"), "kiosk_court",
             "信访事项由本院信访部门登记办理。", "规定附件10（网上信访）", ()),
    CaseType("document_request", "文书领取申请", ("applicant",), "case_court",
             "跨域文书领取向管辖法院申请，法院由案号确定。", "跨域诉讼服务工作规范第十九条至第二十一条", ()),
)}

PACKET_KINDS = {"appraisal": "appraisal", "petition": "petition"}


def packet_kind(dossier) -> str:
    """preservation | appraisal | petition: what the manifest says the packet is."""
    return PACKET_KINDS.get(dossier.case_type, "preservation")


def is_before_litigation(dossier) -> bool:
    kind = APPLICATION_TYPES.get(dossier.case_type)
    return kind is not None and kind.court_rule == "first_instance"


def confirmation_values(dossier, t) -> dict[str, str]:
    """What an application's confirmations say besides the court and the name: the kind, the
    amount, the guarantee, the matter — the values as they will be signed."""
    kind = APPLICATION_TYPES.get(dossier.case_type)

    def value(key: str) -> str:
        v = dossier.form_value(key)
        return "" if v is None or v.value in (None, "") else str(v.value)

    guarantee = value("guarantee")
    if not guarantee or guarantee == "none":
        guarantee_text = t("form.guarantee_text.none") if kind is not None and kind.key != "appraisal" \
            else t("form.guarantee_text.appraisal")
    else:
        guarantee_text = t(f"form.guarantee_text.{guarantee}", amount=value("guarantee_amount"),
                           insurer=value("insurer"), property=value("guarantee_property"))
    return {"kind": kind.name if kind else "", "amount": value("amount") or "-",
            "respondent": value("respondent") or value("petitioner"), "guarantee": guarantee_text,
            "related": value("case_ref") or dossier.case_ref or t("form.no_case")}


def _video_rules() -> None:
    """跨域视频辅助 and 笔录签署 (``rules.video``) beside the applications: their form, kinds and packets."""
    from kiosk.flows.rules import video

    FORMS[video.VIDEO_FORM.key] = video.VIDEO_FORM
    APPLICATION_TYPES[video.VIDEO_TYPE.key] = video.VIDEO_TYPE
    APPLICATION_TYPES[video.TRANSCRIPT_TYPE.key] = video.TRANSCRIPT_TYPE
    PACKET_KINDS.update(video.PACKET_KINDS)


_video_rules()
