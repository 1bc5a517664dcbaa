"""Reading, at the court, what a packet carries encrypted to the court's key (``*.enc`` files:
``idcard.json.enc`` and whatever ``PacketBuilder.add_private_json`` / ``add_private_bytes`` sealed).
The associated data is the packet id, so a ciphertext opens only inside the packet it was sealed in
(the kiosk's signed manifest already fixes each file's bytes and path)."""

from __future__ import annotations

import json
from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.crypto import PrivateKey, decrypt_with


def _locate(packet) -> tuple[Path, str]:
    """(directory, packet id) of a packet directory or of a record with ``files_dir`` and ``packet_id``."""
    if isinstance(packet, (str, Path)):
        root = Path(packet)
        return root, mf.decode((root / mf.MANIFEST).read_bytes())["packet_id"]
    if not getattr(packet, "files_dir", None):
        raise FileNotFoundError(f"packet {getattr(packet, 'packet_id', '?')} has no files (not received yet)")
    return Path(packet.files_dir), packet.packet_id


def open_private_bytes(packet, path: str, court_private_key: PrivateKey) -> bytes:
    """The plaintext of ``path`` (e.g. "form.json"; "form.json.enc" works too). Raises
    FileNotFoundError when the packet has no such file, CryptoError when it does not decrypt."""
    root, packet_id = _locate(packet)
    name = path if path.endswith(".enc") else path + ".enc"
    return decrypt_with(court_private_key, (root / name).read_bytes(), packet_id.encode())


def open_private(packet, path: str, court_private_key: PrivateKey):
    """The JSON value of a private file, e.g. ``open_private(row, "form.json", key)["fields"]``."""
    return json.loads(open_private_bytes(packet, path, court_private_key))


def read_form(packet, court_private_key: PrivateKey) -> dict:
    """The packet's form: ``form.json.enc`` decrypted, or a plain ``form.json`` of an older packet."""
    try:
        return open_private(packet, "form.json", court_private_key)
    except FileNotFoundError:
        root, _pid = _locate(packet)
        return json.loads((root / "form.json").read_text(encoding="utf-8"))
