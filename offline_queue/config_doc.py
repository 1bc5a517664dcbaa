"""Remote site config on the wire: the court's signed document (retained on ``down/cfg``) and the
kiosk's signed report of what it did with it (retained on ``up/cfg``). Versions only grow: a kiosk
applies a version newer than the last one it processed, so a replayed older document changes
nothing; a document that does not verify against the court's key is never looked at further."""

from __future__ import annotations

import time

from offline_queue.ack import AckError, _open, _sign
from offline_queue.crypto import PrivateKey, PublicKey

KIND = "site_config"
RESULTS = ("applied", "rejected", "rolled_back")
MAX_TOML = 64 * 1024


class ConfigDocError(AckError):
    """A config document or report that is forged, for another kiosk, or malformed."""


def _is_version(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def sign_config(key: PrivateKey, kiosk_id: str, version: int, toml_text: str, issued_at: int | None = None) -> bytes:
    """What the court publishes: the overlay's TOML text for one kiosk, with its version."""
    if not _is_version(version):
        raise ValueError("version must be a positive integer")
    return _sign(key, {"kind": KIND, "kiosk_id": kiosk_id, "version": version, "toml": toml_text,
                       "issued_at": int(issued_at if issued_at is not None else time.time())})


def open_config(payload: bytes, court_key: PublicKey, kiosk_id: str) -> dict:
    """The verified document for exactly this kiosk (ConfigDocError otherwise)."""
    try:
        doc = _open(payload, court_key, "the court's key")
    except AckError as exc:
        raise ConfigDocError(str(exc)) from None
    if doc.get("kind") != KIND or doc.get("kiosk_id") != kiosk_id:
        raise ConfigDocError(f"a {doc.get('kind')!r} document for {doc.get('kiosk_id')!r}, not this kiosk's config")
    if not _is_version(doc.get("version")) or not isinstance(doc.get("toml"), str) or len(doc["toml"]) > MAX_TOML:
        raise ConfigDocError("no version or no TOML text")
    return doc


def sign_report(key: PrivateKey, kiosk_id: str, version: int, result: str, reasons: list[str],
                running: int) -> bytes:
    """What the kiosk reports: the version it processed, the result, every reason, what now runs."""
    if result not in RESULTS:
        raise ValueError(result)
    return _sign(key, {"kind": "config_report", "kiosk_id": kiosk_id, "version": version, "result": result,
                       "reasons": [str(r)[:500] for r in reasons][:50], "running": running, "at": int(time.time())})


def open_report(payload: bytes, kiosk_key: PublicKey, kiosk_id: str) -> dict:
    try:
        rep = _open(payload, kiosk_key, "the kiosk's key")
    except AckError as exc:
        raise ConfigDocError(str(exc)) from None
    if rep.get("kind") != "config_report" or rep.get("kiosk_id") != kiosk_id:
        raise ConfigDocError(f"not a config report of {kiosk_id}")
    if not _is_version(rep.get("version")) or rep.get("result") not in RESULTS or not isinstance(rep.get("reasons"), list):
        raise ConfigDocError("malformed report")
    return rep
