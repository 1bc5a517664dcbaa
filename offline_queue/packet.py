"""Sealing a packet: write the spool directory atomically, then sign its canonical manifest.

Files go into ``spool/.tmp-<packet_id>``, each fsync'd; the manifest and its signature follow; the
directory is renamed to ``spool/<packet_id>`` and the spool directory fsync'd. A crash or a full disk
leaves at most a ``.tmp-`` directory, which start-up recovery deletes: never a half packet.
"""

from __future__ import annotations

import errno
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from offline_queue import manifest as mf
from offline_queue.canonical import canonical, sha256_hex
from offline_queue.crypto import PrivateKey, PublicKey, encrypt_for, key_id, sign
from offline_queue.fsutil import DiskFull, copy_durable, free_mb, fsync_dir, write_durable
from offline_queue.spool import sealing

REQUIRED = ("packet_id", "kiosk_id", "kiosk_seq", "kind", "service", "case_type", "cooperating_court",
            "jurisdiction_court", "created_at", "sealed_at", "app_version", "key_id", "files",
            "totals", "privacy")
TMP_PREFIX = ".tmp-"
PRIVATE_MEDIA_TYPE = "application/jose+json"  # our envelope of encrypt_for (ECDH-ES P-256 + A256GCM)


class SealError(RuntimeError):
    """What was written is not what was sealed (files missing or changed): nothing is kept."""

    code = "queue.seal_failed"


@dataclass
class _Item:
    path: str
    role: str
    media_type: str
    data: bytes | None = None
    source: Path | None = None
    private: bool = False  # encrypted to the court at sealing; stored and sent as ``path + ".enc"``


@dataclass
class SealedPacket:
    packet_id: str
    path: Path
    manifest: dict
    manifest_bytes: bytes
    signature: bytes

    @property
    def digest(self) -> str:
        return sha256_hex(self.manifest_bytes)


