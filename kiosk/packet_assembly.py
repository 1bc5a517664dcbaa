"""Assembling a session into a packet (DESIGN.md "Packet"), and a realistic sample filing.

The app hands over what the session captured as a ``SessionFiling``; ``seal_session`` turns it into
a signed spool directory in the outbox and returns the packet id to show on the receipt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from offline_queue.canonical import canonical
from offline_queue.manifest import utc_now
from offline_queue.packet import PacketBuilder


@dataclass
class Material:
    """One material of the material list (norms §10): its searchable PDF and OCR text."""

    name: str
    pdf: bytes | Path
    ocr_text: str = ""
    original: bool = False
    pages: int = 1
    doc_type: str = ""
    applicant: str = ""
    scanned_at: str = ""
    kept_from: dict | None = None
    """Kept from the superseded packet ({packet_id, file, sha256}): listed, not carried again."""


@dataclass
class SessionFiling:
    service: str
    case_type: str
    jurisdiction_court: str
    form: dict
    """Field name → {"value": …, "source": "chip" | "ocr" | "typed" | "staff", "confidence"?}."""
    materials: list[Material] = field(default_factory=list)
    idcard: dict | None = None
    signature_png: bytes | None = None
    strokes: list[dict] | None = None
    signed_text: str | None = None
    audit_events: list[dict] = field(default_factory=list)
    kind: str = "filing"
    case_ref: str | None = None
    supersedes: str | None = None
    confirmations: list[dict] = field(default_factory=list)
    """One per signed confirmation: key, text, text_sha256, strokes (parsed JSON), png (bytes),
    signed_at, signer, refused — written as ``signature/NN.json`` and ``signature/NN.png``."""
    extra: dict[str, dict] = field(default_factory=dict)
    """More JSON files by path (``screening.json``, ``checks.json``)."""


def audit_chain(events: list[dict]) -> bytes:
    """JSON lines, each event carrying the SHA-256 of the previous line (tamper-evident)."""
    lines, prev = [], "0" * 64
    for seq, event in enumerate(events):
        line = canonical({**event, "seq": seq, "prev": prev})
        prev = hashlib.sha256(line).hexdigest()
        lines.append(line)
    return b"\n".join(lines) + (b"\n" if lines else b"")


def builder_for(settings, filing: SessionFiling) -> PacketBuilder:
    b = PacketBuilder(kiosk_id=settings.kiosk.kiosk_id, kind=filing.kind, service=filing.service,
                      case_type=filing.case_type, cooperating_court=settings.kiosk.court_code,
                      jurisdiction_court=filing.jurisdiction_court, case_ref=filing.case_ref,
                      supersedes=filing.supersedes)
    b.add_private_json("form.json", {"fields": filing.form}, "form")  # names, ID numbers, phones: to the court only
    listing = []
    for n, m in enumerate(filing.materials, start=1):
        pdf_path = f"materials/{n:02d}.pdf"
        if m.kept_from:  # the court already holds it (court.resubmit checks the file and its hash)
            row = {"no": n, "name": m.name, "original": m.original, "pages": m.pages,
                   "kept_from": dict(m.kept_from)}
            row.update({k: v for k, v in (("doc_type", m.doc_type), ("applicant", m.applicant),
                                          ("scanned_at", m.scanned_at)) if v})
            listing.append(row)
            continue
        if isinstance(m.pdf, Path):
            b.add_file(pdf_path, m.pdf, "material", "application/pdf")
        else:
            b.add_bytes(pdf_path, m.pdf, "material", "application/pdf")
        b.add_bytes(f"ocr/{n:02d}.txt", m.ocr_text.encode(), "ocr", "text/plain; charset=utf-8")
        row = {"no": n, "name": m.name, "original": m.original, "pages": m.pages, "file": pdf_path}
        row.update({k: v for k, v in (("doc_type", m.doc_type), ("applicant", m.applicant),
                                      ("scanned_at", m.scanned_at)) if v})
        listing.append(row)
    b.add_json("material_list.json", {"materials": listing}, "material_list")
    if filing.signature_png is not None:
        b.add_bytes("signature/signature.png", filing.signature_png, "signature", "image/png")
        b.add_json("signature/strokes.json", {
            "strokes": filing.strokes or [],
            "signed_text_sha256": hashlib.sha256((filing.signed_text or "").encode()).hexdigest()},
            "signature")
    for n, c in enumerate(filing.confirmations, start=1):
        if c.get("png"):
            b.add_bytes(f"signature/{n:02d}.png", c["png"], "signature", "image/png")
        b.add_json(f"signature/{n:02d}.json", {k: v for k, v in c.items() if k != "png"}, "signature")
    for path, obj in filing.extra.items():
        b.add_json(path, obj, path.rsplit(".", 1)[0])
    b.add_bytes("audit.jsonl", audit_chain(filing.audit_events), "audit", "application/jsonl")
    b.idcard = filing.idcard
    return b


def seal_session(settings, filing: SessionFiling, outbox=None, priority: int = 0) -> str:
    """Seal the session's filing into the outbox; returns the packet id (raises DiskFull etc.)."""
    from offline_queue.service import seal_packet

    return seal_packet(settings, builder_for(settings, filing), priority=priority, outbox=outbox)


