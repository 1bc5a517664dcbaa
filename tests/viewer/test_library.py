"""The court's catalogue of public documents and the kiosk's signed local copy: publish and
withdraw make versions; the kiosk shows the newest version that verifies, nothing that does not,
and drops what the court withdrew."""

from __future__ import annotations

import json
import shutil

import pytest

from court.publications import PublishError, load, publish, withdraw
from kiosk.bootstrap import settings_for_tests
from kiosk.viewer.library import LibraryMissing, LibraryUnverified, load_library
from kiosk.viewer.samples import sample_pdf
from offline_queue.service import court_public_key
from tests.transport.helpers import court_settings, exchange_keys
from tests.viewer.helpers import deliver_catalogue, publish_samples


@pytest.fixture
def pair(tmp_path):
    ks = settings_for_tests(tmp_path / "kiosk")
    cs = court_settings(tmp_path / "court", 1883)
    exchange_keys(ks, cs)
    return ks, cs


def docs(ks):
    return ks.storage.data_dir / "docs"


def test_published_documents_reach_the_kiosk_verified_with_their_dates(pair, tmp_path):
    ks, cs = pair
    entries = publish_samples(cs, tmp_path / "samples")
    assert load(cs).version == 3
    assert deliver_catalogue(ks, cs)["state"] == "verified"
    library = load_library(docs(ks), court_public_key(ks))
    assert library.version == 3 and library.court == cs.court_code
    by_kind = {i.kind: i for i in library.items}
    judgment = by_kind["judgment"]
    assert judgment.case_number == "（2024）豫0102民初1187号" and judgment.year == 2024
    assert judgment.cause == "民间借贷纠纷" and judgment.court == "豫0102"
    assert judgment.published_at == "2024-05-28" and judgment.pages == 3
    assert by_kind["guide"].topic == "立案" and by_kind["template"].published_at == "2024-01-12"
    assert {i.item_id for i in library.items} == {e["item_id"] for e in entries}
    with open(judgment.path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_a_withdrawn_document_leaves_the_kiosk_with_the_next_version(pair, tmp_path):
    ks, cs = pair
    entries = publish_samples(cs, tmp_path / "samples")
    deliver_catalogue(ks, cs)
    old = {p.name for p in docs(ks).iterdir() if not p.name.startswith(".")}
    withdraw(cs, entries[0]["item_id"])
    deliver_catalogue(ks, cs)
    library = load_library(docs(ks), court_public_key(ks))
    assert library.version == 4
    assert entries[0]["item_id"] not in {i.item_id for i in library.items} and len(library.items) == 2
    assert not any((docs(ks) / name).exists() for name in old), "the older version is removed"
    with pytest.raises(PublishError, match="no published document"):
        withdraw(cs, entries[0]["item_id"])


def test_a_changed_local_copy_shows_nothing_of_it(pair, tmp_path):
    ks, cs = pair
    publish_samples(cs, tmp_path / "samples")
    deliver_catalogue(ks, cs)
    first = load_library(docs(ks), court_public_key(ks), prune=False)
    # a newer version arrives, then someone edits a PDF of it on the kiosk's disk
    publish(cs, "guide", _pdf(tmp_path, "fees"), title="诉讼指南：诉讼费用", topic="费用",
            published_at="2024-02-01")
    deliver_catalogue(ks, cs)
    newest = max((p for p in docs(ks).iterdir() if not p.name.startswith(".")),
                 key=lambda p: json.loads((p / "manifest.json").read_bytes()).get("catalogue_version", 0))
    target = next((newest / "items").iterdir())
    target.write_bytes(target.read_bytes() + b"%tampered")
    library = load_library(docs(ks), court_public_key(ks), prune=False)
    assert library.version == first.version, "the tampered version is passed over for the last good one"
    shutil.rmtree(next(p for p in docs(ks).iterdir() if p.name != newest.name and not p.name.startswith(".")))
    with pytest.raises(LibraryUnverified):
        load_library(docs(ks), court_public_key(ks))


def test_no_catalogue_yet(pair):
    ks, _cs = pair
    with pytest.raises(LibraryMissing):
        load_library(docs(ks), court_public_key(ks))


def _pdf(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(sample_pdf("guide", pages=1))
    return path


@pytest.mark.parametrize("kind, kwargs, problem", [
    ("opinion", {}, "kind must be one of"),
    ("judgment", {"case_number": "2024-1187", "cause": "x"}, "is not like"),
    ("judgment", {"case_number": "（2024）豫0102民初1187号"}, "cause of action"),
    ("guide", {"published_at": "28/05/2024"}, "YYYY-MM-DD"),
    ("guide", {"title": "张三 410181199003074517"}, "ID number"),
])
def test_bad_publications_are_refused_with_a_reason(pair, tmp_path, kind, kwargs, problem):
    _ks, cs = pair
    kwargs = {"title": "标题", **kwargs}
    with pytest.raises(PublishError, match=problem):
        publish(cs, kind, _pdf(tmp_path, "a"), **kwargs)
    assert load(cs).version == 0


def test_not_a_pdf_and_the_same_file_twice_are_refused(pair, tmp_path):
    _ks, cs = pair
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"hello")
    with pytest.raises(PublishError, match="not a PDF"):
        publish(cs, "guide", bad, title="x")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(PublishError, match="cannot be opened"):
        publish(cs, "guide", broken, title="x")
    good = _pdf(tmp_path, "g")
    publish(cs, "guide", good, title="一")
    with pytest.raises(PublishError, match="already published"):
        publish(cs, "template", good, title="二")
    assert load(cs).version == 1
