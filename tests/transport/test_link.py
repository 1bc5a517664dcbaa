"""End to end on a real Mosquitto: packets delivered exactly once with verified receipts, documents
and decisions back to the kiosk, SMS texts, fleet status, two gateways in a shared subscription."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlmodel import Session, select

from court.store import InChunk, InPacket, KioskStatus, OutDocument, Sms
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.service import list_documents
from tests.transport.helpers import VENV_BIN, Running, clean_env, court_env, wait_for

pytestmark = pytest.mark.integration


def court_rows(engine):
    with Session(engine) as s:
        return s.exec(select(InPacket)).all()


def assert_identical_at_court(ks, engine, packet_ids):
    rows = {r.packet_id: r for r in court_rows(engine)}
    assert set(packet_ids) <= set(rows)
    for pid in packet_ids:
        row = rows[pid]
        assert row.state == "received"
        kiosk_dir, court_dir = ks.spool_dir / pid, Path(row.files_dir)
        kiosk_files = sorted(p.relative_to(kiosk_dir) for p in kiosk_dir.rglob("*") if p.is_file())
        court_files = sorted(p.relative_to(court_dir) for p in court_dir.rglob("*") if p.is_file())
        assert kiosk_files == court_files
        for rel in kiosk_files:
            assert (kiosk_dir / rel).read_bytes() == (court_dir / rel).read_bytes(), rel


@pytest.mark.parametrize("store", ["db", "files"])
def test_packets_delivered_once_with_receipts_and_sms(mosquitto, pair, store):
    ks, cs = pair(mosquitto.port, chunk_store=store)
    with Running(ks, cs) as run:
        ids = [seal_session(ks, sample_filing(material_bytes=30_000, seed=i), outbox=run.outbox) for i in range(6)]
        assert wait_for(lambda: run.outbox.status().depth == 0, 30)
        assert wait_for(lambda: _kiosk_status(run.engine, ks.kiosk.kiosk_id) is not None, 10)
    assert {p.state for p in run.outbox.list()} == {"delivered"}
    assert all(json.loads(p.receipt)["receipt"]["status"] == "received" for p in run.outbox.list())
    assert_identical_at_court(ks, run.engine, ids)
    with Session(run.engine) as s:
        assert s.exec(select(InChunk)).all() == []
        texts = [m.text for m in s.exec(select(Sms)).all()]
        rows = s.exec(select(InPacket)).all()
    assert len(rows) == 6 and all(r.applicant_name == "张三" and r.phone == "13800138000" for r in rows)
    assert all(0 <= r.clock_s < 60 for r in rows)
    assert len(texts) == 6 and "已于" in texts[0] and "由本院接收" in texts[0]


def _kiosk_status(engine, kid):
    with Session(engine) as s:
        return s.get(KioskStatus, kid)


def _court_cli(cs, *args):
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args], env={**clean_env(), **court_env(cs)},
                          capture_output=True, text=True, timeout=60)


def test_review_and_documents_reach_the_kiosk_verified(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        pid = seal_session(ks, sample_filing(material_bytes=10_000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.status().depth == 0, 30)
        accepted = _court_cli(cs, "review", "accept", pid[:18])
        assert accepted.returncode == 0, accepted.stderr
        assert "（20" in accepted.stdout and "2300.00元" in accepted.stdout and "开户行" in accepted.stdout
        pdf = tmp_path / "判决书.pdf"
        pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 100)
        sent = _court_cli(cs, "send-document", str(pdf), "--kiosk", ks.kiosk.kiosk_id,
                          "--for", "410181199003074512", "--kind", "judgment", "--title", "民事判决书")
        assert sent.returncode == 0, sent.stderr
        docs = lambda: list_documents(ks, "410181199003074512", outbox=run.outbox)
        assert wait_for(lambda: len(docs()) == 2, 20)
        assert wait_for(lambda: _doc_states(run.engine) == {"verified"}, 10)
        listing = _court_cli(cs, "review", "list", "--state", "all")
        fleet = _court_cli(cs, "kiosks")
    by_kind = {d["kind"]: d for d in docs()}
    from offline_queue.doc_store import kiosk_key, read_bytes

    stored = Path(by_kind["judgment"]["path"]) / "judgment.pdf"
    assert read_bytes(stored, kiosk_key(ks)) == pdf.read_bytes() != stored.read_bytes()  # encrypted at rest
    decision = json.loads(read_bytes(Path(by_kind["decision"]["path"]) / "decision.json", kiosk_key(ks)))
    notice = json.loads(read_bytes(Path(by_kind["decision"]["path"]) / "fee_notice.json", kiosk_key(ks)))
    assert decision["decision"] == "accepted" and notice["amount_yuan"] == "2300.00"
    assert list_documents(ks, "110101199001010000", outbox=run.outbox) == []
    assert pid in listing.stdout and "accepted" in listing.stdout
    assert ks.kiosk.kiosk_id in fleet.stdout
    with Session(run.engine) as s:
        kinds = [m.kind for m in s.exec(select(Sms)).all()]
    assert kinds == ["received", "review_accepted", "document_ready"]


def _doc_states(engine):
    with Session(engine) as s:
        return {d.state for d in s.exec(select(OutDocument)).all()}


def test_reject_sends_reason_and_decision_cannot_repeat(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs) as run:
        pid = seal_session(ks, sample_filing(material_bytes=1000), outbox=run.outbox)
        assert wait_for(lambda: run.outbox.status().depth == 0, 30)
        rejected = _court_cli(cs, "review", "reject", pid, "--reason", "起诉状缺少被告住所")
        assert rejected.returncode == 0 and "原因：起诉状缺少被告住所" in rejected.stdout
        again = _court_cli(cs, "review", "accept", pid)
        assert again.returncode == 1 and "already rejected" in again.stderr
        assert wait_for(lambda: len(list_documents(ks, outbox=run.outbox)) == 1, 20)
    assert _court_cli(cs, "review", "reject", "nope", "--reason", "x").returncode == 1


@pytest.mark.parametrize("store", ["db", "files"])
def test_two_gateways_in_a_shared_subscription_over_one_store(mosquitto, pair, store):
    ks, cs = pair(mosquitto.port, chunk_store=store)
    cs.shared_group = "court"
    cs2 = cs.model_copy(update={"receiver_id": "court-gw-2"})
    with Running(ks, cs, sender=False) as one, Running(ks, cs2, sender=False):
        with Running(ks, cs, gateway=False) as kiosk:
            ids = [seal_session(ks, sample_filing(material_bytes=40_000, seed=i), outbox=kiosk.outbox)
                   for i in range(8)]
            assert wait_for(lambda: kiosk.outbox.status().depth == 0, 40)
    rows = court_rows(one.engine)
    assert sorted(r.packet_id for r in rows) == sorted(ids)
    assert_identical_at_court(ks, one.engine, ids)
    receivers = {json.loads(r.receipt)["receipt"]["receiver_id"] for r in rows}
    assert receivers == {"court-gw-1", "court-gw-2"}  # chunks of packets landed on both members


def test_document_sent_while_the_kiosk_is_offline_arrives_when_it_returns(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    with Running(ks, cs, sender=False) as court:
        with Running(ks, cs, gateway=False) as first:  # the kiosk's session exists at the broker
            assert wait_for(lambda: first.sender.link.connected.is_set(), 10)
        pdf = tmp_path / "transcript.pdf"
        pdf.write_bytes(b"%PDF-1.4\n" + b"transcript " * 3000)
        sent = _court_cli(cs, "send-document", str(pdf), "--kiosk", ks.kiosk.kiosk_id,
                          "--for", "410181199003074512", "--kind", "transcript")
        assert sent.returncode == 0, sent.stderr
        with Running(ks, cs, gateway=False) as again:
            assert wait_for(lambda: len(list_documents(ks, outbox=again.outbox)) == 1, 20)
            assert wait_for(lambda: _doc_states(court.engine) == {"verified"}, 10)


def test_untrusted_kiosk_holds_its_packets_and_they_go_once_trusted(mosquitto, pair):
    """A court without this kiosk's key answers "untrusted" (signed): the packet is held with the
    reason noted, never parked by an ack, and goes by itself once the court trusts the kiosk."""
    ks, cs = pair(mosquitto.port)
    trusted = cs.kiosk_keys_path / f"{ks.kiosk.kiosk_id}.pem"
    hidden = trusted.with_suffix(".off")
    trusted.rename(hidden)
    with Running(ks, cs, hold_s=1.0) as run:
        pid = seal_session(ks, sample_filing(material_bytes=1000), outbox=run.outbox)
        assert wait_for(lambda: "no trusted key" in (run.outbox.get(pid).last_error or ""), 20)
        assert run.outbox.get(pid).state in ("sending", "awaiting_receipt")  # never parked by an ack
        hidden.rename(trusted)
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 20)
    assert_identical_at_court(ks, run.engine, [pid])


def test_packet_signed_by_another_key_is_dropped_and_goes_once_the_court_has_the_right_key(mosquitto, pair):
    """A signature that does not verify proves nothing: no rejection, no record; the kiosk hears
    why (a signed "unknown") and offers the packet again until the court's key is right."""
    from offline_queue.crypto import generate_key, public_pem

    ks, cs = pair(mosquitto.port)
    trusted = cs.kiosk_keys_path / f"{ks.kiosk.kiosk_id}.pem"
    genuine = trusted.read_bytes()
    trusted.write_bytes(public_pem(generate_key("ed25519")))  # the court knows a different key
    with Running(ks, cs, hold_s=1.0) as run:
        pid = seal_session(ks, sample_filing(material_bytes=1000), outbox=run.outbox)
        assert wait_for(lambda: "signature does not verify" in (run.outbox.get(pid).last_error or ""), 20)
        row = run.outbox.get(pid)
        assert row.state in ("sending", "awaiting_receipt") and row.receipt is None
        assert court_rows(run.engine) == []
        trusted.write_bytes(genuine)
        assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 20)
    assert_identical_at_court(ks, run.engine, [pid])
