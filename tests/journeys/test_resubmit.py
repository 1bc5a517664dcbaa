"""更正后重新提交 as pure transitions: a rejected filing in My cases offers it, the court's copy is
fetched live, the filing journey opens pre-filled (parties, case type, court, materials kept or
to rescan), and what gets sealed names the rejected packet in ``supersedes`` and the kept
materials by file and hash."""

from __future__ import annotations

from kiosk.flows.engine import view_of
from kiosk.flows.events import ActionTapped, CourtAnswered, CourtUnreachable, NextTapped, OptionChosen
from kiosk.flows.rules.packet import filing_of, rows_of
from tests.journeys.conftest import ZHANG
from tests.journeys.test_queries import CASES, asks, to_my_cases

REJECTED = CASES["filings"][1]["packet_id"]
SEED = {"packet_id": REJECTED, "service": "case_filing", "reason": "起诉状缺少被告住所",
        "form": {"case_type": {"value": "civil_first", "name": "民事一审"},
                 "jurisdiction_court": {"code": "豫0102", "name": "郑州市中原区人民法院"},
                 "parties": [{"role": "plaintiff", "kind": "person",
                              "name": {"value": "张三", "source": "chip"},
                              "id_number": {"value": ZHANG.id_number, "source": "chip"}},
                             {"role": "defendant", "kind": "person",
                              "name": {"value": "李四", "source": "ocr", "confidence": 0.93}}],
                 "service": {"address": {"value": "河南省巩义市新华路12号", "source": "chip"},
                             "method": "electronic", "phone": {"value": "13800138000", "source": "typed"}},
                 "claims": {"value": "100000", "source": "ocr", "confidence": 0.88}},
        "materials": [{"no": 1, "name": "民事起诉状", "doc_type": "complaint", "original": True, "pages": 2,
                       "file": "materials/01.pdf", "sha256": "aa" * 32, "from_packet": REJECTED, "keepable": True},
                      {"no": 2, "name": "借条", "doc_type": "evidence", "original": False, "pages": 1,
                       "file": "materials/02.pdf", "sha256": "bb" * 32, "from_packet": REJECTED,
                       "keepable": False}]}


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def to_resubmit(d):
    to_my_cases(d)
    d.send(CourtAnswered("cases", "ok", CASES, ticket=1))
    rejected = view(d).cards[-1]
    assert rejected.action == "resubmit" and rejected.action_arg == REJECTED
    assert rejected.action_label == "更正后重新提交"
    assert any("诉讼服务大厅立案窗口" in line and "郑州市中原区人民法院" in line for line in rejected.lines), \
        "where to object in person"
    accepted = view(d).cards[-2]
    assert accepted.action == "", "only a rejected filing offers it"
    (ask,) = asks(d.send(ActionTapped("resubmit", REJECTED)))
    assert ask.kind == "resubmit" and ask.packet_id == REJECTED and ask.ticket == 2
    assert view(d).message.startswith("正在从法院取回")
    return ask


