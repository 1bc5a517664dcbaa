"""`review show` as the filing judge reads it (Simplified Chinese): the dossier of
``court.review.dossier_for`` laid out section by section, every problem the court found marked ！."""

from __future__ import annotations

import json
from datetime import datetime

from court.applications import KIND_NAMES, render_application

SERVICE_NAMES = {"case_filing": "网上立案", "material_transfer": "材料转递", "evidence": "证据提交",
                 "fee_payment": "网上缴费", "preservation": "保全申请", "appraisal": "鉴定申请",
                 "contact_judge": "联系法官", "petition": "网上信访", "transcript": "笔录签署",
                 "document_collection": "文书领取", "archive_viewing": "卷宗查阅",
                 "preservation_appraisal": "保全鉴定申请"}
CASE_TYPE_NAMES = {"civil_first": "民事起诉", "civil_appeal": "上诉", "civil_retrial": "申请再审",
                   "admin_first": "行政起诉", "admin_nonlitigation_enforcement": "非诉行政执行申请",
                   "admin_enforcement": "非诉行政执行申请", "first_enforcement": "首次执行申请",
                   "enforcement": "首次执行申请", "preservation": "财产保全申请",
                   "material_transfer": "材料转递（已立案件）", **KIND_NAMES}
ROLE_NAMES = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人", "applicant": "申请人",
              "respondent": "被申请人", "appellant": "上诉人", "appellee": "被上诉人"}
KIND_NAMES = {"person": "自然人", "org": "法人或其他组织"}
METHOD_NAMES = {"electronic": "电子送达", "post": "邮寄送达", "in_person": "直接送达"}
SOURCE_NAMES = {"chip": "芯片", "typed": "手输", "staff": "工作人员"}
FIELD_NAMES = {"name": "姓名/名称", "id_number": "身份证号", "credit_code": "统一社会信用代码", "phone": "电话",
               "address": "地址", "licence": "执业证号", "represents": "代理", "method": "方式",
               "cause": "案由", "claim_amount": "标的额", "plaintiff_name": "原告姓名",
               "plaintiff_id_number": "原告身份证号", "defendant_name": "被告姓名", "gender": "性别",
               "birth": "出生", "service_address": "送达地址", "law_firm": "律师事务所", "legal_rep": "法定代表人"}
CARD_NAMES = {"resident": "居民身份证", "foreign_permanent": "外国人永久居留身份证",
              "hk_macao_taiwan": "港澳台居民居住证", "foreign": "外国人永久居留身份证"}
FLAG_NAMES = {"state_secret": "涉密", "public_order": "扰乱秩序", "insult": "侮辱攻击", "other": "其他违法内容"}


def render(d: dict, courts) -> str:
    out: list[str] = []
    put = out.append
    rec = d["record"]
    seq = f"（第 {d['kiosk_seq']} 号）" if d.get("kiosk_seq") is not None else ""
    put(f"材料包 {d['packet_id']}  自助终端 {d['kiosk_id']}{seq}")
    service = SERVICE_NAMES.get(d["service"], d["service"])
    if d["service"] == "case_filing" and d.get("cooperating_court") not in (None, d.get("jurisdiction_court")):
        service = "跨域立案"
    put(f"业务：{service}（{d['service']} / {d['kind']}）  "
        f"案件类型：{CASE_TYPE_NAMES.get(d['case_type'], '未知')}（{d['case_type']}）")
    put(f"管辖法院：{court_name(courts, d.get('jurisdiction_court'))}  "
        f"协作法院：{court_name(courts, d.get('cooperating_court'))}")
    origin = (d.get("form_sections") or {}).get("origin_court")
    if origin:
        put(f"原审法院：{court_name(courts, _code(origin))}")
    if d.get("case_ref") or d.get("supersedes"):
        put(f"关联案号：{d.get('case_ref') or '-'}  替代材料包：{d.get('supersedes') or '-'}")
    _supersedes(put, d.get("supersedes_check"))
    clock = f"{rec['clock_s']:.1f} 秒" if rec["clock_s"] is not None else "-"
    over = "  ！超过 15 分钟时限" if rec["clock_s"] is not None and rec["clock_s"] > rec["clock_limit_s"] else ""
    put(f"封包：{at(d.get('sealed_at'))}  接收：{at(rec['received_at'])}  用时 {clock}（限 {rec['clock_limit_s']} 秒）{over}")
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
    _form(put, d)
    _materials(put, d["materials"])
    _screening(put, d["screening"])
    _signatures(put, d["signatures"])
    _checks(put, d["checks"], unreadable=any(e.startswith("checks.json") for e in d["unreadable"]))
    audit = d["audit"]
    span = f"（{at(audit['first_at'])} 至 {at(audit['last_at'])}）" if audit.get("first_at") else ""
    put(audit["text"] + (span if audit["ok"] else "  ！请核查"))
    return "\n".join(out) + "\n"


