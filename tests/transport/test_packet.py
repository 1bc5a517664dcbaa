"""Packet format: sealing, canonical manifest, signatures, encryption, verification, full disk."""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import manifest as mf
from offline_queue.canonical import canonical
from offline_queue.spool import LOCK_NAME
from offline_queue.crypto import CryptoError, decrypt_with, generate_key, sign
from offline_queue.fsutil import DiskFull
from offline_queue.outbox import Outbox
from offline_queue.packet import PacketBuilder, read_packet
from offline_queue.service import open_outbox
from offline_queue.verify import verify_dir
from tests.transport.helpers import VENV_BIN, clean_env

pytestmark = pytest.mark.unit
KIOSK_KEY, COURT_KEY = generate_key("ed25519"), generate_key("p256")


def seal(tmp_path: Path, **kw):
    b = PacketBuilder(kiosk_id="kiosk-t1", kind="filing", service="case_filing", case_type="civil_first",
                      cooperating_court="豫0181", jurisdiction_court="豫0102")
    b.add_bytes("materials/01.pdf", b"%PDF-1.4\n" + os.urandom(10_000), "material", "application/pdf")
    b.add_json("form.json", {"fields": {"name": {"value": "张三", "source": "chip"}}}, "form")
    b.idcard = {"name": "张三", "id_number": "410181199003074512"}
    return b.seal(tmp_path / "spool", KIOSK_KEY, COURT_KEY.public_key(), packet_id=mf.uuid7(), kiosk_seq=7,
                  chunk_size=kw.get("chunk_size", 4096))


def test_sealed_packet_verifies_and_manifest_is_canonical(tmp_path):
    sealed = seal(tmp_path)
    assert verify_dir(sealed.path, KIOSK_KEY.public_key()) == []
    manifest, data, _sig = read_packet(sealed.path)
    assert canonical(json.loads(data)) == data
    assert manifest["totals"] == {"files": 3, "bytes": sum(f["size"] for f in manifest["files"]), "chunks": 5}
    assert [f["chunk_count"] for f in manifest["files"]][0] == 3
    assert not list((tmp_path / "spool").glob(".tmp-*"))


def test_idcard_is_encrypted_to_the_court_and_bound_to_the_packet(tmp_path):
    sealed = seal(tmp_path)
    blob = (sealed.path / "idcard.json.enc").read_bytes()
    assert "410181199003074512".encode() not in blob
    card = json.loads(decrypt_with(COURT_KEY, blob, sealed.packet_id.encode()))
    assert card["id_number"] == "410181199003074512"
    with pytest.raises(CryptoError):
        decrypt_with(COURT_KEY, blob, b"another-packet")
    with pytest.raises(CryptoError):
        decrypt_with(generate_key("p256"), blob, sealed.packet_id.encode())


@pytest.mark.parametrize("tamper, expected", [
    (lambda p: (p / "form.json").write_text("{}"), "form.json: SHA-256 does not match"),
    (lambda p: (p / "materials/01.pdf").unlink(), "materials/01.pdf: missing"),
    (lambda p: (p / "extra.txt").write_text("x"), "extra.txt: not listed"),
    (lambda p: (p / "manifest.sig").write_bytes(b"\0" * 64), "signature does not verify"),
    (lambda p: (p / "manifest.json").write_bytes((p / "manifest.json").read_bytes() + b" "), "not in canonical"),
    (lambda p: (p / "manifest.json").write_bytes(b"{not json"), "not valid JSON"),
])
def test_verifier_reports_each_problem(tmp_path, tamper, expected):
    sealed = seal(tmp_path)
    tamper(sealed.path)
    problems = verify_dir(sealed.path, KIOSK_KEY.public_key())
    assert any(expected in p for p in problems), problems


def test_resigned_manifest_with_unsafe_path_is_rejected(tmp_path):
    sealed = seal(tmp_path)
    manifest = json.loads((sealed.path / "manifest.json").read_bytes())
    manifest["files"][0]["path"] = "../../etc/passwd"
    data = canonical(manifest)
    (sealed.path / "manifest.json").write_bytes(data)
    (sealed.path / "manifest.sig").write_bytes(sign(KIOSK_KEY, data))
    problems = verify_dir(sealed.path, KIOSK_KEY.public_key())
    assert any("unsafe path" in p for p in problems)


def test_builder_refuses_unsafe_or_duplicate_paths():
    b = PacketBuilder(kiosk_id="kiosk-t1", kind="filing", service="s", case_type="c",
                      cooperating_court="a", jurisdiction_court="b")
    b.add_bytes("a.txt", b"x", "r", "text/plain")
    for bad in ("a.txt", "../x", "/etc/x", ".hidden", "manifest.json"):
        with pytest.raises(ValueError):
            b.add_bytes(bad, b"x", "r", "text/plain")


