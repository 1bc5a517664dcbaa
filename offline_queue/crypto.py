"""Keys, signatures and the hybrid encryption of ID card data (ECDH P-256 + HKDF + AES-256-GCM).

The kiosk signs with Ed25519 (or ECDSA P-256); the court's key is P-256 so that one key both signs
receipts/documents (ECDSA) and receives the ID data (ECDH).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline_queue.canonical import b64d, b64e, canonical, sha256_hex
from offline_queue.fsutil import create_once

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey
ENC_ALG = "ECDH-ES-P256+HKDF-SHA256+A256GCM"
_HKDF_INFO = b"court-kiosk/idcard/v1"


class CryptoError(ValueError):
    """A key, signature or ciphertext is not what it should be."""


def generate_key(kind: str = "ed25519") -> PrivateKey:
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "p256":
        return ec.generate_private_key(ec.SECP256R1())
    raise CryptoError(f"unknown key kind {kind!r}")


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_pem(key: PrivateKey | PublicKey) -> bytes:
    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key: PrivateKey | PublicKey) -> str:
    """Short fingerprint of the public key (first 16 hex of SHA-256 over its DER)."""
    pub = key.public_key() if hasattr(key, "public_key") else key
    der = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return sha256_hex(der)[:16]


def load_private_key(path: Path) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise CryptoError(f"cannot load private key {path}: {exc}") from None
    if not isinstance(key, (ed25519.Ed25519PrivateKey, ec.EllipticCurvePrivateKey)):
        raise CryptoError(f"{path}: unsupported key type {type(key).__name__}")
    return key


def load_public_key(path_or_pem: Path | bytes) -> PublicKey:
    data = path_or_pem if isinstance(path_or_pem, bytes) else Path(path_or_pem).read_bytes()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        try:  # a private key file also carries the public key
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError) as exc:
            raise CryptoError(f"cannot load public key: {exc}") from None
    if not isinstance(key, (ed25519.Ed25519PublicKey, ec.EllipticCurvePublicKey)):
        raise CryptoError(f"unsupported public key type {type(key).__name__}")
    return key


def ensure_private_key(path: Path, kind: str = "ed25519") -> PrivateKey:
    """Load the key at ``path``; in development create it (0600) on first use."""
    path = Path(path)
    if path.exists():
        return load_private_key(path)
    key = generate_key(kind)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not create_once(path, private_pem(key)):  # another process created it meanwhile: use theirs
        return load_private_key(path)
    return key


def sign(key: PrivateKey, data: bytes) -> bytes:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


def verify(public: PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            public.verify(signature, data)
        else:
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def _derive(shared: bytes, aad: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=aad, info=_HKDF_INFO).derive(shared)


def encrypt_for(recipient: PublicKey, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt to a P-256 public key; ``aad`` (the packet id) binds the ciphertext to its packet."""
    if not isinstance(recipient, ec.EllipticCurvePublicKey):
        raise CryptoError("the court key must be an EC P-256 key to receive encrypted data")
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    key = _derive(ephemeral.exchange(ec.ECDH(), recipient), aad)
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, aad)
    epk = ephemeral.public_key().public_bytes(serialization.Encoding.X962,
                                              serialization.PublicFormat.UncompressedPoint)
    return canonical({"alg": ENC_ALG, "epk": b64e(epk), "nonce": b64e(nonce), "ct": b64e(ciphertext),
                      "kid": key_id(recipient)})


def decrypt_with(key: PrivateKey, blob: bytes, aad: bytes) -> bytes:
    try:
        env = json.loads(blob)
        if env.get("alg") != ENC_ALG:
            raise CryptoError(f"unknown encryption {env.get('alg')!r}")
        epk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(env["epk"]))
        aes = AESGCM(_derive(key.exchange(ec.ECDH(), epk), aad))
        return aes.decrypt(b64d(env["nonce"]), b64d(env["ct"]), aad)
    except (InvalidTag, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise CryptoError(f"cannot decrypt: {exc.__class__.__name__}") from None

