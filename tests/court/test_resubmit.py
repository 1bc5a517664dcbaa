"""Correct and resubmit at the court (``court.resubmit``): the pre-fill a kiosk may get for one of
this person's rejected filings, and the checks ``review show`` makes of a packet that supersedes
another (same applicant, really rejected, each kept material's file and hash in the court's copy)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from config.courts import packaged_courts
from court.keys import court_key
from court.resubmit import seed_for
from court.review import decide, dossier_for
from court.review_text import render
from offline_queue.document import recipient_tag
from tests.court.helpers import record, seal, session_filing

pytestmark = pytest.mark.unit
ZHANG = "410181199003074512"


def rejected_filing(ks, cs, engine) -> str:
    pid = seal(ks, session_filing(pages=(2, 1)))
    record(ks, cs, pid, engine)
    decide(engine, cs, pid, accept=False, reason="借条含侮辱性言辞", court_key=court_key(cs))
    return pid


def superseding(ks, cs, engine, old: str, *, sha: str | None = None, id_number: str = ZHANG) -> str:
    from court.store import InPacket, store_session

    with store_session(engine) as s:
        files_dir = s.get(InPacket, (ks.kiosk.kiosk_id, old)).files_dir
    real = hashlib.sha256((Path(files_dir) / "materials/01.pdf").read_bytes()).hexdigest()
    filing = session_filing(pages=(1,))
    filing.idcard = {**filing.idcard, "id_number": id_number}
    filing.supersedes = old
    kept = filing.materials[0]
    kept.kept_from, kept.pages = {"packet_id": old, "file": "materials/01.pdf", "sha256": sha or real}, 2
    filing.materials.append(session_filing(pages=(1, 1)).materials[1])
    pid = seal(ks, filing, screening=[])
    assert record(ks, cs, pid, engine)["state"] == "received"
    return pid


def test_the_pre_fill_is_for_the_applicant_of_a_rejected_filing_only(court_pair):
    ks, cs, engine = court_pair
    old = rejected_filing(ks, cs, engine)
    status, data = seed_for(engine, court_key(cs), recipient_tag(ZHANG), old)
    assert status == "ok" and data["packet_id"] == old and data["reason"] == "借条含侮辱性言辞"
    assert data["form"]["parties"][0]["name"]["value"] == "张三"
    complaint, iou = data["materials"]
    assert complaint["keepable"] and complaint["pages"] == 2 and len(complaint["sha256"]) == 64
    assert not iou["keepable"], "the material the §12 screening flagged must be scanned again"
    assert seed_for(engine, court_key(cs), recipient_tag("11010519491231002X"), old)[0] == "not_party"
    other = seal(ks, session_filing(pages=(1,)))
    record(ks, cs, other, engine)
    assert seed_for(engine, court_key(cs), recipient_tag(ZHANG), other)[0] == "bad_request", "not rejected"


def test_review_show_checks_what_a_superseding_packet_claims(court_pair):
    ks, cs, engine = court_pair
    old = rejected_filing(ks, cs, engine)
    good = superseding(ks, cs, engine, old)
    out = render(dossier_for(engine, cs, court_key(cs), good), packaged_courts())
    assert f"替代材料包：{old}" in out and "更正重交：已核对，同一申请人" in out and "借条含侮辱性言辞" in out
    assert f"沿用原材料：1. 民事起诉状  {old}/materials/01.pdf  PDF 2 页  哈希一致" in out
    assert "清单 2 页 / PDF 2 页" in out, "the kept row's pages are counted in the court's copy"
    forged = superseding(ks, cs, engine, old, sha="00" * 32)
    out = render(dossier_for(engine, cs, court_key(cs), forged), packaged_courts())
    assert "！沿用的文件与原材料包中的文件哈希不符" in out
    stranger = superseding(ks, cs, engine, old, id_number="11010519491231002X")
    out = render(dossier_for(engine, cs, court_key(cs), stranger), packaged_courts())
    assert "更正重交：！申请人与被替代材料包的申请人不是同一人" in out
    accepted = seal(ks, session_filing(pages=(1,)))
    record(ks, cs, accepted, engine)
    decide(engine, cs, accepted, accept=True, court_key=court_key(cs))
    not_rejected = superseding(ks, cs, engine, accepted)
    out = render(dossier_for(engine, cs, court_key(cs), not_rejected), packaged_courts())
    assert "！被替代的材料包未被驳回（审核：accepted）" in out
