"""Enrolment of a kiosk by a one-time code: no secret is copied by hand.

Court IT prints a code for one kiosk id (``court-gateway enrol code``). At the kiosk,
``kiosk enrol`` makes the TLS key (it never leaves the machine) and a CSR, and sends them with the
kiosk's packet-signing public key on ``court/v1/enrol/{kid}/req``, connected with the bootstrap
certificate, which the broker lets do nothing else. The court's enrolment service checks the code
(single use, expires, five wrong tries burn it), signs the CSR with the court CA, trusts the
signing key, and answers on ``…/resp`` with the certificate, the CA, the court's public key and the
kiosk's site settings.

The code itself never travels: both messages carry an HMAC keyed by it, so the court knows the
request comes from whoever holds the code, and the kiosk knows the answer comes from the court
(another bootstrap holder could read an answer — certificates and public keys, nothing secret —
but not forge one). A request that fails its check is logged and dropped, never answered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from offline_queue.canonical import canonical
from offline_queue.fsutil import atomic_write

log = logging.getLogger("provisioning.enrol")

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper by a person
MAX_FAILURES = 5


def req_topic(kid: str) -> str:
    return f"court/v1/enrol/{kid}/req"


def resp_topic(kid: str) -> str:
    return f"court/v1/enrol/{kid}/resp"


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def _mac_by_hash(code_hash: str, body: dict) -> str:
    """The HMAC of a message, keyed by the code's SHA-256: the court keeps only that hash."""
    return hmac.new(bytes.fromhex(code_hash), canonical(body), hashlib.sha256).hexdigest()


def _mac(code: str, body: dict) -> str:
    return _mac_by_hash(_code_hash(code), body)


class CodeBook:
    """One-time codes, hashed, in ``<ca_dir>/enrol-codes.json`` (written atomically)."""

    def __init__(self, ca_dir: Path):
        self.path = Path(ca_dir) / "enrol-codes.json"
        self._lock = threading.Lock()

    def _rows(self) -> list[dict]:
        return json.loads(self.path.read_text()) if self.path.exists() else []

    def _save(self, rows: list[dict]) -> None:
        atomic_write(self.path, (json.dumps(rows, indent=1) + "\n").encode())

    def new_code(self, kiosk_id: str, ttl_s: int = 24 * 3600) -> str:
        """A fresh code for ``kiosk_id`` (any earlier unused one is withdrawn)."""
        raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
        code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        with self._lock:
            rows = [r for r in self._rows() if r["kiosk_id"] != kiosk_id or r.get("used_at")]
            rows.append({"kiosk_id": kiosk_id, "hash": _code_hash(code), "expires_at": time.time() + ttl_s,
                         "used_at": None, "failures": 0})
            self._save(rows)
        return code

    def live_code_for(self, kiosk_id: str) -> dict | None:
        now = time.time()
        for row in self._rows():
            if (row["kiosk_id"] == kiosk_id and not row.get("used_at") and row["expires_at"] > now
                    and row["failures"] < MAX_FAILURES):
                return row
        return None

    def redeem(self, kiosk_id: str, check: Callable[[str], bool]) -> str | None:
        """Use the live code of ``kiosk_id`` if ``check(code_hash)`` accepts the message; returns
        why not (None = redeemed). A failed check counts towards the limit."""
        with self._lock:
            rows = self._rows()
            now = time.time()
            row = next((r for r in rows if r["kiosk_id"] == kiosk_id and not r.get("used_at")), None)
            if row is None:
                return "no unused code for this kiosk"
            if row["expires_at"] <= now:
                return "the code has expired"
            if row["failures"] >= MAX_FAILURES:
                return "too many wrong codes: issue a new one"
            if not check(row["hash"]):
                row["failures"] += 1
                self._save(rows)
                return f"wrong code ({row['failures']} of {MAX_FAILURES})"
            row["used_at"] = now
            self._save(rows)
            return None


# --- the kiosk's side ---------------------------------------------------------------------------

@dataclass
class Request:
    kiosk_id: str
    key_pem: bytes
    payload: bytes
    nonce: str