def test_resubmit_opens_the_filing_pre_filled_and_seals_supersedes(driver):
    d = driver
    ask = to_resubmit(d)
    d.send(CourtAnswered("resubmit", "ok", SEED, ticket=ask.ticket))
    js = d.state.journey
    assert js.journey.id == "case_filing" and d.step == "notice"
    dossier = d.dossier
    assert dossier.supersedes == REJECTED and dossier.case_type == "civil_first" and dossier.court == "豫0102"
    assert dossier.applicant == ZHANG and dossier.service_method == "electronic"
    assert [p.get("name").value for p in dossier.parties] == ["张三", "李四"]
    assert dossier.parties[0].get("id_number").source == "chip"  # from the card read today
    assert dossier.parties[1].get("name").source == "ocr"  # as it was filed
    kept, rescan = dossier.materials
    assert kept.status == "kept" and kept.kept_sha256 == "aa" * 32 and kept.page_count == 2
    assert rescan.status == "empty" and not rescan.kept_from and "不能沿用" in rescan.error
    events = [e["event"] for e in dossier.audit]
    assert events[0] == "journey_started" and dossier.audit[0]["supersedes"] == REJECTED
    ctx = d.state.env.context(d.state)
    rows = rows_of(dossier)
    assert [r["name"] for r in rows] == ["民事起诉状"], "the material to rescan is not listed until scanned"
    assert rows[0]["kept_from"] == {"packet_id": REJECTED, "file": "materials/01.pdf", "sha256": "aa" * 32}
    from dataclasses import replace

    from kiosk.flows.dossier import PacketInfo
    from kiosk.flows.rules.packet import receipt_lines

    _title, lines, _qr, _foot = receipt_lines(replace(dossier, packet=PacketInfo("0190-new", "ab" * 32, 1.0)),
                                              {}, ctx)
    assert f"更正后重新提交：替代被退回的申请 {REJECTED}" in lines, "the printed receipt names it"
    spec = filing_of(dossier, {"packet_kind": "filing"}, ctx)
    assert spec.supersedes == REJECTED
    assert spec.materials[0]["kept_from"]["sha256"] == "aa" * 32 and spec.materials[0]["pages"] == 2


def test_the_steps_show_what_was_filed_and_the_kept_material_can_be_rescanned(driver):
    d = driver
    ask = to_resubmit(d)
    d.send(CourtAnswered("resubmit", "ok", SEED, ticket=ask.ticket))
    d.send(NextTapped())  # the notice must still be read: 下一步 alone does not pass it
    assert d.step == "notice"
    from kiosk.flows.events import ScrolledToEnd

    d.send(ScrolledToEnd())
    d.send(NextTapped())
    assert d.step == "identify" and view(d).who.startswith("张三")
    d.send(NextTapped())
    assert d.step == "case_type" and view(d).chosen == "civil_first"
    d.send(OptionChosen("civil_first"))
    assert d.step == "court" and view(d).can_continue and "郑州市中原区人民法院" in view(d).jurisdiction
    d.send(NextTapped())
    assert d.step == "materials"
    v = view(d)
    assert v.current == "k01" and "沿用原申请" in v.materials[0].status_text
    assert ("complaint", "民事起诉状", True) in v.required, "the kept complaint counts as scanned"
    effects = d.send(ActionTapped("scan_more", "k02"))
    assert any(type(e).__name__ == "ScanMaterial" and e.material_id == "k02" for e in effects)
    d.scan("k02", 1)
    effects = d.send(ActionTapped("scan_more", "k01"))  # the litigant replaces the kept complaint
    (scan,) = [e for e in effects if type(e).__name__ == "ScanMaterial"]
    assert scan.existing == () and not d.dossier.material("k01").kept_from
    d.scan("k01", 2)
    d.send(NextTapped())
    assert d.step == "parties"
    assert [p.get("name").value for p in d.dossier.parties] == ["张三", "李四"], "no OCR pre-fill over them"
    rows = rows_of(d.dossier)
    assert all("kept_from" not in r for r in rows) and [r["pages"] for r in rows] == [2, 1]


def test_the_court_refusing_or_silent_leaves_my_cases_with_a_plain_message(driver):
    d = driver
    ask = to_resubmit(d)
    d.send(CourtAnswered("resubmit", "not_party", {"packet_id": REJECTED}, ticket=ask.ticket))
    assert d.state.journey.journey.id == "case_query" and "暂时无法取回" in view(d).message
    (again,) = asks(d.send(ActionTapped("resubmit", REJECTED)))
    d.send(CourtUnreachable("resubmit", "query.timeout", ticket=again.ticket))
    assert d.step == "cases" and view(d).message == "暂时无法连接法院，请稍后再试。"
    d.send(CourtAnswered("resubmit", "ok", SEED, ticket=again.ticket))  # too late: ignored
    assert d.state.journey.journey.id == "case_query"
    assert not asks(d.send(ActionTapped("resubmit", "not-a-rejected-packet")))
