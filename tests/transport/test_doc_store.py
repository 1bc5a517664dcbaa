"""Court documents at rest on the kiosk, on disk: the judgment the court sends lands verified in the
kiosk's real document inbox, but no file on disk holds its PDF; it opens only with this kiosk's
key; once served it is purged after the retention and not before; a purge killed mid-way (a real
process, SIGKILL) shows nothing half-deleted and loses nothing owed: the next purge finishes it,
the document not yet served is intact, the proof packet is still queued."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from pathlib import Path

import pytest
from sqlmodel import select

from kiosk.effects import documents
from kiosk.flows.effects import FindDocuments
from kiosk.viewer.samples import sample_pdf
from offline_queue import doc_store
from offline_queue.document import recipient_tag
from offline_queue.models import InDocument
from offline_queue.service import open_outbox
from tests.court.test_collection_cli import deliver, pair, ports_for  # noqa: F401
from tests.fixtures.procs import wait_until
from tests.journeys.conftest import ZHANG
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration
CASE = "（2024）豫0102民初1187号"


def send(cs, ks, tmp_path, title: str, pages: int = 2) -> tuple[str, bytes]:
    pdf = tmp_path / f"{title}.pdf"
    pdf.write_bytes(sample_pdf("judgment", pages=pages))
    done = court_cli(cs, "documents", "send", str(pdf), "--kiosk", ks.kiosk.kiosk_id, "--for", ZHANG.id_number,
                     "--name", "张三", "--title", title, "--case-ref", CASE)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[0], pdf.read_bytes()


def listed(ks) -> list[str]:
    got = []
    documents.find_documents(FindDocuments(1, recipient_tag(ZHANG.id_number)), ports_for(ks), got.append)
    return [i.doc_id for i in got[0].items]


def every_file(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_documents_are_encrypted_on_disk_and_open_only_with_this_kiosks_key(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    doc_id, pdf = send(cs, ks, tmp_path, "民事判决书")
    assert deliver(ks, engine) == ["verified"]
    docs = ks.storage.data_dir / "docs"
    for path in every_file(docs):
        data = path.read_bytes()
        assert pdf not in data and pdf[64:4096] not in data and b"%PDF" not in data, f"{path} holds the PDF"
    key_file = doc_store.key_path(ks)
    assert key_file.stat().st_mode & 0o777 == 0o600
    (item,) = documents_items(ks)
    assert doc_store.read_bytes(item.path, doc_store.kiosk_key(ks)) == pdf
    with pytest.raises(doc_store.AtRestError):
        doc_store.read_bytes(item.path, os.urandom(32))
    # the same folder under another kiosk's key (a disk moved to another machine): withheld, never shown
    key_file.write_bytes(os.urandom(32))
    doc_store._load_key.cache_clear()
    try:
        assert listed(ks) == [], "does not open: withheld"
    finally:
        doc_store._load_key.cache_clear()


def documents_items(ks):
    got = []
    documents.find_documents(FindDocuments(1, recipient_tag(ZHANG.id_number)), ports_for(ks), got.append)
    return got[0].items


def test_served_documents_go_after_the_retention_and_not_before(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    served, _ = send(cs, ks, tmp_path, "已签收的判决书")
    owed, owed_pdf = send(cs, ks, tmp_path, "尚未领取的判决书")
    assert deliver(ks, engine) == ["verified", "verified"]
    outbox = open_outbox(ks)
    doc_store.mark_served(outbox, served, "signed", at=1_000_000.0)
    folder = Path(rows(outbox)[served].path)
    assert doc_store.purge_served(outbox, keep_hours=1, now=1_000_000.0 + 3599) == 0
    assert folder.is_dir() and set(listed(ks)) == {served, owed}, "inside the retention: kept"
    assert doc_store.purge_served(outbox, keep_hours=1, now=1_000_000.0 + 3600) == 1
    after = rows(outbox)
    assert not folder.exists() and after[served].state == "purged" and after[served].path is None
    assert listed(ks) == [owed], "never served: never purged"
    assert doc_store.read_bytes(Path(after[owed].path) / "document.pdf", doc_store.kiosk_key(ks)) == owed_pdf
    # the court sending the purged document's manifest again: answered as verified, nothing stored again
    states = deliver(ks, engine)
    assert rows(outbox)[served].state == "purged" and not folder.exists(), states


def rows(outbox) -> dict[str, InDocument]:
    with outbox.session() as s:
        return {r.doc_id: r for r in s.exec(select(InDocument)).all()}


PURGER = """
import sys, time
from pathlib import Path
from kiosk.bootstrap import settings_for_tests
from offline_queue import doc_store
from offline_queue.service import open_outbox

ks = settings_for_tests(Path(sys.argv[1]))
ks = ks.model_copy(update={"storage": ks.storage.model_copy(update={"data_dir": Path(sys.argv[2])})})

def stall(doc_id, path):
    Path(sys.argv[3]).write_text(str(path))
    time.sleep(600)  # killed here, one file of the document removed

doc_store.purge_served(open_outbox(ks), 0, between=stall)
"""


def test_a_purge_killed_mid_way_loses_nothing_owed(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    served, _ = send(cs, ks, tmp_path, "已签收的判决书", pages=3)
    owed, owed_pdf = send(cs, ks, tmp_path, "尚未领取的判决书")
    assert deliver(ks, engine) == ["verified", "verified"]
    outbox = open_outbox(ks)
    proof = documents_proof_packet(ks, outbox)
    doc_store.mark_served(outbox, served, "signed")
    folder = Path(rows(outbox)[served].path)
    marker = tmp_path / "stalled"
    proc = subprocess.Popen([sys.executable, "-c", PURGER, str(tmp_path / "other"), str(ks.storage.data_dir),
                             str(marker)], cwd=Path(__file__).resolve().parents[2])
    try:
        assert wait_until(marker.exists, 30), "the purge to start"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rows(outbox)[served].state == "purging" and folder.is_dir(), "killed half-way"
    assert listed(ks) == [owed], "a document being purged is never shown"
    assert doc_store.purge_served(outbox, keep_hours=24) == 1, "the next purge finishes it, whatever the retention"
    assert not folder.exists() and rows(outbox)[served].state == "purged"
    assert doc_store.read_bytes(Path(rows(outbox)[owed].path) / "document.pdf", doc_store.kiosk_key(ks)) == owed_pdf
    assert outbox.get(proof).state == "sealed", "the proof owed to the court is untouched"


def documents_proof_packet(ks, outbox) -> str:
    from kiosk.packet_assembly import SessionFiling, seal_session

    return seal_session(ks, SessionFiling(service="service_proof", case_type="service_proof",
                                          jurisdiction_court="豫0102", form={}, kind="service_proof"),
                        outbox=outbox)


def test_seal_and_unseal():
    key = os.urandom(32)
    blob = doc_store.seal(b"%PDF-1.7 judgment", key)
    assert blob.startswith(doc_store.MAGIC) and b"judgment" not in blob
    assert doc_store.unseal(blob, key) == b"%PDF-1.7 judgment"
    assert doc_store.unseal(b"%PDF clear, older", None) == b"%PDF clear, older"
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(doc_store.AtRestError):
        doc_store.unseal(tampered, key)
    with pytest.raises(doc_store.AtRestError):
        doc_store.unseal(blob, None)

