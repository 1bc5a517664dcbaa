"""卷宗查阅 at the jurisdiction court (norms §24): a viewing request arrives as a packet
(``archive_request``) naming the case and the materials wanted; the court checks it against the
case (§24(1)) and either approves it — the archive's PDFs, the pages that may be printed, the
download link for the SMS and the kiosk's QR code (§24(2)) — or refuses it with a reason
(§24(3): not yet in the case system, with the handler's contact; secret, not suitable for network
transfer or not open to viewing, the litigant to be told by phone; details that do not match,
to be corrected and sent again).

Both answers go to the kiosk as court-signed documents (a ``decision`` for the status step, and
for an approval an ``archive`` with the files) and to the litigant by SMS. Prints made at the
kiosk come back as ``archive_print`` packets and are listed here."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import select

from court.applications import application_form, field_value
from court.review import ReviewError, find_packet
from court.store import InPacket, store_session

REQUEST_KIND, PRINT_KIND = "archive_request", "archive_print"
ARCHIVE_SCHEMA = "court-kiosk/archive/v1"
MAX_FILE_BYTES = 50 * 1024 * 1024
REFUSALS = {
    "not_generated": "申请查阅的材料尚未在办案系统生成",
    "secret": "申请查阅的材料涉及国家秘密或依法不能公开的内容",
    "not_suitable": "申请查阅的材料不宜网络传输",
    "not_viewable": "申请查阅的材料依法不能查阅",
    "mismatch": "申请表载明的当事人、案号或材料清单与本院记录不符",
}
"""Reason code → what the litigant reads (norms §24(3))."""
BY_PHONE = ("secret", "not_suitable", "not_viewable")
"""Refusals the court must also explain to the litigant by telephone (§24(3), last sentence)."""
RANGES = re.compile(r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$")


def requests(engine, state: str = "pending") -> list[InPacket]:
    """Viewing requests: pending | approved | refused | all; oldest first."""
    with store_session(engine) as s:
        query = select(InPacket).where(InPacket.kind == REQUEST_KIND).order_by(InPacket.first_seen_at)
        if state != "all":
            query = query.where(InPacket.review == state)
        return list(s.exec(query).all())


def prints(engine) -> list[InPacket]:
    with store_session(engine) as s:
        return list(s.exec(select(InPacket).where(InPacket.kind == PRINT_KIND)
                           .order_by(InPacket.first_seen_at)).all())


def summary(packet: InPacket, court_key) -> dict:
    section = application_form(packet, court_key)
    return {"case_ref": field_value(section, "case_ref") or _manifest(packet).get("case_ref") or "",
            "materials": field_value(section, "materials"), "relation": field_value(section, "relation"),
            "phone": field_value(section, "phone") or packet.phone or ""}


def print_record(packet: InPacket, court_key) -> dict:
    """What a kiosk reported printing: the document, the pages, the job, when."""
    section = application_form(packet, court_key)
    return {k: field_value(section, k) for k in ("archive", "document", "pages", "job", "printed_at", "request")}


def _manifest(packet: InPacket) -> dict:
    try:
        return json.loads(packet.manifest)
    except (TypeError, ValueError):
        return {}


def parse_ranges(ranges: str, count: int) -> set[int]:
    if ranges.strip() in ("", "all"):
        return set(range(1, count + 1))
    if ranges.strip() == "none":
        return set()
    if not RANGES.match(ranges):
        raise ReviewError(f"--print {ranges!r}: page ranges look like 1-3,5 (or all, none)")
    pages: set[int] = set()
    for part in ranges.replace(" ", "").split(","):
        a, _, b = part.partition("-")
        lo, hi = int(a), int(b or a)
        if lo < 1 or hi > count or lo > hi:
            raise ReviewError(f"--print {ranges!r}: pages {part} are not within 1-{count}")
        pages.update(range(lo, hi + 1))
    return pages


def check_pdf(file: Path) -> tuple[bytes, int]:
    """The PDF's bytes and pages; a file PDFium cannot open would not open at the kiosk either."""
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise ReviewError(f"{file}: cannot be read ({exc.strerror})") from None
    if not data.startswith(b"%PDF-") or len(data) > MAX_FILE_BYTES:
        raise ReviewError(f"{file}: not a PDF of at most {MAX_FILE_BYTES >> 20} MB")
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        pages = len(pdf)
        pdf.close()
    except Exception as exc:  # PDFium refuses it: so would the kiosk
        raise ReviewError(f"{file}: the PDF cannot be opened ({exc})") from None
    return data, pages