@dataclass
class PacketBuilder:
    """Collects a session's files and fields, then seals them into one signed spool directory."""

    kiosk_id: str
    kind: str
    service: str
    case_type: str
    cooperating_court: str
    jurisdiction_court: str
    case_ref: str | None = None
    supersedes: str | None = None
    app_version: str = "0.1.0"
    created_at: str = field(default_factory=mf.utc_now)
    items: list[_Item] = field(default_factory=list)
    idcard: dict | None = None

    def add_bytes(self, path: str, data: bytes, role: str, media_type: str) -> None:
        self._check_path(path)
        self.items.append(_Item(path, role, media_type, data=data))

    def add_file(self, path: str, source: Path, role: str, media_type: str) -> None:
        self._check_path(path)
        self.items.append(_Item(path, role, media_type, source=Path(source)))

    def add_json(self, path: str, obj, role: str) -> None:
        self.add_bytes(path, json.dumps(obj, ensure_ascii=False, indent=1).encode(), role,
                       "application/json")

    def add_private_json(self, path: str, obj, role: str) -> None:
        """JSON that identifies a person (names, ID numbers, phones, addresses): sealed as
        ``path + ".enc"``, encrypted to the court's key like ``idcard.json.enc``, never in clear in
        the spool or on the wire. The court reads it with ``offline_queue.private.open_private``."""
        self.add_private_bytes(path, json.dumps(obj, ensure_ascii=False, indent=1).encode(), role,
                               "application/json")

    def add_private_bytes(self, path: str, data: bytes, role: str, media_type: str) -> None:
        """Any file that identifies a person (a scan, OCR text, a signature), encrypted as above; its
        media type is kept in the manifest's ``privacy.encrypted`` map."""
        self._check_path(path + ".enc")
        self.items.append(_Item(path, role, media_type, data=bytes(data), private=True))

    def add_private_file(self, path: str, source: Path, role: str, media_type: str) -> None:
        """A file on disk (a scanned material's PDF) sealed encrypted as above; read at sealing."""
        self._check_path(path + ".enc")
        self.items.append(_Item(path, role, media_type, source=Path(source), private=True))

    def _check_path(self, path: str) -> None:
        taken = {i.path + ".enc" if i.private else i.path for i in self.items}
        if not mf.is_safe_path(path) or path in taken or path == "idcard.json.enc":
            raise ValueError(f"bad or duplicate packet path {path!r}")

    def seal(self, spool_dir: Path, signing_key: PrivateKey, court_key: PublicKey, *, packet_id: str,
             kiosk_seq: int, chunk_size: int, min_free_mb: float = 0) -> SealedPacket:
        """Write and sign the packet; on any error (ENOSPC included) remove the temporary dir."""
        spool_dir = Path(spool_dir)
        spool_dir.mkdir(parents=True, exist_ok=True)
        need_mb = self._size() / (1024 * 1024)
        if free_mb(spool_dir) - need_mb < min_free_mb:
            raise DiskFull(f"not enough disk space to seal a packet ({free_mb(spool_dir):.0f} MiB free, "
                           f"limit {min_free_mb} MiB)")
        tmp = spool_dir / f"{TMP_PREFIX}{packet_id}"
        final = spool_dir / packet_id
        try:
            with sealing(spool_dir):  # recovery in another process leaves this folder alone
                sealed = self._write(tmp, signing_key, court_key, packet_id, kiosk_seq, chunk_size)
                tmp.rename(final)
                fsync_dir(spool_dir)
                problems = _written_problems(final, sealed)
                if problems:  # never report success for a packet that is not all there
                    shutil.rmtree(final, ignore_errors=True)
                    raise SealError(f"packet {packet_id} did not verify after sealing: {'; '.join(problems)}")
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if exc.errno == errno.ENOSPC or isinstance(exc, DiskFull):
                raise DiskFull(f"disk full while sealing packet {packet_id}; nothing was kept") from exc
            raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        sealed.path = final
        return sealed

    def _size(self) -> int:
        return sum(len(i.data) if i.data is not None else i.source.stat().st_size for i in self.items)

    def _write(self, tmp: Path, signing_key, court_key, packet_id, kiosk_seq, chunk_size) -> SealedPacket:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        items = list(self.items)
        if self.idcard is not None:
            blob = encrypt_for(court_key, canonical(self.idcard), packet_id.encode())
            items.append(_Item("idcard.json.enc", "idcard", PRIVATE_MEDIA_TYPE, data=blob))
        entries, encrypted = [], {}
        for idx, item in enumerate(items):
            path, media_type = item.path, item.media_type
            if item.private:
                path, media_type = item.path + ".enc", PRIVATE_MEDIA_TYPE
                encrypted[path] = item.media_type
                plain = item.data if item.data is not None else item.source.read_bytes()
                write_durable(tmp / path, encrypt_for(court_key, plain, packet_id.encode()))
            elif item.data is not None:
                write_durable(tmp / path, item.data)
            else:
                copy_durable(item.source, tmp / path)
            entries.append(mf.file_entry(idx, path, item.role, media_type, tmp / path, chunk_size, chunk_hashes=True))
        for sub in sorted({p.parent for p in tmp.rglob("*") if p.is_file()}, key=lambda p: -len(p.parts)):
            fsync_dir(sub)
        manifest = {
            "schema": mf.PACKET_SCHEMA, "packet_id": packet_id, "kiosk_id": self.kiosk_id,
            "kiosk_seq": kiosk_seq, "kind": self.kind, "service": self.service,
            "case_type": self.case_type, "cooperating_court": self.cooperating_court,
            "jurisdiction_court": self.jurisdiction_court, "case_ref": self.case_ref,
            "supersedes": self.supersedes, "created_at": self.created_at, "sealed_at": mf.utc_now(),
            "app_version": self.app_version, "key_id": key_id(signing_key), "files": entries,
            "totals": mf.totals(entries),
            "privacy": {"idcard_encrypted": self.idcard is not None, "contains_pii": True,
                        "encrypted": encrypted},
        }
        manifest_bytes = mf.encode(manifest)
        signature = sign(signing_key, manifest_bytes)
        write_durable(tmp / mf.MANIFEST, manifest_bytes)
        write_durable(tmp / mf.SIGNATURE, signature)
        fsync_dir(tmp)
        return SealedPacket(packet_id, tmp, manifest, manifest_bytes, signature)


def _written_problems(root: Path, sealed: SealedPacket) -> list[str]:
    """Read back what was sealed: manifest and signature as signed, every file of its size and hash."""
    try:
        if (root / mf.MANIFEST).read_bytes() != sealed.manifest_bytes or \
                (root / mf.SIGNATURE).read_bytes() != sealed.signature:
            return ["manifest or signature differs from what was signed"]
    except OSError as exc:
        return [f"manifest or signature unreadable ({exc.strerror or exc})"]
    return mf.file_problems(root, sealed.manifest)


def read_packet(path: Path) -> tuple[dict, bytes, bytes]:
    """(manifest, manifest bytes, signature) of a sealed spool directory."""
    data = (Path(path) / mf.MANIFEST).read_bytes()
    return mf.decode(data), data, (Path(path) / mf.SIGNATURE).read_bytes()
