"""What the court keeps in clear from a received packet, for its SMS and its lists: the applicant's
name and ID tag (from the encrypted card data) and phone (from the encrypted form)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from offline_queue.crypto import CryptoError, decrypt_with
from offline_queue.document import recipient_tag
from offline_queue.private import read_form

log = logging.getLogger("court.receiver")


def applicant(root: Path, pid: str, court_key) -> dict:
    """Name, ID tag and phone for SMS, from the encrypted ID data and the form."""
    out: dict = {}
    enc = root / "idcard.json.enc"
    if enc.exists():
        try:
            card = json.loads(decrypt_with(court_key, enc.read_bytes(), pid.encode()))
            out["applicant_name"] = card.get("name")
            out["applicant_tag"] = recipient_tag(card["id_number"]) if card.get("id_number") else None
        except (CryptoError, ValueError, KeyError) as exc:
            log.warning("packet %s: ID data cannot be decrypted (%s); flagged for the reviewer", pid, exc)
    try:
        form = read_form(root, court_key)
        fields = form.get("fields", form)
        phone = fields.get("phone")
        if phone is None and isinstance(fields.get("service"), dict):  # a journey's form
            phone = fields["service"].get("phone")
        out["phone"] = phone.get("value") if isinstance(phone, dict) else phone
    except CryptoError as exc:
        log.warning("packet %s: form cannot be decrypted (%s); flagged for the reviewer", pid, exc)
    except (OSError, ValueError, AttributeError):
        pass
    return out
