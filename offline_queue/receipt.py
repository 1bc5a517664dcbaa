"""The court's signed receipt: only a stored, verified receipt ends a packet's life on the kiosk."""

from __future__ import annotations

from offline_queue.canonical import b64d, b64e, canonical
from offline_queue.crypto import PrivateKey, PublicKey, sign, verify

RECEIPT_STATUSES = ("received", "rejected")


class ReceiptError(ValueError):
    """A receipt that does not prove delivery of this packet (forged, altered or for another one)."""


def make_receipt(key: PrivateKey, *, packet_id: str, kiosk_id: str, packet_digest: str, received_at: str,
                 status: str, receiver_id: str, reason: str | None = None) -> dict:
    """The signed receipt envelope {"receipt": {...}, "sig": base64} the court sends and stores."""
    body = {"packet_id": packet_id, "kiosk_id": kiosk_id, "packet_digest": packet_digest,
            "received_at": received_at, "status": status, "receiver_id": receiver_id}
    if reason:
        body["reason"] = reason
    return {"receipt": body, "sig": b64e(sign(key, canonical(body)))}


def verify_receipt(envelope: object, court_key: PublicKey, *, packet_id: str, kiosk_id: str,
                   packet_digest: str) -> dict:
    """The receipt body if ``envelope`` is a genuine court receipt for exactly this packet."""
    if not isinstance(envelope, dict) or not isinstance(envelope.get("receipt"), dict):
        raise ReceiptError("receipt malformed")
    body = envelope["receipt"]
    try:
        signature = b64d(str(envelope.get("sig", "")))
    except ValueError:
        raise ReceiptError("receipt signature is not base64") from None
    if not verify(court_key, signature, canonical(body)):
        raise ReceiptError("receipt signature does not verify against the court key")
    expected = {"packet_id": packet_id, "kiosk_id": kiosk_id, "packet_digest": packet_digest}
    for name, value in expected.items():
        if body.get(name) != value:
            raise ReceiptError(f"receipt {name} is {body.get(name)!r}, expected {value!r}")
    if body.get("status") not in RECEIPT_STATUSES:
        raise ReceiptError(f"receipt status {body.get('status')!r} unknown")
    return body