def at(value) -> str:
    """A time as local ``YYYY-MM-DD HH:MM:SS``: epoch seconds or ISO 8601 (``…Z``); else as given."""
    if value in (None, ""):
        return "-"
    try:
        when = (datetime.fromtimestamp(value) if isinstance(value, (int, float))
                else datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone())
    except (ValueError, OverflowError, OSError):
        return str(value)
    return when.strftime("%Y-%m-%d %H:%M:%S")


def court_name(courts, code) -> str:
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


def _code(value) -> str | None:
    """A court or case type given as a code, ``{"code": …}`` or ``{"value": …}``."""
    if isinstance(value, dict):
        value = value.get("code", value.get("value"))
    return None if value in (None, "") else str(value)


def _line(put, label: str, value, indent: str = "    ") -> None:
    if value is None or (isinstance(value, dict) and value.get("value") in (None, "")):
        put(f"{indent}{label}：未填")
    else:
        put(f"{indent}{label}：{_value(value)}  [{provenance(value)}]")


def _form(put, d: dict) -> None:
    sec = d["form_sections"]
    for key in ("case_type", "jurisdiction_court", "cooperating_court", "case_ref"):
        if key in sec and _code(sec[key]) != _code(d.get(key)):
            put(f"！表单中的 {key} 为 {_code(sec[key]) or '空'}，与签名清单的 {d.get(key) or '空'} 不一致")
    parties = [p for p in sec["parties"] if isinstance(p, dict)] if isinstance(sec.get("parties"), list) else []
    if isinstance(sec.get("application"), dict):
        render_application(put, sec["application"])
    if parties or not isinstance(sec.get("application"), dict):
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
                put(f"    代理：{ROLE_NAMES.get(_value(value), _value(value))}  [{provenance(value)}]")
            elif key == "identity":
                _identity(put, "律师身份", value)
            else:
                _line(put, FIELD_NAMES.get(key, key), value)
    service = sec.get("service")
    if isinstance(service, dict) and (service.get("address") or service.get("method")):
        put("送达地址确认")
        for key, value in service.items():
            if key == "method":
                put(f"    方式：{METHOD_NAMES.get(_value(value), _value(value))}")
            else:
                _line(put, FIELD_NAMES.get(key, key), value)
    elif d.get("kind") == "filing":
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
    _identity(put, "身份证芯片数据（本院密钥解密）", d.get("idcard"), indent="")


def _identity(put, label: str, card, indent: str = "    ") -> None:
    if not isinstance(card, dict) or not card:
        return
    valid = card.get("valid_to") or card.get("valid")
    parts = [card.get("name", "-"), card.get("id_number", "-"),
             CARD_NAMES.get(card.get("card_type"), card.get("card_type")), card.get("address"),
             f"有效期 {valid}" if valid else None, f"[{provenance(card)}]" if "source" in card else None]
    put(f"{indent}{label}：" + "  ".join(str(p) for p in parts if p))


