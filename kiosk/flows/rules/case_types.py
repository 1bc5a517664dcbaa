"""The case types a kiosk may file (rules §3, norms §4), the court each must go to, and the
materials each requires, as data beside the court directory. Each rule names its source so a
court can check it and a filing judge is not sent what they would bounce.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MaterialKind:
    key: str
    name: str
    required: bool = True
    source: str = ""


@dataclass(frozen=True)
class CaseType:
    key: str
    name: str
    roles: tuple[str, str]
    """(the applicant's role, the other side's role)."""
    court_rule: str
    """first_instance: the court chosen | court_above: the court above the origin court |
    origin_court: the court that decided (first enforcement)."""
    rule_text: str
    rule_source: str
    materials: tuple[MaterialKind, ...]
    origin_question: str = ""


COMMON_EVIDENCE = MaterialKind("evidence", "证据材料", True, "民事诉讼法第一百二十四条")
POWER_OF_ATTORNEY = MaterialKind("power_of_attorney", "授权委托书", True,
                                 "民事诉讼法第六十二条；跨域规范第7条（核实代理权限）")

CASE_TYPES: dict[str, CaseType] = {c.key: c for c in (
    CaseType("civil_first", "民事起诉", ("plaintiff", "defendant"), "first_instance",
             "民事案件一般由被告住所地基层人民法院管辖，请选择管辖法院。",
             "民事诉讼法第十八条、第二十二条",
             (MaterialKind("complaint", "民事起诉状", True, "民事诉讼法第一百二十三条"), COMMON_EVIDENCE)),
    CaseType("civil_appeal", "上诉", ("appellant", "appellee"), "court_above",
             "上诉向原审人民法院的上一级人民法院提出。", "民事诉讼法第一百七十一条、第一百七十三条",
             (MaterialKind("appeal", "上诉状", True, "民事诉讼法第一百七十二条"),
              MaterialKind("first_judgment", "一审判决书或裁定书", True, "民事诉讼法第一百七十二条")),
             origin_question="作出一审判决的法院"),
    CaseType("civil_retrial", "申请再审", ("applicant", "respondent"), "court_above",
             "申请再审一般向作出生效裁判的法院的上一级人民法院提出。", "民事诉讼法第二百一十条",
             (MaterialKind("retrial_application", "再审申请书", True, "民事诉讼法第二百一十四条"),
              MaterialKind("effective_judgment", "生效裁判文书", True, "民事诉讼法第二百一十四条"),
              COMMON_EVIDENCE),
             origin_question="作出生效裁判的法院"),
    CaseType("admin_first", "行政起诉", ("plaintiff", "defendant"), "first_instance",
             "行政案件由最初作出行政行为的行政机关所在地人民法院管辖，请选择管辖法院。",
             "行政诉讼法第十八条",
             (MaterialKind("complaint", "行政起诉状", True, "行政诉讼法第五十条"),
              MaterialKind("administrative_act", "被诉行政行为的证据", True, "行政诉讼法第四十九条")),
             ),
    CaseType("admin_nonlitigation_enforcement", "非诉行政执行申请", ("applicant", "respondent"),
             "first_instance",
             "行政机关申请执行其行政行为，由申请人所在地的基层人民法院受理。",
             "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释第一百五十七条",
             (MaterialKind("enforcement_application", "强制执行申请书", True, "行政诉讼法解释第一百五十五条"),
              MaterialKind("administrative_decision", "行政决定书及作出决定的事实、理由和依据", True,
                           "行政诉讼法解释第一百五十五条"))),
    CaseType("first_enforcement", "首次执行申请", ("applicant", "respondent"), "origin_court",
             "发生法律效力的民事判决、裁定，由第一审人民法院执行。", "民事诉讼法第二百三十五条",
             (MaterialKind("enforcement_application", "强制执行申请书", True, "民事诉讼法第二百三十五条"),
              MaterialKind("effective_judgment", "生效法律文书", True, "民事诉讼法第二百三十五条")),
             origin_question="作出一审判决的法院"),
)}

TRANSFER_MATERIALS = (
    MaterialKind("submission", "提交的材料（证据、答辩状、代理词等）", True, "跨域规范第9条"),
)


def jurisdiction(case_type: CaseType, courts, chosen_code: str, origin_code: str):
    """(the court the packet must go to, or None, and the reason key when there is none)."""
    if case_type.court_rule == "first_instance":
        court = courts.by_code(chosen_code) if chosen_code else None
        if court is None:
            return None, "court.none"
        if court.level == "high":
            return None, "court.high_not_first_instance"
        return court, ""
    origin = courts.by_code(origin_code) if origin_code else None
    if origin is None:
        return None, "court.origin_missing"
    if case_type.court_rule == "origin_court":
        return origin, ""
    above = courts.appeal_court(origin)
    if above is None:
        return None, "court.no_court_above"
    return above, ""


def case_type_of(key: str) -> CaseType | None:
    """A filing's case type, or an application's kind (``rules.applications``: preservation,
    appraisal, petition), which share the court rules and the materials."""
    if key in CASE_TYPES:
        return CASE_TYPES[key]
    from kiosk.flows.rules.applications import APPLICATION_TYPES
    from kiosk.flows.rules.fees import FEE_PAYMENT

    return APPLICATION_TYPES.get(key) or (FEE_PAYMENT if key == FEE_PAYMENT.key else None)


def required_materials(case_type_key: str, with_agent: bool) -> tuple[MaterialKind, ...]:
    case_type = case_type_of(case_type_key)
    kinds = case_type.materials if case_type else TRANSFER_MATERIALS
    return kinds + ((POWER_OF_ATTORNEY,) if with_agent else ())
