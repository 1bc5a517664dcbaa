"""A filing as the kiosk's filing journey seals it (structured form, screening flags, signed
confirmations, pre-send checks, a real audit chain), sealed with the kiosk's own code and recorded
through the court's real receiver and store."""

from __future__ import annotations

import hashlib
import io
import json

from kiosk.packet_assembly import Material, SessionFiling, builder_for, seal_session
from offline_queue.packet import read_packet
from offline_queue.service import open_outbox, seal_packet

CONFIRMATIONS = ["本人确认：起诉状及所填信息真实、合法，如有虚假诉讼，愿承担法律责任。",
                 "本人确认：管辖法院为郑州市中原区人民法院。",
                 "本人确认送达地址：河南省巩义市新华路12号，同意电子送达。",
                 "本人确认：扫描件与纸质原件具有同等法律效力；所交材料不涉及国家秘密。"]


def pv(value, source="typed", confidence=None) -> dict:
    out = {"value": value, "source": source}
    if confidence is not None:
        out["confidence"] = confidence
    return out


def pdf(pages: int) -> bytes:
    """A real PDF of ``pages`` small pages (img2pdf, as the capture pipeline writes them)."""
    import img2pdf
    from PIL import Image

    images = []
    for n in range(pages):
        buf = io.BytesIO()
        Image.new("L", (60 + n, 80), 255).save(buf, format="PNG")
        images.append(buf.getvalue())
    return img2pdf.convert(images)


def filing_form() -> dict:
    return {
        "case_type": pv("civil_first"), "jurisdiction_court": pv("豫0102"), "cooperating_court": pv("豫0181", "staff"),
        "parties": [
            {"role": "plaintiff", "kind": "person", "name": pv("张三", "chip"),
             "id_number": pv("410181199003074512", "chip"), "phone": pv("13800138000"),
             "address": pv("河南省巩义市新华路12号", "chip")},
            {"role": "defendant", "kind": "person", "name": pv("李四", "ocr", 0.93),
             "id_number": pv("410102198506014533", "ocr", 0.81), "phone": pv("13912345678", "ocr", 0.9),
             "address": pv("郑州市中原区建设路8号", "ocr", 0.86)},
            {"role": "third_party", "kind": "org", "name": pv("郑州某某商贸有限公司", "typed"),
             "credit_code": pv("91410100MA44XXXX1B", "ocr", 0.77)}],
        "agent": {"name": pv("王律师"), "licence": pv("14101201910123456"), "phone": pv("13700137000"),
                  "represents": "plaintiff"},
        "service": {"address": pv("河南省巩义市新华路12号", "chip"), "method": "electronic",
                    "phone": pv("13800138000")},
        "claims": [pv("判令被告偿还借款人民币100000元及利息", "ocr", 0.88), pv("本案诉讼费用由被告承担", "ocr", 0.95)],
        "case_ref": pv(None),
        "cause": pv("民间借贷纠纷"), "phone": pv("13800138000"),
        "claim_amount": pv(100000, "ocr", 0.88),
    }


def audit_events(n: int = 6) -> list[dict]:
    names = ["notice_accepted", "idcard_read", "court_chosen", "materials_scanned", "checked", "signed",
             "submitted", "sealed"]
    return [{"at": f"2026-12-01T09:{10 + i:02d}:00.000Z", "event": names[i % len(names)]} for i in range(n)]


def session_filing(*, pages=(2, 1), listed_pages=None, events: int = 6) -> SessionFiling:
    listed_pages = listed_pages or pages
    names = ["民事起诉状", "借条（复印件）", "转账记录", "身份证明"]
    return SessionFiling(
        service="case_filing", case_type="civil_first", jurisdiction_court="豫0102", form=filing_form(),
        materials=[Material(names[i], pdf(p), f"{names[i]} 文本", original=i == 0, pages=listed_pages[i])
                   for i, p in enumerate(pages)],
        idcard={"name": "张三", "sex": "男", "nation": "汉", "birth": "1990-03-07",
                "address": "河南省巩义市新华路12号", "id_number": "410181199003074512",
                "issuer": "巩义市公安局", "valid": "2015.03.07-2035.03.07"},
        audit_events=audit_events(events))


def signature(n: int, text: str, *, tamper: bool = False) -> dict:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {"text": text + ("（改）" if tamper else ""), "text_sha256": digest, "signer": "张三",
            "signed_at": f"2026-12-01T09:2{n}:00.000Z",
            "strokes": {"format": "ISO/IEC 19794-7 time series", "strokes": [
                [{"x": 10 + i, "y": 20 + i % 3, "t": i * 8} for i in range(12)],
                [{"x": 40 + i, "y": 30, "t": 200 + i * 8} for i in range(9)]]}}


def seal(ks, filing: SessionFiling, *, audit: bytes | None = None, screening=None, checks=None,
         signatures=None, extra=()) -> str:
    """Seal with ``seal_session``, the journey's screening flags, checks and signed confirmations
    included; ``audit`` (a tampered chain) and ``extra`` files go through the same builder."""
    flags = screening if screening is not None else [
        {"material": 2, "term": "狗官", "category": "insult", "page": 0, "context": "还钱你这个狗官不管"}]
    filing.extra = {"screening.json": {"flags": flags}, "checks.json": checks if checks is not None else {"checks": [
        {"id": "court", "ok": True, "text": "管辖法院与案件类型相符"},
        {"id": "materials", "ok": True, "text": "必需材料齐全：起诉状、身份证明、证据"},
        {"id": "pages", "ok": True, "text": "无空白或无法识别的页面"}]}}
    filing.confirmations = [{**sig, "png": b"\x89PNG\r\n\x1a\n" + bytes(32)} for sig in (
        signatures if signatures is not None else [signature(i, t) for i, t in enumerate(CONFIRMATIONS, start=1)])]
    if audit is None and not extra:
        return seal_session(ks, filing, outbox=open_outbox(ks))
    b = builder_for(ks, filing)
    for path, data, role in extra:
        b.add_bytes(path, data, role, "application/octet-stream")
    if audit is not None:
        next(i for i in b.items if i.path == "audit.jsonl").data = audit
    return seal_packet(ks, b, outbox=open_outbox(ks))


def record(ks, cs, pid: str, engine):
    """Deliver a sealed packet to the court's real receiver and store; returns the ack."""
    from court.keys import court_key
    from court.receiver import Receiver
    from tests.transport.helpers import packet_messages

    head, chunks = packet_messages(ks, pid)
    answers = Receiver(cs, engine, court_key(cs)).process([head] + chunks)
    return json.loads(answers[-1][1])


def spool_manifest(ks, pid: str) -> dict:
    return read_packet(ks.spool_dir / pid)[0]
