"""卷宗查阅 as data (norms §22–§24, rules annex 8): the request's form — the case is named by its
number (the case_number step), the form says how the applicant stands to the case and which
materials are wanted (§23(1): 申请查阅材料清单) and the telephone for the court's SMS; and the
journey's two ways (ask to view, or view what the court approved)."""

from __future__ import annotations

from kiosk.flows.rules.case_types import CaseType
from kiosk.flows.rules.forms import FieldSpec, FormSpec

REQUEST, VIEW = "archive_request", "archive_view"

ARCHIVE_FORM = FormSpec("archive_request", "arc.form.title", (
    FieldSpec("case_ref", "case_number", "arc.form.case_ref", prefill=("dossier.case_ref",)),
    FieldSpec("relation", "choice", "arc.form.relation", options=("party", "agent")),
    FieldSpec("materials", "long_text", "arc.form.materials", hint="arc.form.materials_hint", max_len=300),
    FieldSpec("phone", "phone", "arc.form.phone"),
))

ARCHIVE_TYPE = CaseType(REQUEST, "卷宗查阅", ("applicant",), "case_court",
                        "查阅本人案件的电子卷宗，由审理该案的人民法院（管辖法院）按档案管理规定办理。",
                        "跨域诉讼服务规范第二十二条至第二十四条", ())


def is_request(dossier) -> bool:
    return dossier.case_type == REQUEST


def is_view(dossier) -> bool:
    return dossier.case_type == VIEW
