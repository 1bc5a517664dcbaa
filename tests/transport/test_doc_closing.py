"""Decisions, fee answers and archives the court sends are purged too, on disk, by what closes
them: the court signs five documents for one person (a filing's acceptance with its fee notice,
the 电子交费单, an archive refusal, an approved archive, an answer nobody waits for) and a public
catalogue; they land encrypted in the kiosk's real inbox. The kiosk's own handlers show the
answers, print-ready slip, the refusal and open the archive in the real viewer during a session:
nothing is closed while it runs; at its end each is closed (shown / paid / viewed); the purge
removes their files after the retention and not before, and logs why. The answer nobody saw goes
after ``keep_unclosed_documents_days``; the public catalogue never."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from sqlmodel import select

from court.documents import make_document, store_document
from court.keys import court_key
from kiosk.effects import answers, archives, fees, viewer
from kiosk.effects.closing import SessionDocuments
from kiosk.effects.dispatcher import Dispatcher
from kiosk.flows.effects import DocumentShown, LoadArchives, OpenDocument, WatchAnswer, WatchFeeAnswer
from kiosk.flows.events import ArchivesLoaded, FeeAnswered, PacketStateChanged
from kiosk.session import Session
from kiosk.viewer.samples import sample_pdf
from offline_queue import doc_store
from offline_queue.document import recipient_tag
from offline_queue.models import InDocument
from offline_queue.service import open_outbox
from tests.court.test_collection_cli import deliver, pair, ports_for  # noqa: F401
from tests.journeys.conftest import ZHANG

pytestmark = pytest.mark.integration
CASE = "（2024）豫0102民初1187号"
JSON = "application/json"


def _json(name: str, data: dict, role: str) -> tuple[str, bytes, str, str]:
    return name, json.dumps(data, ensure_ascii=False).encode(), role, JSON


def court_sends(ks, cs, engine, tmp_path) -> dict[str, str]:
    """The court's signed documents for ZHANG (and one public), stored for delivery: name → doc id."""
    key, tag = court_key(cs), recipient_tag(ZHANG.id_number)
    pdf = sample_pdf("judgment", pages=2)
    made = {
        "accepted": ("decision", "立案审核结果", [
            _json("decision.json", {"packet_id": "pkt-filing", "decision": "accepted", "case_number": CASE,
                                    "court": cs.court_name}, "decision"),
            _json("fee_notice.json", {"amount_yuan": 2300, "pay_within_days": 7}, "fee_notice")]),
        "paid": ("decision", "电子交费单", [
            _json("decision.json", {"packet_id": "pkt-fee", "decision": "paid", "case_number": CASE}, "decision"),
            _json("fee_slip.json", {"slip_no": "JF-1", "amount_yuan": 2300, "case_number": CASE}, "fee_slip")]),
        "refused": ("decision", "卷宗查阅审核结果", [
            _json("decision.json", {"packet_id": "pkt-arc-1", "decision": "rejected", "service": "archive_viewing",
                                    "reason": "申请查阅的材料涉及国家秘密", "court": cs.court_name}, "decision")]),
        "archive": ("archive", "卷宗查阅", [
            _json("archive.json", {"schema": archives.ARCHIVE_SCHEMA, "packet_id": "pkt-arc-2", "case_ref": CASE,
                                   "court": cs.court_name, "approved_at": "2026-12-01 10:00", "viewing_minutes": 30,
                                   "download_link": "https://court.example/a/1", "link_expires": "2026-12-16",
                                   "files": [{"path": "files/01.pdf", "title": "起诉状", "pages": 2,
                                              "print_ranges": "1"}]}, "archive_index"),
            ("files/01.pdf", pdf, "archive", "application/pdf")]),
        "unseen": ("decision", "立案审核结果", [
            _json("decision.json", {"packet_id": "pkt-left", "decision": "rejected", "reason": "缺少起诉状"},
                  "decision")]),
    }
    ids = {}
    for name, (kind, title, files) in made.items():
        doc = make_document(cs, key, kiosk_id=ks.kiosk.kiosk_id, kind=kind, title=title, files=files,
                            recipient=tag, case_ref=CASE)
        store_document(engine, cs, doc)
        ids[name] = doc.doc_id
    public = make_document(cs, key, kiosk_id=ks.kiosk.kiosk_id, kind="catalogue", title="公开文书目录",
                           files=[_json("catalogue.json", {"items": []}, "catalogue")], recipient=None)
    store_document(engine, cs, public)
    ids["catalogue"] = public.doc_id
    return ids