def _pending(s, packet_ref: str) -> InPacket:
    packet = find_packet(s, packet_ref)
    if packet.kind != REQUEST_KIND:
        raise ReviewError(f"packet {packet.packet_id} is a {packet.kind}, not an archive viewing request")
    if packet.state != "received":
        raise ReviewError(f"request {packet.packet_id} is {packet.state}; only received requests can be decided")
    if packet.review != "pending":
        raise ReviewError(f"request {packet.packet_id} was already {packet.review}")
    return packet


def approve(engine, settings, packet_ref: str, files: list[tuple[Path, str, str]], *, link: str,
            minutes: int = 30, link_days: int = 15) -> tuple[InPacket, dict, list]:
    """Record the approval; returns (row, archive.json, the document's files).

    ``files`` = [(pdf, title, print ranges "1-3,5" | "all" | "none")]."""
    if not files:
        raise ReviewError("an approval names at least one file (--file)")
    if not link.startswith("https://"):
        raise ReviewError(f"--link {link!r}: the download link must be an https:// address (norms §24(2))")
    if not 5 <= minutes <= 240:
        raise ReviewError("--minutes: a viewing lasts 5 to 240 minutes")
    entries, out = [], []
    for no, (pdf, title, ranges) in enumerate(files, start=1):
        data, pages = check_pdf(pdf)
        allowed = parse_ranges(ranges, pages)
        name = f"files/{no:02d}.pdf"
        entries.append({"path": name, "title": title or Path(pdf).stem, "pages": pages,
                        "print_ranges": _as_ranges(allowed) if allowed else None})
        out.append((name, data, "archive", "application/pdf"))
    with store_session(engine, expire_on_commit=False) as s:
        packet = _pending(s, packet_ref)
        now = time.time()
        packet.review, packet.decided_at = "approved", now
        packet.review_reason = f"{len(entries)} 份材料，查阅 {minutes} 分钟"
        s.add(packet)
        s.commit()
    case_ref = _manifest(packet).get("case_ref") or ""
    archive = {"schema": ARCHIVE_SCHEMA, "packet_id": packet.packet_id, "case_ref": case_ref,
               "court": settings.court_name, "approved_at": _stamp(now), "viewing_minutes": minutes,
               "download_link": link, "link_expires": _stamp(now + timedelta(days=link_days).total_seconds())[:10],
               "files": entries}
    out.insert(0, ("archive.json", json.dumps(archive, ensure_ascii=False, indent=1).encode(), "archive_index",
                   "application/json"))
    return packet, archive, out


def refuse(engine, packet_ref: str, reason: str, *, handler: str = "", note: str = "") -> InPacket:
    """Record a refusal with its reason code; ``not_generated`` must name the handler's contact."""
    if reason not in REFUSALS:
        raise ReviewError(f"--reason must be one of {', '.join(REFUSALS)}")
    handler, note = handler.strip(), note.strip()
    if reason == "not_generated" and not handler:
        raise ReviewError("not_generated: give the handler's name and telephone (--handler), norms §24(3)")
    if len(note) > 300 or len(handler) > 60:
        raise ReviewError("--note at most 300 characters, --handler at most 60")
    with store_session(engine, expire_on_commit=False) as s:
        packet = _pending(s, packet_ref)
        packet.review, packet.decided_at = "refused", time.time()
        packet.review_reason = refusal_text(reason, handler, note)
        s.add(packet)
        s.commit()
        return packet


def refusal_text(reason: str, handler: str = "", note: str = "") -> str:
    text = REFUSALS[reason] + "。"
    if note:
        text += note.rstrip("。") + "。"
    if reason == "not_generated":
        text += f"案件经办人员：{handler}。"
    elif reason == "mismatch":
        text += "请核对后更正，重新提交申请。"
    else:
        text += "本院将电话向您说明；您也可以通过其他方式向本院申请查阅。"
    return text


def decision_files(packet: InPacket, settings, archive: dict | None) -> list[tuple[str, bytes, str, str]]:
    """decision.json for the status step: ``answered`` (approved) or ``rejected`` (refused)."""
    if packet.review == "approved":
        answer = (f"可查阅{len(archive['files'])}份材料，每次{archive['viewing_minutes']}分钟；"
                  "请选“查阅已批准的卷宗”，刷身份证查阅")
        decision = {"packet_id": packet.packet_id, "decision": "answered", "answer": answer,
                    "service": "archive_viewing", "court": settings.court_name,
                    "decided_at": _stamp(packet.decided_at)}
    else:
        decision = {"packet_id": packet.packet_id, "decision": "rejected", "reason": packet.review_reason,
                    "service": "archive_viewing", "court": settings.court_name,
                    "decided_at": _stamp(packet.decided_at)}
    return [("decision.json", json.dumps(decision, ensure_ascii=False, indent=1).encode(), "decision",
             "application/json")]


def _stamp(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def _as_ranges(pages: set[int]) -> str:
    out, run = [], []
    for p in sorted(pages) + [None]:
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [p]
    return ",".join(out)
