"""Preservation and appraisal applications (保全 / 鉴定) at the court: how ``review show`` prints
their form, the case number an accepted one gets (a new 财保 number before litigation, the case's
own number in a case), the application fee (诉讼费用交纳办法第十四条), and the SMS they produce.
A petition is answered by the petition office (``court.petitions``), not reviewed here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

APPLICATION_KINDS = ("preservation", "appraisal")
KIND_NAMES = {"preservation_property_pre": "诉前财产保全", "preservation_property": "诉中财产保全",
              "preservation_evidence": "证据保全", "preservation_conduct": "行为保全",
              "appraisal": "司法鉴定", "petition": "网上信访"}
NEW_CASE_CODES = {"preservation_property_pre": "财保"}
"""Kinds that open a case of their own; the others belong to the case named in the packet."""
SOURCE_NAMES = {"chip": "芯片", "typed": "手输", "staff": "工作人员"}


def is_application(packet) -> bool:
    return packet.kind in APPLICATION_KINDS


def application_form(packet, court_key) -> dict:
    """The ``application`` section of the packet's form (empty when absent or unreadable)."""
    from court.dossier import Unreadable, read_json

    if not packet.files_dir:
        return {}
    try:
        form = read_json(Path(packet.files_dir), "form.json", court_key, packet.packet_id) or {}
    except Unreadable:
        return {}
    if isinstance(form, dict) and isinstance(form.get("fields"), dict):  # the sealed form's wrapping
        form = {**form["fields"], **{k: v for k, v in form.items() if k != "fields"}}
    section = form.get("application") if isinstance(form, dict) else None
    return section if isinstance(section, dict) else {}


def field_value(section: dict, key: str) -> str:
    entry = (section.get("fields") or {}).get(key)
    value = entry.get("value") if isinstance(entry, dict) else entry
    return "" if value in (None, "") else str(value)


def preservation_fee(case_type: str, amount: str) -> Decimal:
    """30 yuan up to 1,000 yuan or with no amount; 1% to 100,000; 0.5% above; at most 5,000.
    Appraisal costs are paid to the appraisal institution, not to the court: 0 here."""
    if case_type == "appraisal":
        return Decimal("0.00")
    try:
        value = Decimal(amount) if case_type.startswith("preservation_property") else Decimal(0)
    except ArithmeticError:
        value = Decimal(0)
    fee = Decimal(30)
    if value > 1000:
        fee += (min(value, Decimal(100_000)) - 1000) * Decimal("0.01")
    if value > 100_000:
        fee += (value - 100_000) * Decimal("0.005")
    return min(fee, Decimal(5000)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def case_number_for(s, settings, packet, manifest: dict) -> str:
    """A new 财保 number for a preservation before litigation; else the case's own number."""
    from court.review import next_case_number

    if packet.case_type in NEW_CASE_CODES:  # its code is in court.review.CASE_TYPE_CODES
        return next_case_number(s, settings.court_code, packet.case_type)
    return manifest.get("case_ref") or ""


def render_application(put, section: dict) -> None:
    """The application's own form as the judge reads it: each field with its provenance."""
    name = section.get("kind_name") or KIND_NAMES.get(section.get("kind"), section.get("kind") or "-")
    put(f"申请事项：{name}（{section.get('title') or '-'}）")
    fields = section.get("fields") if isinstance(section.get("fields"), dict) else {}
    for key, entry in fields.items():
        if not isinstance(entry, dict):
            put(f"    {key}：{entry}  [来源未标明]")
            continue
        label = entry.get("label") or key
        value = entry.get("text") or entry.get("value")
        if value in (None, ""):
            put(f"    {label}：未填")
            continue
        source = entry.get("source")
        where = (f"OCR {round(float(entry['confidence']) * 100)}%" if source == "ocr"
                 and isinstance(entry.get("confidence"), (int, float)) else SOURCE_NAMES.get(source, str(source)))
        put(f"    {label}：{value}  [{where}]")


def decision_title(packet) -> str:
    return "信访答复" if packet.kind == "petition" else "保全鉴定申请审查结果"


def decision_text(court: str, packet, fee) -> str:
    """The SMS of a decision on an application (the filing's wording would say 立案)."""
    hello = f"【{court}】{packet.applicant_name or '当事人'}您好，"
    name = KIND_NAMES.get(packet.case_type, "保全鉴定")
    if packet.review == "rejected":
        return (hello + f"您提交的{name}申请经审查未予准许，原因：{packet.review_reason}。"
                "如有疑问，可到人民法院诉讼服务大厅咨询。")
    text = hello + f"您提交的{name}申请已审查通过，案号{packet.case_number}。"
    if packet.fee_yuan:
        text += (f"请于收到本短信之日起{fee.days}日内交纳申请费{packet.fee_yuan:.2f}元。户名：{fee.account_name}；"
                 f"账号：{fee.account_no}；开户行：{fee.bank}。")
    return text
