"""Staff badges on the PC/SC reader: a badge opens the admin screen, no button on litigant screens.

Why a challenge: a UID alone is read by any phone and copied onto a blank card. A staff badge
holds its own key, derived from the court's badge key and its UID, and proves it by answering a
random 16-byte challenge (ISO 7816 INTERNAL AUTHENTICATE in the staff applet). A card that does
not answer, answers wrong, or is not a badge at all is logged and dropped (the litigant's screen
does not change). The PIN pad stays as the fallback, behind a hidden gesture (screens.attract).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Callable

log = logging.getLogger(__name__)

STAFF_AID = bytes.fromhex("F0434F5552545354")  # F0 + "COURTST": a proprietary AID
CHALLENGE_LEN = 16
INTERNAL_AUTHENTICATE = bytes.fromhex("00880000")


def parse_secret(value: str) -> bytes | None:
    """The configured badge key (hex, ≥ 16 bytes), or None when badge login is off or the key
    is unusable (logged)."""
    value = value.strip()
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        log.error("ui.staff_badge_secret is not hex: staff badge login is off")
        return None
    if len(key) < 16:
        log.error("ui.staff_badge_secret is shorter than 16 bytes: staff badge login is off")
        return None
    return key


def badge_key(secret: bytes, uid: bytes) -> bytes:
    """The key one badge holds (written to it when staff are enrolled)."""
    return hmac.new(secret, b"staff-badge|" + uid, hashlib.sha256).digest()


def answer(key: bytes, challenge: bytes) -> bytes:
    return hmac.new(key, challenge, hashlib.sha256).digest()


def verify_badge(port, reader: str, secret: bytes, challenge: bytes | None = None) -> str | None:
    """The staff id (the badge UID, hex) when the card on ``reader`` proves it is a staff badge;
    None otherwise (logged: a litigant's bank card is not an attack, a wrong answer may be)."""
    from drivers.errors import DeviceError

    challenge = challenge or os.urandom(CHALLENGE_LEN)
    try:
        uid = port.uid(reader)
        port.transmit(bytes([0x00, 0xA4, 0x04, 0x00, len(STAFF_AID)]) + STAFF_AID, reader)
        reply = port.transmit(INTERNAL_AUTHENTICATE + bytes([len(challenge)]) + challenge
                              + b"\x20", reader)
    except DeviceError as exc:
        log.info("card on %s is not a staff badge (%s)", reader, exc)
        return None
    if not hmac.compare_digest(reply, answer(badge_key(secret, uid), challenge)):
        log.warning("staff badge refused: card %s on %s answered the challenge wrongly",
                    uid.hex(), reader)
        return None
    log.info("staff badge %s accepted on %s", uid.hex(), reader)
    return uid.hex()


def badge_handler(port, secret: bytes, send: Callable[[object], None]):
    """A ``SmartCardWatcher`` callback: a card laid on a reader is verified (on the watcher's
    thread); a staff badge becomes ``StaffBadgeRead``, anything else is dropped."""
    from drivers.smartcard.watcher import CardInserted
    from kiosk.flows.shell import StaffBadgeRead

    def on_event(event) -> None:
        if isinstance(event, CardInserted):
            staff = verify_badge(port, event.reader, secret)
            if staff is not None:
                send(StaffBadgeRead(staff))

    return on_event


def virtual_badge(secret: bytes, uid: bytes):
    """A ``VirtualCard`` that is a staff badge for ``secret`` (tests, demos, enrolment checks)."""
    from drivers.smartcard.vicc import SW_OK, VirtualCard

    key = badge_key(secret, uid)

    def handler(apdu: bytes) -> bytes | None:
        if apdu[:4] == INTERNAL_AUTHENTICATE and len(apdu) >= 5:
            return answer(key, apdu[5:5 + apdu[4]]) + SW_OK
        return None

    return VirtualCard(uid, aids={STAFF_AID: b""}, handler=handler)
