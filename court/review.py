"""The filing judge's decisions: accept (case number + fee notice) or reject (reasons). Each goes
back to the kiosk as a signed decision document and to the litigant as the required SMS."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, select

from court.store import CaseCounter, InPacket, store_session

CASE_TYPE_CODES = {"civil_first": "民初", "civil_appeal": "民终", "civil_retrial": "民申",
                   "admin_first": "行初", "admin_enforcement": "行审", "enforcement": "执",
                   "preservation": "财保"}
# 诉讼费用交纳办法 §13(1): property cases, cumulative brackets (upper bound in yuan, rate).
_PROPERTY_BRACKETS = [(100_000, "0.025"), (200_000, "0.02"), (500_000, "0.015"), (1_000_000, "0.01"),
                      (2_000_000, "0.009"), (5_000_000, "0.008"), (10_000_000, "0.007"),
                      (20_000_000, "0.006"), (None, "0.005")]


class ReviewError(Exception):
    """A review action that does not apply (unknown packet, not received yet, already decided)."""


def acceptance_fee(case_type: str, claim_amount: float | None) -> Decimal:
    """Case acceptance fee: property brackets for civil claims with an amount, else 50 yuan."""
    if not claim_amount or not case_type.startswith("civil"):
        return Decimal("50.00")
    amount = Decimal(str(claim_amount))
    fee, lower = Decimal("50"), Decimal(10_000)
    for upper, rate in _PROPERTY_BRACKETS:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, Decimal(upper))
        fee += (top - lower) * Decimal(rate)
        lower = Decimal(upper) if upper else amount
    return fee.quantize(Decimal("0.01"), ROUND_HALF_UP)


def find_packet(s: Session, packet_ref: str) -> InPacket:
    rows = s.exec(select(InPacket).where(InPacket.packet_id.startswith(packet_ref)).limit(2)).all()
    if len(rows) != 1:
        raise ReviewError(f"no unique packet matches {packet_ref!r}")
    return rows[0]


def next_case_number(s: Session, court_code: str, case_type: str, year: int | None = None) -> str:
    year = year or datetime.now().year
    code = CASE_TYPE_CODES.get(case_type, "民初")
    prefix = f"（{year}）{court_code}{code}"
    counter = s.get(CaseCounter, prefix) or CaseCounter(prefix=prefix, value=0)
    counter.value += 1
    s.add(counter)
    return f"{prefix}{counter.value}号"


def claim_amount(packet: InPacket, court_key=None) -> float | None:
    """The claimed amount from the packet's form (``form.json``, or ``form.json.enc`` read with the
    court's key): the fee depends on it, so an encrypted form must not silently mean 50 yuan."""
    from court.dossier import Unreadable, read_json

    if not packet.files_dir:
        return None
    try:
        form = read_json(Path(packet.files_dir), "form.json", court_key, packet.packet_id) or {}
        value = form.get("fields", form).get("claim_amount", form.get("claim_amount"))
        return float(value.get("value") if isinstance(value, dict) else value)
    except (Unreadable, ValueError, TypeError, AttributeError):
        return None


def decide(engine, settings, packet_ref: str, *, accept: bool, reason: str | None = None,
           fee: float | None = None, court_key=None) -> InPacket:
    """Record the decision once; returns the updated packet row."""
    with store_session(engine, expire_on_commit=False) as s:
        packet = find_packet(s, packet_ref)
        if packet.state != "received":
            raise ReviewError(f"packet {packet.packet_id} is {packet.state}; only received packets can be reviewed")
        if packet.review != "pending":
            raise ReviewError(f"packet {packet.packet_id} was already {packet.review}")
        if accept:
            packet.case_number = next_case_number(s, settings.court_code, packet.case_type)
            packet.fee_yuan = float(Decimal(str(fee)) if fee is not None
                                    else acceptance_fee(packet.case_type, claim_amount(packet, court_key)))
            packet.review = "accepted"
        else:
            if not reason:
                raise ReviewError("a rejection needs a reason (--reason)")
            packet.review, packet.review_reason = "rejected", reason
        packet.decided_at = time.time()
        s.add(packet)
        s.commit()
        return packet


