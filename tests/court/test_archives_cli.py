"""``court-gateway archives list|show|approve|refuse|prints`` on a viewing request the kiosk's own
journey sealed, recorded by the court's real receiver; then the approval travels into the kiosk's
real downlink inbox and the kiosk's reader lists it only for its addressee, only while it verifies.
Bad input (page ranges, a PDF that does not open, a link that is not https, a refusal that owes
the handler's contact, a decision taken twice) is refused with a reason and changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from court.store import OutDocument, Sms, store_session
from kiosk.effects.packets import session_filing
from kiosk.flows.effects import SealPacket
from kiosk.flows.events import (CardRead, FieldEdited, NextTapped, OptionChosen, PrintProgress,
                                ScrolledToEnd, SignatureDrawn)
from kiosk.flows.shell import ScreenTouched, TileTapped
from kiosk.packet_assembly import seal_session
from kiosk.viewer.samples import sample_pdf
from offline_queue.service import court_public_key, open_outbox
from tests.court.helpers import record
from tests.journeys.conftest import ZHANG, Driver
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.unit
CASE = "（2024）豫0102民初1187号"
STROKES = json.dumps({"strokes": [[{"x": i, "y": i % 4, "t": i * 9} for i in range(12)]]})


def request_spec(materials="起诉状、证据材料"):
    d = Driver()
    d.send(ScreenTouched())
    d.send(TileTapped("archive_viewing"))
    d.send(OptionChosen("archive_request"))
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    d.send(FieldEdited("case_ref", CASE))
    d.send(NextTapped())
    d.send(OptionChosen("party", group="relation"))
    d.send(FieldEdited("materials", materials))
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    d.send(NextTapped())
    for _ in range(3):
        d.send(SignatureDrawn(STROKES, b"\x89PNG\r\n\x1a\n" + bytes(16), True))
    return next(e for e in d.effects if isinstance(e, SealPacket)).filing


def sealed_request(ks, cs, engine, materials="起诉状、证据材料") -> str:
    pid = seal_session(ks, session_filing(request_spec(materials)), outbox=open_outbox(ks))
    assert record(ks, cs, pid, engine)["state"] == "received"
    return pid


def cli(cs, *args):
    return court_cli(cs, *args)


def pdfs(tmp_path):
    good = tmp_path / "complaint.pdf"
    good.write_bytes(sample_pdf("judgment", pages=3))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF body\n%%EOF\n")
    return good, broken


def deliver(ks, cs, engine, doc_id):
    """The stored document, chunk by chunk, into the kiosk's real downlink inbox."""
    from court.documents import load_document
    from offline_queue.canonical import b64e, canonical, sha256_hex
    from offline_queue.downlink import DocumentInbox

    with store_session(engine) as s:
        row = s.get(OutDocument, doc_id)
    doc = load_document(row)
    inbox = DocumentInbox(open_outbox(ks), ks.storage.data_dir / "docs", court_public_key(ks),
                          ks.kiosk.kiosk_id, 8 * 1024 * 1024)
    inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}))
    answer = None
    for file_idx, chunk_idx, data in doc.chunks():
        answer = inbox.on_chunk(doc.doc_id, file_idx, chunk_idx, data, sha256_hex(data)) or answer
    return answer


def documents(engine, kind):
    with store_session(engine) as s:
        return list(s.exec(select(OutDocument).where(OutDocument.kind == kind)).all())