COMPLAINT = """民事起诉状
原告：张三，男，1990年3月7日出生，汉族，住河南省巩义市新华路12号。
被告：李四，男，1985年6月1日出生，汉族，住郑州市中原区建设路8号。
诉讼请求：
1. 判令被告偿还借款人民币100000元及利息；
2. 本案诉讼费用由被告承担。
事实与理由：
2023年5月1日，被告向原告借款100000元，约定2024年5月1日前归还，到期后经多次催要未还。
此致
郑州市中原区人民法院
具状人：张三
2024年9月1日"""


def _page_pdf(text: str, width: int = 620, height: int = 877) -> bytes:
    """An A4 page (75 dpi) with the text drawn in the CJK font, as a PDF."""
    import io

    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 16)
    except OSError:
        font = ImageFont.load_default()
    for row, line in enumerate(text.splitlines()):
        draw.text((48, 48 + row * 26), line, fill=0, font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(75, 75))
    return img2pdf.convert(buf.getvalue())


def sample_filing(*, material_bytes: int | None = None, seed: int = 0) -> SessionFiling:
    """A realistic civil complaint (loan dispute) filed cross-region from 巩义 to 中原区. With
    ``material_bytes`` the materials are stand-in bytes of that size (fast, for transport tests)."""
    import random

    if material_bytes is None:
        pdfs = [_page_pdf(COMPLAINT), _page_pdf("借条\n今借到张三人民币壹拾万元整。\n借款人：李四\n2023年5月1日")]
    else:
        rng = random.Random(seed)
        pdfs = [b"%PDF-1.4\n" + rng.randbytes(max(0, material_bytes // 2 - 9)) for _ in range(2)]
    now = utc_now()
    return SessionFiling(
        service="case_filing", case_type="civil_first", jurisdiction_court="豫0102",
        form={"plaintiff_name": {"value": "张三", "source": "chip"},
              "plaintiff_id_number": {"value": "410181199003074512", "source": "chip"},
              "phone": {"value": "13800138000", "source": "typed"},
              "defendant_name": {"value": "李四", "source": "ocr", "confidence": 0.93},
              "cause": {"value": "民间借贷纠纷", "source": "typed"},
              "claim_amount": {"value": 100000, "source": "ocr", "confidence": 0.88},
              "service_address": {"value": "河南省巩义市新华路12号", "source": "chip"}},
        materials=[Material("民事起诉状", pdfs[0], COMPLAINT, original=True, pages=1),
                   Material("借条（复印件）", pdfs[1], "借条 今借到张三人民币壹拾万元整", original=False, pages=1)],
        idcard={"name": "张三", "sex": "男", "nation": "汉", "birth": "1990-03-07",
                "address": "河南省巩义市新华路12号", "id_number": "410181199003074512",
                "issuer": "巩义市公安局", "valid": "2015.03.07-2035.03.07"},
        signature_png=b"\x89PNG\r\n\x1a\n" + bytes(64),
        strokes=[{"x": 10, "y": 20, "t": 0}, {"x": 40, "y": 22, "t": 35}, {"x": 80, "y": 18, "t": 70}],
        signed_text="本人确认：所填信息及提交材料真实、合法；原件扫描版与纸质版具有同等法律效力；材料不涉密。",
        audit_events=[{"at": now, "event": "notice_accepted"}, {"at": now, "event": "idcard_read"},
                      {"at": now, "event": "materials_scanned", "count": 2}, {"at": now, "event": "signed"}],
    )


def export_sample(settings, out: Path, court_key) -> Path:
    """Seal the sample filing as directory ``out`` (not into the outbox) with this kiosk's key."""
    import os

    from offline_queue.fsutil import fsync_dir
    from offline_queue.manifest import uuid7
    from offline_queue.service import kiosk_signing_key

    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists")
    builder = builder_for(settings, sample_filing())
    sealed = builder.seal(out.parent, kiosk_signing_key(settings), court_key, packet_id=uuid7(),
                          kiosk_seq=0, chunk_size=settings.broker.chunk_size)
    os.rename(sealed.path, out)
    fsync_dir(out.parent)
    return out