def decision_files(packet: InPacket, settings) -> list[tuple[str, bytes, str, str]]:
    """decision.json (and fee_notice.json when accepted) for the kiosk to show and print."""
    decision = {"packet_id": packet.packet_id, "decision": packet.review, "case_number": packet.case_number,
                "reason": packet.review_reason, "court": settings.court_name,
                "decided_at": datetime.fromtimestamp(packet.decided_at).isoformat(timespec="seconds")}
    files = [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
              "application/json")]
    if packet.review == "accepted":
        notice = {"case_number": packet.case_number, "amount_yuan": f"{packet.fee_yuan:.2f}",
                  "account_name": settings.fee.account_name, "account_no": settings.fee.account_no,
                  "bank": settings.fee.bank, "pay_within_days": settings.fee.days}
        files.append(("fee_notice.json", json.dumps(notice, ensure_ascii=False, indent=1).encode(),
                      "fee_notice", "application/json"))
    return files


# --- `review show`: the dossier of one packet, for the filing judge ---------------------------------

SERVICE_NAMES = {"case_filing": "网上立案", "material_transfer": "材料转递", "evidence": "证据提交",
                 "fee_payment": "网上缴费", "preservation": "保全申请", "appraisal": "鉴定申请",
                 "contact_judge": "联系法官", "petition": "网上信访", "transcript": "笔录签署",
                 "document_collection": "文书领取", "archive_viewing": "卷宗查阅"}
CASE_TYPE_NAMES = {"civil_first": "民事起诉", "civil_appeal": "上诉", "civil_retrial": "申请再审",
                   "admin_first": "行政起诉", "admin_enforcement": "非诉行政执行申请",
                   "enforcement": "首次执行申请", "preservation": "财产保全申请"}
ROLE_NAMES = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人", "applicant": "申请人",
              "respondent": "被申请人", "appellant": "上诉人", "appellee": "被上诉人"}
KIND_NAMES = {"person": "自然人", "org": "法人或其他组织"}
METHOD_NAMES = {"electronic": "电子送达", "post": "邮寄送达", "in_person": "直接送达"}
SOURCE_NAMES = {"chip": "芯片", "typed": "手输", "staff": "工作人员"}
FIELD_NAMES = {"name": "姓名/名称", "id_number": "身份证号", "credit_code": "统一社会信用代码", "phone": "电话",
               "address": "地址", "licence": "执业证号", "represents": "代理", "method": "方式",
               "cause": "案由", "claim_amount": "标的额", "plaintiff_name": "原告姓名",
               "plaintiff_id_number": "原告身份证号", "defendant_name": "被告姓名",
               "service_address": "送达地址", "law_firm": "律师事务所"}
FLAG_NAMES = {"state_secret": "涉密", "public_order": "扰乱秩序", "insult": "侮辱攻击", "other": "其他违法内容"}


def dossier_for(engine, settings, court_key, packet_ref: str, *, full: bool = False) -> dict:
    """Everything ``review show`` prints, as data (``--json`` prints it as it is)."""
    from court.audit import verdict_from_json
    from court.dossier import build
    from court.store import PacketAudit
    from offline_queue import manifest as mf

    with store_session(engine) as s:
        row = find_packet(s, packet_ref)
        stored = s.get(PacketAudit, (row.kiosk_id, row.packet_id))
    manifest = mf.decode(row.manifest)
    record = {"state": row.state, "received_at": row.received_at, "clock_s": row.clock_s,
              "clock_limit_s": settings.clock_limit_s, "review": row.review, "case_number": row.case_number,
              "fee_yuan": row.fee_yuan, "review_reason": row.review_reason, "files_dir": row.files_dir,
              "audit_at_receipt": verdict_from_json(stored.verdict).summary() if stored else None}
    if row.state != "received" or not row.files_dir or not Path(row.files_dir).is_dir():
        keys = ("packet_id", "kiosk_id", "kiosk_seq", "kind", "service", "case_type", "jurisdiction_court",
                "cooperating_court", "case_ref", "supersedes", "sealed_at")
        return {**{k: manifest.get(k) for k in keys}, "digest": row.digest, "record": record, "complete": False}
    return {**build(Path(row.files_dir), manifest, court_key, full=full), "record": record, "complete": True}


