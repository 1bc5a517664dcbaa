"""``court-gateway review list|accept|reject`` are the filing judge's: they list filings only and
refuse, with a clear message naming the right command, to decide a video application, a signed
transcript, a proof of service or any other packet that is not a filing — which stays undecided."""

from __future__ import annotations

import pytest
from sqlmodel import select

from court.store import InPacket, open_store, store_session
from kiosk.packet_assembly import SessionFiling, seal_session
from offline_queue.service import open_outbox
from tests.court.helpers import record
from tests.transport.helpers import court_settings, exchange_keys, kiosk_settings
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration
CASE = "（2024）豫0102民初1187号"
OTHERS = {"video_assist": ("video_assist", "`video schedule`"),
          "transcript_signature": ("transcript_signing", "`transcripts show`"),
          "service_proof": ("service_proof", "`documents`"),
          "archive_request": ("archive_viewing", "`archives approve`")}


def test_review_lists_and_decides_filings_only(tmp_path):
    ks = kiosk_settings(tmp_path / "kiosk", 1)
    cs = court_settings(tmp_path / "court", 1)
    exchange_keys(ks, cs)
    engine = open_store(cs.store_url)
    outbox = open_outbox(ks)

    def sealed(kind: str, service: str) -> str:
        filing = SessionFiling(service=service, case_type="civil_first" if kind == "filing" else kind,
                               jurisdiction_court="豫0102", form={"case_ref": CASE}, kind=kind,
                               case_ref=None if kind == "filing" else CASE)
        pid = seal_session(ks, filing, outbox=outbox)
        assert record(ks, cs, pid, engine)["state"] == "received"
        return pid

    filing = sealed("filing", "case_filing")
    others = {kind: sealed(kind, service) for kind, (service, _cmd) in OTHERS.items()}
    listing = court_cli(cs, "review", "list", "--state", "all").stdout
    assert filing in listing, listing
    for kind, pid in others.items():
        assert pid not in listing, f"{kind} listed as a filing"
    for kind, pid in others.items():
        for args in (("accept", pid), ("reject", pid, "--reason", "不符合")):
            done = court_cli(cs, "review", *args)
            assert done.returncode == 1, (kind, done.stdout)
            assert "not a filing" in done.stderr and OTHERS[kind][1] in done.stderr, done.stderr
    with store_session(engine) as s:
        rows = {r.packet_id: r for r in s.exec(select(InPacket)).all()}
    assert all(rows[pid].review == "pending" and rows[pid].case_number is None for pid in others.values())
    accepted = court_cli(cs, "review", "accept", filing[:18], "--fee", "50")
    assert accepted.returncode == 0 and "accepted: case" in accepted.stdout, accepted.stderr