def test_list_approve_with_printable_pages_and_the_kiosk_reads_it_only_for_its_addressee(court_pair, tmp_path):
    from kiosk.effects.archives import read_archives

    ks, cs, engine = court_pair
    pid = sealed_request(ks, cs, engine)
    listing = cli(cs, "archives", "list")
    assert listing.returncode == 0, listing.stderr
    assert pid in listing.stdout and CASE in listing.stdout and "起诉状、证据材料" in listing.stdout
    shown = cli(cs, "archives", "show", pid)
    assert "申请查阅的材料：起诉状、证据材料  [手输]" in shown.stdout and "审计链：已验证" in shown.stdout, shown.stdout
    good, broken = pdfs(tmp_path)
    link = "https://court.example/archive/abc"

    def approve(*extra):
        return cli(cs, "archives", "approve", pid, "--file", str(good), "--title", "起诉状", "--link", link, *extra)

    bad_pages = approve("--print", "2-9")
    assert bad_pages.returncode == 1 and "not within 1-3" in bad_pages.stderr
    bad_syntax = approve("--print", "一到三")
    assert bad_syntax.returncode == 1 and "look like 1-3,5" in bad_syntax.stderr
    not_https = cli(cs, "archives", "approve", pid, "--file", str(good), "--link", "http://x")
    assert not_https.returncode == 1 and "https://" in not_https.stderr
    unopenable = cli(cs, "archives", "approve", pid, "--file", str(broken), "--link", link)
    assert unopenable.returncode == 1 and "cannot be opened" in unopenable.stderr
    assert documents(engine, "archive") == [], "nothing was sent for refused input"
    ok = approve("--print", "1-2", "--minutes", "20")
    assert ok.returncode == 0, ok.stderr
    assert "已获准查阅" in ok.stdout and link in ok.stdout
    again = approve("--print", "1-2")
    assert again.returncode == 1 and "already approved" in again.stderr
    assert "approved" in cli(cs, "archives", "list", "--state", "approved").stdout
    with store_session(engine) as s:
        sms = s.exec(select(Sms).where(Sms.kind == "archive_approved")).one()
    assert sms.phone == "13800138000" and link in sms.text

    archive = documents(engine, "archive")[0]
    decision = next(d for d in documents(engine, "decision") if d.packet_id == pid)
    assert deliver(ks, cs, engine, archive.doc_id)["state"] == "verified"
    assert deliver(ks, cs, engine, decision.doc_id)["state"] == "verified"
    outbox, key = open_outbox(ks), court_public_key(ks)
    grants, refusals, unverified = read_archives(outbox, key, ZHANG.id_number)
    assert (len(grants), refusals, unverified) == (1, [], 0)
    grant = grants[0]
    assert grant.case_ref == CASE and grant.minutes == 20 and grant.link == link and grant.court_code == cs.court_code
    assert [(f.title, f.pages, f.print_ranges) for f in grant.files] == [("起诉状", 3, "1-2")]
    assert read_archives(outbox, key, "410181195008010015") == ([], [], 0), "another person sees nothing"

    # a copy changed on disk after it verified: not shown any more, and counted
    pdf_path = grant.files[0].path
    with open(pdf_path, "r+b") as f:
        f.seek(200)
        f.write(b"X")
    grants, _refusals, unverified = read_archives(outbox, key, ZHANG.id_number)
    assert grants == [] and unverified == 1


def test_refusals_name_their_reason_and_the_handler_and_prints_are_listed(court_pair, tmp_path):
    from kiosk.effects.archives import read_archives

    ks, cs, engine = court_pair
    first = sealed_request(ks, cs, engine, "庭审笔录")
    second = sealed_request(ks, cs, engine, "合议庭评议笔录")
    wrong = cli(cs, "archives", "refuse", first, "--reason", "lost")
    assert wrong.returncode == 1 and "--reason must be one of" in wrong.stderr
    owed = cli(cs, "archives", "refuse", first, "--reason", "not_generated")
    assert owed.returncode == 1 and "--handler" in owed.stderr
    done = cli(cs, "archives", "refuse", first, "--reason", "not_generated", "--handler", "王书记员 0371-67890123")
    assert done.returncode == 0, done.stderr
    assert "尚未在办案系统生成" in done.stdout and "王书记员 0371-67890123" in done.stdout
    secret = cli(cs, "archives", "refuse", second, "--reason", "secret")
    assert secret.returncode == 0 and "by telephone (13800138000)" in secret.stdout
    assert cli(cs, "archives", "approve", second, "--file", str(pdfs(tmp_path)[0]),
               "--link", "https://x.example/a").returncode == 1, "a refused request cannot be approved"
    for d in documents(engine, "decision"):
        assert deliver(ks, cs, engine, d.doc_id)["state"] == "verified"
    _grants, refusals, _n = read_archives(open_outbox(ks), court_public_key(ks), ZHANG.id_number)
    reasons = sorted(r.reason for r in refusals)
    assert len(reasons) == 2 and any("王书记员" in r for r in reasons) and any("国家秘密" in r for r in reasons)

    # a print at the kiosk comes back as its own packet and is listed
    from kiosk.flows.steps.archives import ArchiveViewer
    spec = _print_report()
    pid = seal_session(ks, session_filing(spec), outbox=open_outbox(ks))
    assert record(ks, cs, pid, engine)["state"] == "received"
    prints = cli(cs, "archives", "prints")
    assert pid in prints.stdout and "起诉状 / 1-2 / 7" in prints.stdout, prints.stdout
    assert pid not in cli(cs, "archives", "list", "--state", "all").stdout
    assert ArchiveViewer.kind == "archive_viewer"


def _print_report():
    from tests.journeys.test_archives import GRANT, open_file, to_archives

    d = Driver()
    to_archives(d, grants=(GRANT,))
    opened = open_file(d)
    d.send(OptionChosen("noop"))
    from kiosk.flows.events import ActionTapped

    d.send(ActionTapped("print"))
    d.send(ActionTapped("print_go", "all"))
    d.send(PrintProgress(f"{opened.key}#print1", "done", job_id=7))
    return next(e for e in d.effects if isinstance(e, SealPacket)).filing