def rows(outbox) -> dict[str, InDocument]:
    with outbox.session() as s:
        return {r.doc_id: r for r in s.exec(select(InDocument)).all()}


def files_of(outbox, doc_id: str) -> list[Path]:
    path = rows(outbox)[doc_id].path
    return [p for p in Path(path).rglob("*") if p.is_file()] if path else []


def watched(ports, tmp_path):
    """A session with its closing hook, and what the kiosk's two answer watches report."""
    session = Session(tmp_path / "sessions")
    ports.session = lambda: session
    ports.closing = SessionDocuments(ports)
    ports.watch_interval_s = 0.05
    got = []
    answers.watch_answer(WatchAnswer("pkt-filing"), ports, got.append)
    fees.watch_fee_answer(WatchFeeAnswer("pkt-fee", ZHANG.id_number), ports, got.append)
    return session, got


def test_answers_fee_slips_and_archives_are_closed_at_the_sessions_end_then_purged(pair, tmp_path, caplog):  # noqa: F811
    ks, cs, engine = pair
    ids = court_sends(ks, cs, engine, tmp_path)
    assert set(deliver(ks, engine)) == {"verified"}
    ports = ports_for(ks)
    outbox = ports.outbox()
    pdf_path = Path(rows(outbox)[ids["archive"]].path) / "files" / "01.pdf"
    assert b"%PDF" not in pdf_path.read_bytes(), "encrypted at rest"
    session, got = watched(ports, tmp_path)
    archives.load_archives(LoadArchives(ZHANG.id_number), ports, got.append)
    shown, paid, listed = got
    assert isinstance(shown, PacketStateChanged) and shown.state == "accepted" and CASE in shown.reason
    assert shown.doc_id == ids["accepted"]
    # the status step on screen says it was seen (``test_decision_shown`` drives the step itself)
    Dispatcher(ports, got.append, lambda *_a: None).run(DocumentShown(shown.doc_id))
    assert isinstance(paid, FeeAnswered) and paid.state == "paid" and paid.slip["slip_no"] == "JF-1"
    assert paid.doc_id == ids["paid"]
    # so does the fee status step, the 电子交费单 handed over (``tests/journeys/test_fees.py``)
    Dispatcher(ports, got.append, lambda *_a: None).run(DocumentShown(paid.doc_id, "paid"))
    assert isinstance(listed, ArchivesLoaded) and [r.doc_id for r in listed.refusals] == [ids["refused"]]
    (grant,) = listed.grants
    try:
        viewer.open_document(OpenDocument("arc/0", grant.files[0].path, grant.files[0].sha256), ports, got.append)
        deadline = time.monotonic() + 30
        while not any(type(e).__name__ == "DocumentOpened" for e in got) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(type(e).__name__ == "DocumentOpened" for e in got), got
    finally:
        ports.renderer.shutdown()
    # the session still shows and prints from them: nothing is closed, nothing goes
    with caplog.at_level(logging.INFO, logger="offline_queue.doc_store"):
        assert doc_store.purge_served(outbox, keep_hours=0, unclosed_days=30) == 0
    assert all(files_of(outbox, ids[n]) for n in ("accepted", "paid", "refused", "archive"))
    session.forget()
    ports.closing.end_session()
    with outbox.session() as s:
        closed = {r.doc_id: r for r in s.exec(select(doc_store.DocumentServed)).all()}
    assert {n: closed[ids[n]].how for n in ("accepted", "paid", "refused", "archive")} == \
        {"accepted": "shown", "paid": "paid", "refused": "shown", "archive": "viewed"}
    assert ids["unseen"] not in closed and ids["catalogue"] not in closed
    at = max(closed[ids[n]].served_at for n in ("accepted", "paid", "refused", "archive"))
    assert doc_store.purge_served(outbox, keep_hours=1, now=at + 3590, unclosed_days=30) == 0, "inside the retention"
    folders = {n: Path(rows(outbox)[ids[n]].path) for n in ids}
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="offline_queue.doc_store"):
        assert doc_store.purge_served(outbox, keep_hours=1, now=at + 3601, unclosed_days=30) == 4
    after = rows(outbox)
    for n in ("accepted", "paid", "refused", "archive"):
        assert not folders[n].exists() and after[ids[n]].state == "purged" and after[ids[n]].path is None, n
        kept = after[ids[n]]
        assert (kept.title, kept.case_ref, kept.recipient, kept.manifest) == ("", None, None, None), \
            "nothing naming the person stays in the row"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{ids['archive']} (archive) purged, 4 file(s) removed: closed (viewed)" in logged, logged
    assert f"{ids['paid']} (decision) purged" in logged and "closed (paid)" in logged
    assert folders["unseen"].is_dir() and folders["catalogue"].is_dir(), "not closed: kept"
    assert files_of(outbox, ids["unseen"]) and after[ids["unseen"]].state == "verified"