def render(d: dict, courts) -> str:
    """The dossier as the filing judge reads it (Simplified Chinese)."""
    out: list[str] = []
    put = out.append
    rec = d["record"]
    put(f"材料包 {d['packet_id']}  自助终端 {d['kiosk_id']}" + (f"（第 {d['kiosk_seq']} 号）" if d.get("kiosk_seq") is not None else ""))
    cross = d.get("cooperating_court") and d.get("cooperating_court") != d.get("jurisdiction_court")
    service = SERVICE_NAMES.get(d["service"], d["service"])
    if d["service"] == "case_filing" and cross:
        service = "跨域立案"
    put(f"业务：{service}（{d['service']} / {d['kind']}）  案件类型：{CASE_TYPE_NAMES.get(d['case_type'], '未知')}（{d['case_type']}）")
    put(f"管辖法院：{_court(courts, d.get('jurisdiction_court'))}  协作法院：{_court(courts, d.get('cooperating_court'))}")
    if d.get("case_ref") or d.get("supersedes"):
        put(f"关联案号：{d.get('case_ref') or '-'}  替代材料包：{d.get('supersedes') or '-'}")
    clock = f"{rec['clock_s']:.1f} 秒" if rec["clock_s"] is not None else "-"
    over = "  ！超过 15 分钟时限" if rec["clock_s"] is not None and rec["clock_s"] > rec["clock_limit_s"] else ""
    put(f"封包：{_when(_parse(d.get('sealed_at')))}  接收：{_when(rec['received_at'])}  用时 {clock}（限 {rec['clock_limit_s']} 秒）{over}")
    put(f"状态：{rec['state']}  审核：{rec['review']}  案号：{rec['case_number'] or '-'}  "
        f"诉讼费：{rec['fee_yuan'] if rec['fee_yuan'] is not None else '-'}  理由：{rec['review_reason'] or '-'}")
    put(f"包摘要（SHA-256）：{d['digest']}")
    if not d["complete"]:
        put("材料包尚未完整接收，内容无法显示。" if rec["state"] != "received"
            else f"！材料包已接收，但文件目录 {rec['files_dir']} 不存在")
        return "\n".join(out) + "\n"
    problems = d["file_problems"]
    put("文件校验：各文件与签名清单一致" if not problems else "文件校验：！" + "；".join(problems))
    put(f"文件目录：{rec['files_dir']}")
    for text in d["unreadable"]:
        put(f"！{text}")
    _form(put, d, courts)
    _materials(put, d["materials"])
    _screening(put, d["screening"])
    _signatures(put, d["signatures"])
    _checks(put, d["checks"])
    audit = d["audit"]
    span = f"（{audit['first_at']} 至 {audit['last_at']}）" if audit.get("first_at") else ""
    put(audit["text"] + (span if audit["ok"] else "  ！请核查"))
    return "\n".join(out) + "\n"


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def _parse(text) -> float | None:
    from offline_queue.manifest import parse_time

    try:
        return parse_time(text)
    except (TypeError, ValueError, AttributeError):
        return None


def _court(courts, code) -> str:
    if not code:
        return "-"
    court = courts.by_code(code) if courts is not None else None
    return f"{court.name}（{code}）" if court else f"{code}（法院目录中无此代码）"


def provenance(value) -> str:
    """Where a form value came from: 芯片 / OCR 93% / 手输 / 工作人员."""
    if not isinstance(value, dict) or "source" not in value:
        return "来源未标明"
    source, confidence = value["source"], value.get("confidence")
    if source == "ocr":
        return f"OCR {round(float(confidence) * 100)}%" if isinstance(confidence, (int, float)) else "OCR"
    return SOURCE_NAMES.get(source, str(source))


def _value(value) -> str:
    raw = value.get("value") if isinstance(value, dict) and "value" in value else value
    return "-" if raw in (None, "") else str(raw)


def _line(put, label: str, value, indent: str = "    ") -> None:
    put(f"{indent}{label}：{_value(value)}  [{provenance(value)}]")


