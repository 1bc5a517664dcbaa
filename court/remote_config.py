"""The court's side of remote config: ``court-gateway config push KIOSK FILE`` checks the overlay
with the kiosks' settings schema (every problem at once), signs it with the court's key under the
next version for that kiosk and stores it; the gateway publishes it retained on ``down/cfg`` (a
kiosk that is away gets it when it connects) and records the kiosk's signed report (``up/cfg``):
applied, rejected with its reasons, or rolled back."""

from __future__ import annotations

import json
import logging
import time

from sqlmodel import select

from config.loader import ConfigError, load_settings
from config.remote import parse_overlay
from court.store import ConfigPush, store_session
from offline_queue import topics
from offline_queue.config_doc import ConfigDocError, open_report, sign_config

log = logging.getLogger("court.remote_config")


class PushRefused(ValueError):
    """The overlay is not valid for a kiosk, or the kiosk is not one the court trusts."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def check_overlay(text: str) -> list[str]:
    """Every problem of an overlay layered over the packaged defaults (the kiosk checks again with
    its own site file)."""
    import tomllib

    try:
        overlay = parse_overlay(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"not valid TOML: {exc}"]
    try:
        load_settings(None, use_site_default=False, remote=overlay)
    except ConfigError as exc:
        return [f"{p.path}: {p.message}" for p in exc.problems]
    return []


def push(settings, engine, court_key, kiosk_id: str, text: str) -> ConfigPush:
    """Sign and store the next version for ``kiosk_id`` (PushRefused with every problem)."""
    if not (settings.kiosk_keys_path / f"{kiosk_id}.pem").is_file():
        raise PushRefused([f"kiosk {kiosk_id} is not trusted here (not enrolled, or revoked)"])
    problems = check_overlay(text)
    if problems:
        raise PushRefused(problems)
    with store_session(engine) as s:
        row = s.get(ConfigPush, kiosk_id) or ConfigPush(kiosk_id=kiosk_id)
        row.version += 1
        row.document = sign_config(court_key, kiosk_id, row.version, text).decode()
        row.pushed_at, row.published_at = time.time(), None
        row.result, row.result_version, row.reasons, row.result_at = "pending", None, "[]", None
        s.add(row)
        s.commit()
        s.refresh(row)
        return row


def publish_due(engine, publish) -> int:
    """Publish (retained) every stored version not published yet; ``publish(topic, payload)``."""
    with store_session(engine) as s:
        rows = s.exec(select(ConfigPush).where(ConfigPush.published_at == None)).all()  # noqa: E711
        done = 0
        for row in rows:
            if publish(topics.down_cfg(row.kiosk_id), row.document.encode()):
                row.published_at = time.time()
                s.add(row)
                done += 1
        if done:
            s.commit()
        return done


def record_report(engine, kiosk_id: str, payload: bytes, kiosk_key) -> dict | None:
    """A kiosk's report counts only signed with its trusted key; it is stored against the version it
    names when that is the one pushed (an older report changes nothing)."""
    try:
        rep = open_report(payload, kiosk_key, kiosk_id)
    except ConfigDocError as exc:
        log.warning("config report of %s dropped: %s", kiosk_id, exc)
        return None
    with store_session(engine) as s:
        row = s.get(ConfigPush, kiosk_id)
        if row is None or rep["version"] != row.version:
            log.info("config report of %s for version %s ignored (the court pushed %s)", kiosk_id,
                     rep["version"], row.version if row else "none")
            return None
        row.result, row.result_version, row.result_at = rep["result"], rep["version"], time.time()
        row.reasons = json.dumps(rep["reasons"], ensure_ascii=False)
        s.add(row)
        s.commit()
    log.log(logging.INFO if rep["result"] == "applied" else logging.WARNING, "config version %d %s on %s%s",
            rep["version"], rep["result"].replace("_", " "), kiosk_id,
            f": {'; '.join(rep['reasons'])}" if rep["reasons"] else "")
    return rep


def status(engine, kiosk_id: str | None = None) -> list[ConfigPush]:
    with store_session(engine) as s:
        query = select(ConfigPush).order_by(ConfigPush.kiosk_id)
        if kiosk_id:
            query = query.where(ConfigPush.kiosk_id == kiosk_id)
        return list(s.exec(query).all())