def test_enospc_while_sealing_leaves_no_half_packet(tmp_path, pair, monkeypatch):
    ks, _cs = pair()
    outbox = open_outbox(ks)
    real_write = os.write
    calls = {"n": 0}

    def failing_write(fd, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(DiskFull, match="disk full"):
        seal_session(ks, sample_filing(material_bytes=2000), outbox=outbox)
    monkeypatch.setattr(os, "write", real_write)
    assert [p.name for p in ks.spool_dir.iterdir()] == [LOCK_NAME]  # only the spool's lock file
    assert outbox.status().depth == 0
    seal_session(ks, sample_filing(material_bytes=2000), outbox=outbox)
    assert outbox.status().depth == 1


def test_full_tmpfs_while_sealing_gives_clear_error(tmp_path, pair):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        ks, _cs = pair()
        ks.storage.data_dir = mnt
        (mnt / "keys").mkdir()
        for name in ("kiosk.key", "court.pub"):
            (mnt / "keys" / name).write_bytes((tmp_path / "kiosk" / "keys" / name).read_bytes())
        outbox = Outbox.from_settings(ks)
        with pytest.raises(DiskFull) as info:
            seal_session(ks, sample_filing(material_bytes=3 * 1024 * 1024), outbox=outbox)
        assert "nothing was kept" in str(info.value) or "not enough disk space" in str(info.value)
        assert [p.name for p in ks.spool_dir.iterdir()] == [LOCK_NAME]
        assert outbox.status().depth == 0
        assert seal_session(ks, sample_filing(material_bytes=20_000), outbox=outbox)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_hard_disk_limit_refuses_new_filings(pair):
    ks, _cs = pair()
    ks.storage.disk_hard_limit_mb = 10**9
    with pytest.raises(DiskFull, match="refused"):
        seal_session(ks, sample_filing(material_bytes=100))


def test_cli_build_sample_and_verify(tmp_path):
    env = {**clean_env(), "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "pkt"
    run = lambda *a: subprocess.run([str(VENV_BIN / "kiosk"), "packet", *a], env=env, cwd=tmp_path,
                                    capture_output=True, text=True, timeout=60)
    built = run("build", "--sample", "--out", str(out))
    assert built.returncode == 0, built.stderr
    ok = run("verify", str(out))
    assert ok.returncode == 0 and "OK" in ok.stdout
    assert (out / "form.json.enc").is_file() and not (out / "form.json").exists()  # encrypted to the court
    assert not [f for f in out.rglob("*") if f.is_file() and b"410181199003074512" in f.read_bytes()]
    assert (out / "materials" / "01.pdf.enc").is_file() and not (out / "materials" / "01.pdf").exists()
    (out / "materials" / "01.pdf.enc").write_bytes(b"forged")
    (out / "stray.bin").write_bytes(b"x")
    bad = run("verify", str(out))
    assert bad.returncode == 1
    assert "materials/01.pdf.enc: SHA-256 does not match" in bad.stdout and "stray.bin: not listed" in bad.stdout


@hsettings(max_examples=25, deadline=None)
@given(files=st.lists(st.binary(min_size=0, max_size=9000), min_size=1, max_size=4),
       chunk=st.sampled_from([1024, 4096]), flip=st.integers(min_value=0))
def test_any_single_byte_change_is_detected(tmp_path_factory, files, chunk, flip):
    root = tmp_path_factory.mktemp("prop")
    b = PacketBuilder(kiosk_id="kiosk-t1", kind="filing", service="s", case_type="c",
                      cooperating_court="a", jurisdiction_court="b")
    for i, data in enumerate(files):
        b.add_bytes(f"materials/{i:02d}.bin", data, "material", "application/octet-stream")
    sealed = b.seal(root, KIOSK_KEY, COURT_KEY.public_key(), packet_id=mf.uuid7(), kiosk_seq=1, chunk_size=chunk)
    assert verify_dir(sealed.path, KIOSK_KEY.public_key()) == []
    assert sum(f["chunk_count"] for f in sealed.manifest["files"]) == sealed.manifest["totals"]["chunks"]
    targets = [p for p in sorted(sealed.path.rglob("*")) if p.is_file() and p.stat().st_size]
    target = targets[flip % len(targets)]
    data = bytearray(target.read_bytes())
    data[flip % len(data)] ^= 0x01
    target.write_bytes(bytes(data))
    assert verify_dir(sealed.path, KIOSK_KEY.public_key()) != []


def test_the_manifest_lists_every_chunk_hash_an_empty_file_included(tmp_path):
    import hashlib

    b = PacketBuilder(kiosk_id="kiosk-t1", kind="filing", service="case_filing", case_type="civil_first",
                      cooperating_court="豫0181", jurisdiction_court="豫0102")
    body = os.urandom(10_000)
    b.add_bytes("materials/01.pdf", body, "material", "application/pdf")
    b.add_bytes("ocr/01.txt", b"", "ocr", "text/plain")
    sealed = b.seal(tmp_path / "spool", KIOSK_KEY, COURT_KEY.public_key(), packet_id=mf.uuid7(), kiosk_seq=1,
                    chunk_size=4096)
    files = {f["path"]: f for f in sealed.manifest["files"]}
    assert files["materials/01.pdf"][mf.CHUNK_HASHES] == [hashlib.sha256(body[i:i + 4096]).hexdigest()
                                                           for i in range(0, 10_000, 4096)]
    assert files["ocr/01.txt"][mf.CHUNK_HASHES] == [hashlib.sha256(b"").hexdigest()]
    assert verify_dir(sealed.path, KIOSK_KEY.public_key()) == []
    files["ocr/01.txt"][mf.CHUNK_HASHES] = []  # a list that does not match the chunk count
    assert "file ocr/01.txt: bad chunk hashes" in mf.structural_problems(sealed.manifest, mf.PACKET_SCHEMA, ())