def test_documents_nothing_closes_go_after_the_unclosed_retention_public_ones_never(pair, tmp_path, caplog):  # noqa: F811
    ks, cs, engine = pair
    ids = court_sends(ks, cs, engine, tmp_path)
    assert set(deliver(ks, engine)) == {"verified"}
    outbox = open_outbox(ks)
    arrived = max(r.verified_at for r in rows(outbox).values())
    folders = {n: Path(rows(outbox)[ids[n]].path) for n in ids}
    assert doc_store.purge_served(outbox, keep_hours=0, now=arrived + 30 * 86400 - 60, unclosed_days=30) == 0
    assert all(folder.is_dir() for folder in folders.values())
    with caplog.at_level(logging.INFO, logger="offline_queue.doc_store"):
        assert doc_store.purge_served(outbox, keep_hours=0, now=arrived + 30 * 86400 + 1, unclosed_days=30) == 5
    after = rows(outbox)
    for name in ("accepted", "paid", "refused", "archive", "unseen"):
        assert not folders[name].exists() and after[ids[name]].state == "purged", name
    assert folders["catalogue"].is_dir() and after[ids["catalogue"]].state == "verified", "public: kept"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged.count("never closed, arrived 30.0 days ago, kept 30 days") == 5, logged
    # nothing of them is shown any more: the answers and the archive list are empty
    ports = ports_for(ks)
    assert answers.find_answer(outbox, "pkt-filing") is None
    got = []
    archives.load_archives(LoadArchives(ZHANG.id_number), ports, got.append)
    assert got[0].grants == () and got[0].refusals == ()


def test_the_watches_only_report_answers_the_steps_on_screen_close_them(pair, tmp_path):  # noqa: F811
    """Found by the kiosk's watches while nobody was at the status step (the person had gone back
    to the services): the decision and the fee confirmation with its 电子交费单 stay on the kiosk
    after the session ends (the unclosed retention applies), not closed and purged unseen."""
    ks, cs, engine = pair
    ids = court_sends(ks, cs, engine, tmp_path)
    assert set(deliver(ks, engine)) == {"verified"}
    ports = ports_for(ks)
    session, got = watched(ports, tmp_path)
    assert [type(e).__name__ for e in got] == ["PacketStateChanged", "FeeAnswered"]
    session.forget()
    ports.closing.end_session()
    with ports.outbox().session() as s:
        closed = {r.doc_id for r in s.exec(select(doc_store.DocumentServed)).all()}
    assert ids["accepted"] not in closed and ids["paid"] not in closed, "reported, never seen: kept"