def make_request(kiosk_id: str, code: str, signing_public_pem: bytes) -> Request:
    """A new TLS key, its CSR for CN = kiosk_id, and the authenticated request message."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kiosk_id)]))
           .sign(key, hashes.SHA256()))
    nonce = secrets.token_hex(16)
    body = {"kiosk_id": kiosk_id, "nonce": nonce, "csr": csr.public_bytes(serialization.Encoding.PEM).decode(),
            "signing_key": signing_public_pem.decode()}
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return Request(kiosk_id, key_pem, canonical({**body, "mac": _mac(code, body)}), nonce)


class AnswerError(ValueError):
    """An answer that is not the court's answer to this request."""


def check_answer(payload: bytes, code: str, request: Request) -> dict:
    """The answer's body if it is authentic (HMAC under the code) and answers ``request``."""
    try:
        message = json.loads(payload)
        mac = message.pop("mac")
    except (ValueError, KeyError, AttributeError) as exc:
        raise AnswerError("malformed answer") from exc
    if not hmac.compare_digest(str(mac), _mac(code, message)):
        raise AnswerError("the answer is not authenticated by this code")
    if message.get("nonce") != request.nonce or message.get("kiosk_id") != request.kiosk_id:
        raise AnswerError("the answer is for another request")
    for field in ("cert", "ca", "court_public_key", "site"):
        if field not in message:
            raise AnswerError(f"the answer has no {field}")
    return message


# --- the court's side ---------------------------------------------------------------------------

class EnrolService:
    """Answers enrolment requests: ``handle(topic, payload)`` returns (topic, answer) or None
    (dropped, with the reason logged). ``trust(kiosk_id, pem_bytes)`` installs the signing key."""

    def __init__(self, ca, codes: CodeBook, court_public_pem: bytes, site: dict[str, Any],
                 trust: Callable[[str, bytes], None], cert_days: int = 397):
        self.ca, self.codes, self.court_public_pem = ca, codes, court_public_pem
        self.site, self.trust, self.cert_days = site, trust, cert_days

    def handle(self, topic: str, payload: bytes) -> tuple[str, bytes] | None:
        parts = topic.split("/")
        if len(parts) != 5 or parts[:3] != ["court", "v1", "enrol"] or parts[4] != "req":
            log.warning("enrolment: message on unexpected topic %r dropped", topic)
            return None
        kid = parts[3]
        try:
            message = json.loads(payload)
            mac = str(message.pop("mac"))
            body = {k: message[k] for k in ("kiosk_id", "nonce", "csr", "signing_key")}
        except (ValueError, KeyError, AttributeError, TypeError):
            log.warning("enrolment of %s: malformed request dropped", kid)
            return None
        if body["kiosk_id"] != kid:
            log.warning("enrolment of %s: request names %r, dropped", kid, body["kiosk_id"])
            return None
        entry = self.codes.live_code_for(kid)
        if entry is None:
            why = self.codes.redeem(kid, lambda _h: False) or "no live code"
            log.warning("enrolment of %s refused: %s", kid, why)
            return None
        why = self.codes.redeem(kid, lambda stored: hmac.compare_digest(mac, _mac_by_hash(stored, body)))
        if why is not None:
            log.warning("enrolment of %s refused: %s", kid, why)
            return None
        from cryptography.hazmat.primitives import serialization

        from offline_queue.crypto import load_public_key

        try:
            load_public_key(body["signing_key"].encode())
            cert = self.ca.sign_csr(body["csr"].encode(), kind="kiosk", days=self.cert_days, expected_cn=kid)
        except Exception as exc:  # noqa: BLE001 - a bad CSR or key: refused, logged, not a crash
            log.warning("enrolment of %s refused: %s", kid, exc)
            return None
        self.trust(kid, body["signing_key"].encode())
        answer = {"kiosk_id": kid, "nonce": body["nonce"],
                  "cert": cert.public_bytes(serialization.Encoding.PEM).decode(),
                  "ca": self.ca.cert_file.read_text(), "court_public_key": self.court_public_pem.decode(),
                  "site": self.site}
        log.info("enrolled %s: certificate serial %x", kid, cert.serial_number)
        return resp_topic(kid), canonical({**answer, "mac": _mac_by_hash(entry["hash"], answer)})
