"""Live questions to the court: the answer, or a plain "cannot reach the court" after 5 s. The
person's ID number leaves the kiosk only as its recipient tag; the answer goes straight into the
session's state as an event and is never written to disk (wiped with the session)."""

from __future__ import annotations

import logging

from kiosk.flows.events import CourtAnswered, CourtUnreachable

log = logging.getLogger(__name__)


def ask_court(effect, ports, send) -> None:
    from offline_queue.document import recipient_tag
    from offline_queue.query import QueryTimeout, QueryUnavailable

    if ports.ask is None:
        send(CourtUnreachable(effect.kind, "query.unavailable", ticket=effect.ticket))
        return
    params = {"subject": recipient_tag(effect.id_number)}
    if effect.case_number:
        params["case_number"] = effect.case_number
    if getattr(effect, "packet_id", ""):
        params["packet_id"] = effect.packet_id
    try:
        answer = ports.ask(effect.kind, params)
    except QueryUnavailable:
        send(CourtUnreachable(effect.kind, "query.offline", ticket=effect.ticket))
        return
    except QueryTimeout:
        send(CourtUnreachable(effect.kind, "query.timeout", ticket=effect.ticket))
        return
    except Exception:
        log.exception("live %s query failed", effect.kind)
        send(CourtUnreachable(effect.kind, "query.unavailable", ticket=effect.ticket))
        return
    session = ports.session()
    if session is None or session.closed:  # the person left meanwhile: their answer goes nowhere
        return
    send(CourtAnswered(effect.kind, answer["status"], answer.get("data") or {}, ticket=effect.ticket))
