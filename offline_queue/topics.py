"""MQTT topic names (DESIGN.md "Topics") and a strict parser for what arrives."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROOT = "court/v1/k"
_KID = r"[A-Za-z0-9][A-Za-z0-9_.-]{2,63}"
_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_PATTERN = re.compile(
    rf"^{ROOT}/(?P<kid>{_KID})/(?P<dir>up|down)/"
    rf"(?:(?P<kind>pkt|doc)/(?P<id>{_ID})/(?:(?P<leaf>manifest|fin|ack)|c/(?P<file>\d{{1,4}})/(?P<chunk>\d{{1,7}}))"
    rf"|q/(?P<qid>{_ID})|(?P<single>status|cfg))$"
)


@dataclass(frozen=True)
class Topic:
    kiosk_id: str
    direction: str  # up | down
    kind: str  # pkt | doc | q | status | cfg
    item_id: str | None = None
    leaf: str | None = None  # manifest | fin | ack | chunk
    file: int | None = None
    chunk: int | None = None


def parse(topic: str) -> Topic | None:
    """The parts of one of our topics, or None for anything else."""
    m = _PATTERN.match(topic)
    if not m:
        return None
    if m["single"]:
        return Topic(m["kid"], m["dir"], m["single"])
    if m["qid"]:
        return Topic(m["kid"], m["dir"], "q", m["qid"])
    if m["file"] is not None:
        return Topic(m["kid"], m["dir"], m["kind"], m["id"], "chunk", int(m["file"]), int(m["chunk"]))
    return Topic(m["kid"], m["dir"], m["kind"], m["id"], m["leaf"])


def up_manifest(kid: str, pid: str) -> str:
    return f"{ROOT}/{kid}/up/pkt/{pid}/manifest"


def up_chunk(kid: str, pid: str, file: int, chunk: int) -> str:
    return f"{ROOT}/{kid}/up/pkt/{pid}/c/{file}/{chunk}"


def up_fin(kid: str, pid: str) -> str:
    return f"{ROOT}/{kid}/up/pkt/{pid}/fin"


def up_status(kid: str) -> str:
    return f"{ROOT}/{kid}/up/status"


def up_doc_ack(kid: str, did: str) -> str:
    """Kiosk → court: a document was verified (or rejected) on the kiosk."""
    return f"{ROOT}/{kid}/up/doc/{did}/ack"


def up_query(kid: str, qid: str) -> str:
    """Kiosk → court: a live question (MQTT v5 request, ``offline_queue.query``)."""
    return f"{ROOT}/{kid}/up/q/{qid}"


def down_query(kid: str, qid: str) -> str:
    """Court → kiosk: the signed answer (the request's response topic)."""
    return f"{ROOT}/{kid}/down/q/{qid}"


def down_ack(kid: str, pid: str) -> str:
    return f"{ROOT}/{kid}/down/pkt/{pid}/ack"


def down_doc_manifest(kid: str, did: str) -> str:
    return f"{ROOT}/{kid}/down/doc/{did}/manifest"


def down_doc_chunk(kid: str, did: str, file: int, chunk: int) -> str:
    return f"{ROOT}/{kid}/down/doc/{did}/c/{file}/{chunk}"


def down_cfg(kid: str) -> str:
    return f"{ROOT}/{kid}/down/cfg"


def up_cfg(kid: str) -> str:
    """Kiosk → court: the signed report on the last remote config (retained)."""
    return f"{ROOT}/{kid}/up/cfg"


def kiosk_subscription(kid: str) -> str:
    return f"{ROOT}/{kid}/down/#"


def court_subscriptions(shared_group: str | None, *, statuses: bool = True) -> list[str]:
    """What a gateway subscribes: packet and document traffic (shared when scaled out) and, unless
    ``statuses`` is False (a member not elected to read them, ``court.status_reader``), the retained
    status and config reports (never shared: MQTT v5 sends no retained messages to shared subscriptions)."""
    data = [f"{ROOT}/+/up/pkt/#", f"{ROOT}/+/up/doc/#", f"{ROOT}/+/up/q/#"]
    if shared_group:
        data = [f"$share/{shared_group}/{t}" for t in data]
    return data + (court_status_subscriptions() if statuses else [])


def court_status_subscriptions() -> list[str]:
    """The kiosks' retained status and config reports."""
    return [f"{ROOT}/+/up/status", f"{ROOT}/+/up/cfg"]
