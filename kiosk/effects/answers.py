"""The court's answer to one packet, on the status step: a decision document (kind ``decision``)
naming the packet, verified by the downlink inbox (hashes and the court's signature) before it is
read here. Filings get accepted / rejected with the case number or the reason; a petition gets
the petition office's answer. Nothing unverified is ever shown."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from kiosk.flows.events import PacketStateChanged
from kiosk.texts import t

log = logging.getLogger(__name__)
STATES = {"accepted": "accepted", "rejected": "rejected", "answered": "answered",
          # 文书领取 (norms §21): the document sent, not generated yet (with the case status), not
          # suitable for collection here (with the reason)
          "document_sent": "document_sent", "not_generated": "not_generated", "unsuitable": "unsuitable",
          "scheduled": "answered", "refused": "rejected"}  # the last two: video assistance (norms §16)


def find_answer(outbox, packet_id: str) -> tuple[str, str] | None:
    """(state, the text to show) from a verified decision document about ``packet_id``, or None."""
    found = answer_document(outbox, packet_id)
    return None if found is None else found[:2]


def answer_document(outbox, packet_id: str) -> tuple[str, str, str] | None:
    """(state, text, the decision's doc id): ``find_answer`` and which document said it."""
    from sqlmodel import select

    from offline_queue.doc_store import read_json
    from offline_queue.models import InDocument

    with outbox.session() as s:
        rows = s.exec(select(InDocument).where(InDocument.state == "verified", InDocument.kind == "decision")
                      .order_by(InDocument.verified_at.desc())).all()
    for row in rows:
        try:
            decision = read_json(outbox, Path(row.path) / "decision.json")
        except (OSError, ValueError, TypeError):
            continue
        if not isinstance(decision, dict) or decision.get("packet_id") != packet_id:
            continue
        state = STATES.get(decision.get("decision"))
        if state is None:
            log.warning("decision %s for %s has an unknown decision %r", row.doc_id, packet_id,
                        decision.get("decision"))
            continue
        return state, answer_text(state, decision, _fee_notice(outbox, Path(row.path))), row.doc_id
    return None


def _fee_notice(outbox, root: Path) -> dict:
    from offline_queue.doc_store import read_json

    try:
        notice = read_json(outbox, root / "fee_notice.json")
    except (OSError, ValueError):
        return {}
    return notice if isinstance(notice, dict) else {}


def answer_text(state: str, decision: dict, fee: dict | None = None) -> str:
    if state in ("document_sent", "not_generated", "unsuitable"):
        return t(f"doc.answer.{state}", title=str(decision.get("title") or ""),
                 status=str(decision.get("case_status") or ""), reason=str(decision.get("reason") or ""),
                 by=str(decision.get("court") or ""),
                 doc=str(decision.get("doc_type_name") or "") or t("doc.type_unknown"))
    if decision.get("decision") in ("scheduled", "refused"):
        return video_answer_text(decision)
    if state == "answered":
        return t("svc.answer.answered", answer=str(decision.get("answer") or ""),
                 by=str(decision.get("court") or ""), at=str(decision.get("decided_at") or ""))
    if state == "accepted":
        number = decision.get("case_number") or ""
        text = t("svc.answer.accepted", case_number=number)
        if fee and fee.get("amount_yuan"):
            text += t("svc.answer.fee", amount=fee["amount_yuan"], days=fee.get("pay_within_days", 7))
        return text
    return t("svc.answer.rejected", reason=str(decision.get("reason") or ""))


def watch_answer(effect, ports, send, *, timeout_s: float = 3600.0) -> None:
    """Poll the verified documents until the answer is there or the session has ended."""
    started = time.monotonic()
    session = ports.session()
    while time.monotonic() - started < timeout_s:
        if session is None or session.closed:
            return
        outbox = ports.outbox() if ports.outbox is not None else None
        found = None
        if outbox is not None:
            try:
                found = answer_document(outbox, effect.packet_id)
            except Exception:  # a locked or damaged store: try again, never crash the worker
                log.exception("answer to %s not read", effect.packet_id)
        if found is not None:  # closed only if the status step shows it (``DocumentShown``)
            send(PacketStateChanged(effect.packet_id, found[0], found[1], doc_id=found[2]))
            return
        time.sleep(ports.watch_interval_s)


def document_shown(effect, ports) -> None:
    """The answer was on screen when it arrived: noted now (a lock and a dict), closed at the end."""
    if getattr(ports, "closing", None) is not None:
        ports.closing.used(effect.doc_id, effect.how)


def video_answer_text(decision: dict) -> str:
    """跨域视频: the time and place the court set (norms §16(2)), or why not (§16(3))."""
    if decision.get("decision") == "refused":
        return t("video.answer.refused", reason=str(decision.get("reason") or ""))
    session = str(decision.get("session") or "mediation")
    return t("video.answer.scheduled", session=t(f"video.session.{session}") if session in ("mediation", "trial") else "",
             at=str(decision.get("at") or ""), place=str(decision.get("place") or ""),
             note=(str(decision["note"]) + "。") if decision.get("note") else "")
