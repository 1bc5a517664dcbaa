"""Admin PIN hashing: PBKDF2-SHA256 in the form ``pbkdf2_sha256$iterations$b64salt$b64hash``.

Verification costs ~0.1 s of CPU on purpose (brute force), so the controller runs it off the
Kivy thread.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 200_000
PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")


class PinFormatError(ValueError):
    """A PIN that is not 4–12 digits, or a stored hash that is not in the expected form."""


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)


def hash_pin(pin: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """A new hash for ``pin`` (4–12 digits) with a random salt."""
    if not PIN_PATTERN.match(pin):
        raise PinFormatError("管理密码须为 4 到 12 位数字 (the PIN must be 4-12 digits)")
    salt = salt if salt is not None else os.urandom(16)
    digest = _derive(pin, salt, iterations)
    return "$".join((ALGORITHM, str(iterations), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()))


def parse_pin_hash(encoded: str) -> tuple[int, bytes, bytes]:
    """(iterations, salt, digest), or PinFormatError saying what is wrong."""
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        raise PinFormatError(f"expected {ALGORITHM}$iterations$salt$hash")
    try:
        iterations = int(parts[1])
        salt = base64.b64decode(parts[2], validate=True)
        digest = base64.b64decode(parts[3], validate=True)
    except ValueError as exc:
        raise PinFormatError(f"malformed PIN hash: {exc}") from None
    if iterations < 1 or not salt or len(digest) != 32:
        raise PinFormatError("malformed PIN hash: bad iterations, salt or digest length")
    return iterations, salt, digest


def verify_pin(pin: str, encoded: str) -> bool:
    """True only for the right PIN; a malformed stored hash never lets anyone in."""
    try:
        iterations, salt, digest = parse_pin_hash(encoded)
    except PinFormatError:
        return False
    if not PIN_PATTERN.match(pin):
        return False
    return hmac.compare_digest(_derive(pin, salt, iterations), digest)
