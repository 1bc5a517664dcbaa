"""The court's acks (``down/pkt/<id>/ack``): signed with the court's key over their canonical body,
bound to one kiosk and packet, and range-checked field by field before the kiosk applies any of it.

Anyone who can publish on the broker can write an ack; only the court can sign one. A ``full``
bitmap may add confirmations only when it answers this kiosk's latest ``fin`` (its nonce echoed),
so a replayed genuine answer can make the kiosk send more, never less.
"""

from __future__ import annotations

import base64
import binascii
import json
import os

from offline_queue.canonical import b64d, b64e, canonical
from offline_queue.crypto import PrivateKey, PublicKey, sign, verify

ACK_STATES = ("receiving", "unknown", "untrusted", "received", "rejected")
_KEYS = {"state", "got", "full", "have", "fin", "manifest", "receipt", "reason", "dropped", "kiosk_id",
         "packet_id"}


class AckError(ValueError):
    """An ack that is forged, for another kiosk or packet, or whose fields are out of range."""


def new_nonce() -> str:
    """What a ``fin`` carries so that the court's full answer can be matched to it."""
    return os.urandom(8).hex()


def fin_nonce(payload: bytes) -> str | None:
    """The nonce of a ``fin`` message (None for an empty or malformed one)."""
    try:
        value = json.loads(payload).get("nonce")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    return value if isinstance(value, str) and len(value) <= 64 else None


def sign_ack(key: PrivateKey, kiosk_id: str, packet_id: str, body: dict) -> bytes:
    """The payload the court publishes: the body, its kiosk and packet, and ``sig`` over them."""
    return _sign(key, {**body, "kiosk_id": kiosk_id, "packet_id": packet_id})


def sign_doc_answer(key: PrivateKey, kiosk_id: str, doc_id: str, body: dict) -> bytes:
    """What a kiosk answers about a court document (verified / rejected), signed with its device key."""
    return _sign(key, {**body, "kiosk_id": kiosk_id, "doc_id": doc_id})


def open_doc_answer(payload: bytes, kiosk_key: PublicKey, kiosk_id: str, doc_id: str) -> dict:
    """The verified answer of exactly this kiosk about exactly this document (AckError otherwise)."""
    obj = _open(payload, kiosk_key, "the kiosk's key")
    if obj.get("kiosk_id") != kiosk_id or obj.get("doc_id") != doc_id:
        raise AckError(f"signed for {obj.get('kiosk_id')!r}/{obj.get('doc_id')!r}, not this document")
    return obj


def sign_status(key: PrivateKey, kiosk_id: str, body: dict) -> bytes:
    """A kiosk's retained status (and last will), signed with its device key."""
    return _sign(key, {**body, "kiosk_id": kiosk_id})


def open_status(payload: bytes, kiosk_key: PublicKey, kiosk_id: str) -> dict:
    """The verified status of exactly this kiosk (AckError otherwise)."""
    obj = _open(payload, kiosk_key, "the kiosk's key")
    if obj.get("kiosk_id") != kiosk_id:
        raise AckError(f"signed for {obj.get('kiosk_id')!r}, not this kiosk")
    if not isinstance(obj.get("at"), int) or not isinstance(obj.get("session"), str):
        raise AckError("no time or session")
    return obj


def newer_status(new: dict, old: dict | None) -> bool:
    """Whether a verified status replaces the stored one: it is not older, or it is the last will
    of the stored one's own session (a will carries its session's start time). A replayed status
    from the past changes nothing."""
    if not old or not isinstance(old.get("at"), int):
        return True
    return new["at"] >= old["at"] or (not new.get("online") and new.get("session") == old.get("session"))


def _sign(key: PrivateKey, signed: dict) -> bytes:
    return canonical({**signed, "sig": b64e(sign(key, canonical(signed)))})


def _open(payload: bytes, public: PublicKey, whose: str) -> dict:
    try:
        obj = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AckError(f"not JSON ({exc.__class__.__name__})") from None
    if not isinstance(obj, dict):
        raise AckError("not a JSON object")
    sig = obj.pop("sig", None)
    try:
        signature = b64d(sig) if isinstance(sig, str) else b""
    except ValueError:
        signature = b""
    if not signature or not verify(public, signature, canonical(obj)):
        raise AckError(f"not signed by {whose}")
    return obj


def open_ack(payload: bytes, court_key: PublicKey, kiosk_id: str, packet_id: str) -> dict:
    """The verified body of an ack for exactly this kiosk and packet (AckError otherwise)."""
    obj = _open(payload, court_key, "the court's key")
    if obj.get("kiosk_id") != kiosk_id or obj.get("packet_id") != packet_id:
        raise AckError(f"signed for {obj.get('kiosk_id')!r}/{obj.get('packet_id')!r}, not this packet")
    if obj.get("state") not in ACK_STATES:
        raise AckError(f"unknown state {obj.get('state')!r}")
    unknown = set(obj) - _KEYS
    if unknown:
        raise AckError(f"unknown fields {sorted(unknown)}")
    return obj


def bare_receipt(payload: bytes) -> dict | None:
    """The receipt envelope inside an unsigned ack, if any: it carries its own court signature, so
    ``verify_receipt`` alone decides whether it counts."""
    try:
        obj = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    return obj["receipt"] if isinstance(obj, dict) and isinstance(obj.get("receipt"), dict) else None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_ranges(body: dict, chunk_counts: list[int]) -> dict[int, bytes]:
    """Every index within the packet's files and chunks, every bitmap of exactly the right length
    with no bit past its end; returns the decoded bitmaps of ``have``. Raises AckError."""
    got = body.get("got", [])
    if not isinstance(got, list) or len(got) > sum(chunk_counts):
        raise AckError("got is not a list of the packet's chunks")
    for pair in got:
        if not (isinstance(pair, list) and len(pair) == 2 and all(_is_int(v) for v in pair)):
            raise AckError(f"got entry {pair!r} is not [file, chunk]")
        file_idx, chunk_idx = pair
        if not 0 <= file_idx < len(chunk_counts) or not 0 <= chunk_idx < chunk_counts[file_idx]:
            raise AckError(f"got entry {pair!r} is outside the packet")
    if not isinstance(body.get("full", False), bool):
        raise AckError("full is not a boolean")
    have = body.get("have")
    if have is not None and not body.get("full"):
        raise AckError("bitmaps are only given in a full answer")
    if have is None:
        if body.get("full"):
            raise AckError("a full answer without bitmaps")
        return {}
    if not isinstance(have, dict):
        raise AckError("have is not an object")
    bitmaps = {}
    for key, text in have.items():
        if not (isinstance(key, str) and key.isdigit() and int(key) < len(chunk_counts)):
            raise AckError(f"have names file {key!r}, not one of the packet's")
        size = chunk_counts[int(key)]
        try:
            bits = base64.b64decode(text.encode("ascii"), validate=True) if isinstance(text, str) else None
        except (binascii.Error, ValueError, UnicodeEncodeError):
            bits = None
        if bits is None or len(bits) != (size + 7) // 8:
            raise AckError(f"have[{key}] is not a bitmap of {size} chunks")
        if size % 8 and bits[-1] >> (size % 8):
            raise AckError(f"have[{key}] sets bits past chunk {size - 1}")
        bitmaps[int(key)] = bits
    if body.get("full") and set(bitmaps) != set(range(len(chunk_counts))):
        raise AckError("a full answer must give every file's bitmap")
    return bitmaps