def _materials(put, m: dict) -> None:
    if not m["present"]:
        put("材料清单：！包内没有 material_list.json")
    rows = m["listed"]
    put(f"材料清单（{len(rows)} 件；页数以 PDF 实际页数核对）")
    for r in rows:
        real = r.get("real_pages")
        extra = "  ".join(str(r[k]) for k in ("doc_type", "applicant", "scanned_at") if r.get(k))
        kept = "（沿用原材料包，见上）" if r.get("kept") else ""
        put(f"  {r.get('no')}. {r.get('name')}  {'原件' if r.get('original') else '复印件'}  "
            f"清单 {r.get('pages')} 页 / PDF {real if real is not None else '-'} 页  {r.get('file')}{kept}"
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
        page = f"第 {f['page'] + 1} 页 " if type(f.get("page")) is int else ""  # 0-based, as capture counts
        context = f"  …{f['context']}…" if f.get("context") else ""
        category = FLAG_NAMES.get(f.get("category"), f.get("category"))
        put(f"  材料 {f.get('material')} {page}“{f.get('term')}”  {category}{context}")


def _signatures(put, sigs: list) -> None:
    if not sigs:
        put("签名确认：！包内没有签名")
        return
    put(f"签名确认（{len(sigs)} 份）")
    for s in sigs:
        text = s.get("text") or ""
        excerpt = text if len(text) <= 40 else text[:40] + "…"
        check = "与文本一致" if s["hash_ok"] else "！不符或无法核对"
        key = f"[{s['key']}] " if s.get("key") else ""
        put(f"  {s['no']}. {key}“{excerpt}”" + (f"（{len(text)} 字）" if text else ""))
        put(f"     签署人 {s.get('signer') or '-'}  签于 {at(s.get('signed_at'))}  笔迹 {s['strokes']} 点  "
            f"文本 SHA-256 {(s.get('text_sha256') or '-')[:16]}… {check}" + ("" if s["png"] else "  ！无签名图像"))
        if s.get("problem"):
            put(f"     ！{s['problem']}")


def _checks(put, checks, *, unreadable: bool = False) -> None:
    """The pre-send checks: the journey's ``{"problems", "materials"}`` or a list of results."""
    if checks is None:
        put("发送前检查：！checks.json 无法读取" if unreadable else "发送前检查：包内没有 checks.json")
        return
    if isinstance(checks, dict) and "problems" in checks:
        problems = checks.get("problems") or []
        put(f"发送前检查：{'通过' if not problems else f'！{len(problems)} 个问题'}（{at(checks.get('checked_at'))}）")
        for p in problems:
            put(f"  ✗ {p.get('message', p) if isinstance(p, dict) else p}")
        for m in checks.get("materials") or []:
            layer = "文字层已核对" if m.get("layer_ok") else "！文字层核对未通过"
            pages = "；".join(m.get("page_problems") or [])
            put(f"  · {m.get('name')}：{layer}，识别置信度 {m.get('confidence')}" + (f"，！{pages}" if pages else ""))
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


def _supersedes(put, check: dict | None) -> None:
    """What the court found about the packet this one replaces (court.resubmit)."""
    if not check:
        return
    if check.get("problems"):
        put("更正重交：！" + "；".join(check["problems"]))
    else:
        put(f"更正重交：已核对，同一申请人；原材料包于 {at(check.get('decided_at'))} 被驳回"
            f"（理由：{check.get('reason') or '-'}）")
    for k in check.get("kept", []):
        state = "哈希一致" if k.get("ok") else f"！{k.get('problem')}"
        put(f"  沿用原材料：{k.get('no')}. {k.get('name')}  {k.get('from_packet')}/{k.get('file')}  "
            f"PDF {k.get('real_pages') if k.get('real_pages') is not None else '-'} 页  {state}")
