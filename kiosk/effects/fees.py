"""网上缴费's effects: the live "fees" question (``queries.ask_court``), keeping only notices
addressed to the card holder; and the wait for the court's signed answer to a proof of payment,
read only from verified documents addressed to the same person. A notice or a document for
anyone else is logged and never shown or printed."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from kiosk.effects import queries
from kiosk.flows.events import CourtAnswered, FeeAnswered

log = logging.getLogger(__name__)


def ask_fees(effect, ports, send) -> None:
    from offline_queue.document import recipient_tag

    tag = recipient_tag(effect.id_number)

    def mine_only(event) -> None:
        if isinstance(event, CourtAnswered) and event.status == "ok":
            data = event.data if isinstance(event.data, dict) else {}
            notices = [n for n in data.get("notices", []) if isinstance(n, dict)]
            kept = [n for n in notices if n.get("recipient") == tag]
            if len(kept) != len(notices):
                log.warning("fees answer held %d notice(s) for another person: dropped",
                            len(notices) - len(kept))
            event = replace(event, data={"notices": kept, "dropped": len(notices) - len(kept)})
        send(event)

    queries.ask_court(effect, ports, mine_only)


def find_fee_answer(outbox, packet_id: str, tag: str):
    """(state, reason, slip) from a verified decision naming ``packet_id`` addressed to ``tag``."""
    found = fee_answer_document(outbox, packet_id, tag)
    return None if found is None else found[:3]


def fee_answer_document(outbox, packet_id: str, tag: str):
    """(state, reason, slip, the decision's doc id): ``find_fee_answer`` and which document."""
    from sqlmodel import select

    from offline_queue.doc_store import read_json
    from offline_queue.models import InDocument

    with outbox.session() as s:
        rows = s.exec(select(InDocument).where(InDocument.state == "verified", InDocument.kind == "decision")
                      .order_by(InDocument.verified_at.desc())).all()
    for row in rows:
        root = Path(row.path or "")
        try:
            decision = read_json(outbox, root / "decision.json")
        except (OSError, ValueError, TypeError):
            continue
        if not isinstance(decision, dict) or decision.get("packet_id") != packet_id:
            continue
        if row.recipient != tag:
            log.warning("decision %s about %s is addressed to another person: ignored", row.doc_id, packet_id)
            continue
        if decision.get("decision") == "rejected":
            return "rejected", str(decision.get("reason") or ""), None, row.doc_id
        if decision.get("decision") == "paid":
            try:
                slip = read_json(outbox, root / "fee_slip.json")
            except (OSError, ValueError):
                log.warning("confirmation %s has no readable 电子交费单", row.doc_id)
                continue
            if isinstance(slip, dict):
                return "paid", "", slip, row.doc_id
    return None


def watch_fee_answer(effect, ports, send, *, timeout_s: float = 3600.0) -> None:
    """Poll the verified documents until the court's answer is there or the session has ended."""
    from offline_queue.document import recipient_tag

    tag = recipient_tag(effect.id_number) if effect.id_number else ""
    started = time.monotonic()
    session = ports.session()
    while time.monotonic() - started < timeout_s:
        if session is None or session.closed:
            return
        outbox = ports.outbox() if ports.outbox is not None else None
        found = None
        if outbox is not None and tag:
            try:
                found = fee_answer_document(outbox, effect.packet_id, tag)
            except Exception:  # a locked or damaged store: try again, never crash the worker
                log.exception("answer to proof %s not read", effect.packet_id)
        if found is not None:
            state, reason, slip, doc_id = found
            # closed only if the fee status step shows it (``DocumentShown``): a confirmation that
            # arrives after its person left keeps its 电子交费单 for the next visit
            send(FeeAnswered(effect.packet_id, state, reason, slip, doc_id=doc_id))
            return
        time.sleep(ports.watch_interval_s)