def _form(put, d: dict, courts) -> None:
    sec = d["form_sections"]
    for key, manifest_value in (("case_type", d["case_type"]), ("jurisdiction_court", d["jurisdiction_court"]),
                                ("cooperating_court", d["cooperating_court"]), ("case_ref", d["case_ref"])):
        if key in sec and _value(sec[key]) != _value(manifest_value):
            put(f"！表单中的 {key} 为 {_value(sec[key])}，与签名清单的 {manifest_value} 不一致")
    parties = sec.get("parties") if isinstance(sec.get("parties"), list) else []
    put(f"当事人（{len(parties)} 名）" if parties else "当事人：表单未列出")
    for p in parties:
        role, kind = _value(p.get("role")), _value(p.get("kind"))
        put(f"  {ROLE_NAMES.get(role, role)}（{KIND_NAMES.get(kind, kind)}）")
        for key, value in p.items():
            if key not in ("role", "kind"):
                _line(put, FIELD_NAMES.get(key, key), value)
    for text in d["chip_mismatches"]:
        put(f"  ！{text}")
    agent = sec.get("agent")
    if isinstance(agent, dict) and agent:
        put("代理人（律师）")
        for key, value in agent.items():
            if key == "represents":
                put(f"    代理：{ROLE_NAMES.get(_value(value), _value(value))}")
            else:
                _line(put, FIELD_NAMES.get(key, key), value)
    service = sec.get("service")
    if isinstance(service, dict):
        put("送达地址确认")
        for key, value in service.items():
            if key == "method":
                put(f"    方式：{METHOD_NAMES.get(_value(value), _value(value))}")
            else:
                _line(put, FIELD_NAMES.get(key, key), value)
    else:
        put("送达地址确认：！表单未写明送达地址和方式")
    claims = sec.get("claims")
    if claims:
        put("诉讼请求")
        for n, claim in enumerate(claims if isinstance(claims, list) else [claims], start=1):
            _line(put, str(n), claim)
    if d["fields"]:
        put("其他字段")
        for key, value in d["fields"].items():
            _line(put, FIELD_NAMES.get(key, key), value)
    card = d.get("idcard")
    if card:
        put(f"身份证芯片数据（本院密钥解密）：{card.get('name', '-')}  {card.get('id_number', '-')}  "
            f"{card.get('address', '-')}  有效期 {card.get('valid', '-')}")


def _materials(put, m: dict) -> None:
    if not m["present"]:
        put("材料清单：！包内没有 material_list.json")
    rows = m["listed"]
    put(f"材料清单（{len(rows)} 件；页数以 PDF 实际页数核对）")
    for r in rows:
        real = r.get("real_pages")
        extra = "  ".join(str(r[k]) for k in ("doc_type", "applicant", "scanned_at") if r.get(k))
        put(f"  {r.get('no')}. {r.get('name')}  {'原件' if r.get('original') else '复印件'}  "
            f"清单 {r.get('pages')} 页 / PDF {real if real is not None else '-'} 页  {r.get('file')}"
            + (f"  {extra}" if extra else ""))
        if r.get("problem"):
            put(f"     ！{r['problem']}")
    for path in m["unlisted"]:
        put(f"  ！{path} 在包内但未列入材料清单")


def _screening(put, flags: list) -> None:
    if not flags:
        put("内容筛查（规定第十二条）：无标记")
        return
    put(f"内容筛查（规定第十二条）：{len(flags)} 处标记，请审查")
    for f in flags:
        page = f"第 {f['page'] + 1} 页 " if isinstance(f.get("page"), int) else ""
        context = f"  …{f['context']}…" if f.get("context") else ""
        put(f"  材料 {f.get('material')} {page}“{f.get('term')}”  {FLAG_NAMES.get(f.get('category'), f.get('category'))}{context}")


def _signatures(put, sigs: list) -> None:
    if not sigs:
        put("签名确认：！包内没有签名")
        return
    put(f"签名确认（{len(sigs)} 份）")
    for s in sigs:
        text = s.get("text") or ""
        excerpt = text if len(text) <= 40 else text[:40] + "…"
        digest = (s.get("text_sha256") or "-")[:16]
        check = "与文本一致" if s["hash_ok"] else "！不符或无法核对"
        put(f"  {s['no']}. “{excerpt}”" + (f"（{len(text)} 字）" if text else ""))
        put(f"     签署人 {s.get('signer') or '-'}  签于 {s.get('signed_at') or '-'}  笔迹 {s['strokes']} 点  "
            f"文本 SHA-256 {digest}… {check}" + ("" if s["png"] else "  ！无签名图像"))
        if s.get("problem"):
            put(f"     ！{s['problem']}")


def _checks(put, checks) -> None:
    if checks is None:
        put("发送前检查：包内没有 checks.json")
        return
    items = checks
    if isinstance(checks, dict):
        items = next((checks[k] for k in ("checks", "results", "items") if isinstance(checks.get(k), list)), None)
    if not isinstance(items, list):
        put(f"发送前检查：{json.dumps(checks, ensure_ascii=False)}")
        return
    put(f"发送前检查（{len(items)} 项）")
    for item in items:
        if not isinstance(item, dict):
            put(f"  · {item}")
            continue
        ok = item.get("ok", item.get("passed"))
        if ok is None and "status" in item:
            ok = item["status"] in ("ok", "pass", "passed")
        label = next((item[k] for k in ("text", "message", "title", "name", "id") if item.get(k)), "")
        put(f"  {'✓' if ok else '✗'} {label}")
