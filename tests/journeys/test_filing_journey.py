"""The civil filing journey, step by step, as pure transitions."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.effects import PrintReceipt, ScanMaterial, SealPacket, Speak, WatchPacket
from kiosk.flows.events import (ActionTapped, CardRead, FieldEdited, NextTapped, OptionChosen,
                                PacketStateChanged, ScrolledToEnd, SignatureDrawn)
from kiosk.flows.shell import BackTapped, ScreenTouched, TileTapped
from kiosk.flows.engine import view_of
from tests.journeys.conftest import COMPLAINT_FIELDS, ZHANG


def walk_to_materials(d):
    d.send(ScreenTouched())
    d.send(TileTapped("case_filing"))
    assert d.step == "notice"
    d.send(NextTapped())
    assert d.step == "notice", "the notice cannot be accepted before it was read to the end"
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    assert d.step == "identify" and d.dossier.notice_accepted
    d.send(NextTapped())
    assert d.step == "identify", "no identity yet"
    d.send(CardRead(ZHANG))
    assert d.dossier.applicant.name == "张三" and d.dossier.applicant.source == "chip"
    d.send(NextTapped())
    assert d.step == "case_type"
    d.send(OptionChosen("civil_first"))
    assert d.step == "court"
    d.send(FieldEdited("court_query", "zy"))
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert [name for _c, name, _l in view.results] == ["郑州市中原区人民法院"]
    d.send(OptionChosen("豫0102"))
    d.send(NextTapped())
    assert d.step == "materials"


def test_civil_filing_walks_to_the_courts_receipt(driver):
    d = driver
    walk_to_materials(d)
    effects = d.send(ActionTapped("add", "complaint"))
    scan = [e for e in effects if isinstance(e, ScanMaterial)]
    assert scan and scan[0].source == "feeder"
    d.scan(scan[0].material_id, 2, fields=COMPLAINT_FIELDS)
    effects = d.send(ActionTapped("add", "evidence"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 1)
    d.send(NextTapped())
    assert d.step == "parties"
    roles = [(p.role, p.get("name").value, p.get("name").source) for p in d.dossier.parties]
    assert roles == [("plaintiff", "张三", "chip"), ("defendant", "李四", "ocr")]
    assert d.dossier.claims.value == "100000" and d.dossier.claims.source == "ocr"
    assert d.dossier.service_address.source == "chip"
    d.send(NextTapped())
    assert d.step == "parties", "phone and method are still missing"
    d.send(FieldEdited("phone", "13800138000"))
    d.send(OptionChosen("electronic", group="service_method"))
    d.send(NextTapped())
    assert d.step == "material_list"
    d.send(NextTapped())
    assert d.step == "check"
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert kind == "check" and view.problems == ()
    d.send(NextTapped())
    assert d.step == "sign"
    for number in range(5):
        d.send(SignatureDrawn('{"strokes": []}', b"png", True))
    assert d.step == "submit"
    seal = [e for e in d.effects if isinstance(e, SealPacket)]
    assert len(seal) == 1
    filing = seal[0].filing
    assert filing.jurisdiction_court == "豫0102" and filing.case_type == "civil_first"
    assert [s["key"] for s in filing.signatures] == ["form", "court", "service", "same_effect", "no_secrets"]
    assert all(len(s["text_sha256"]) == 64 for s in filing.signatures)
    assert [r["pages"] for r in filing.material_list] == [2, 1]
    d.seal()
    assert d.step == "status"
    spoken = [e.text for e in d.effects if isinstance(e, Speak)]
    assert any("已推送至管辖法院" in t for t in spoken)
    assert any(isinstance(e, PrintReceipt) for e in d.effects)
    assert any(isinstance(e, WatchPacket) for e in d.effects)
    d.send(BackTapped())
    assert d.step == "status", "no way back once the packet is sealed"
    d.send(PacketStateChanged("0190-test", "received"))
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert view.headline == "管辖法院已接收"
    events = [e["event"] for e in d.dossier.audit]
    assert events[0] == "journey_started" and "notice_accepted" in events and "sealed" in events


def test_appeal_goes_to_the_court_above(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("case_filing"))
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    d.send(OptionChosen("civil_appeal"))
    heard = d.send(OptionChosen("豫0102"))  # the court that decided the first instance
    assert d.dossier.court == "豫01" and d.dossier.origin_court == "豫0102"
    # The choice is said: where the filing goes, and the rule with its clause.
    said = [e.text for e in heard if isinstance(e, Speak)]
    assert len(said) == 1 and "郑州市中级人民法院" in said[0] and "第一百七十一条" in said[0], said


def test_check_stops_a_missing_material_and_sends_to_fix(driver):
    d = driver
    walk_to_materials(d)
    effects = d.send(ActionTapped("add", "complaint"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 1,
           fields=COMPLAINT_FIELDS, problems=((0, "capture.blurred"),))
    d.send(NextTapped())
    d.send(FieldEdited("phone", "13800138000"))
    d.send(OptionChosen("post", group="service_method"))
    d.send(NextTapped())
    d.send(NextTapped())
    assert d.step == "check"
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    messages = [p.message for p in view.problems]
    assert "缺少“证据材料”，请扫描后再提交。" in messages
    assert any("第 1 页看不清" in m for m in messages)
    d.send(NextTapped())
    assert d.step == "check", "a filing with problems is stopped at the check"
    d.send(ActionTapped("fix", "materials"))
    assert d.step == "materials"
    effects = d.send(ActionTapped("add", "evidence"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 1)
    complaint = d.materials("complaint")[0]
    d.send(ActionTapped("delete_page", f"{complaint.material_id}:0"))
    d.send(NextTapped())
    assert d.step == "check", "after a fix the journey returns to the check"


def test_expired_card_is_explained_and_not_a_dead_end(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("case_filing"))
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(CardRead(replace(ZHANG, valid_to="2020-01-01")))
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert "有效期" in view.error and d.dossier.applicant is None
    d.send(CardRead(replace(ZHANG, id_number="410181199003074512")))
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert "校验不通过" in view.error
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    assert d.step == "case_type"


def test_end_wipes_the_journey_and_the_card(driver):
    d = driver
    d.send(CardRead(ZHANG))
    assert d.state.identity is ZHANG
    d.send(TileTapped("case_filing"))
    assert d.state.journey.dossier.applicant is ZHANG
    from kiosk.flows.shell import EndTapped
    d.send(EndTapped())
    assert d.state.journey is None and d.state.identity is None and d.state.screen == "attract"


def test_past_15_minutes_without_a_receipt_the_staff_are_alerted_once(driver):
    from kiosk.flows.base import ClockTicked
    from kiosk.flows.effects import AlertStaff

    d = driver
    walk_to_materials(d)
    effects = d.send(ActionTapped("add", "complaint"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 1, fields=COMPLAINT_FIELDS)
    effects = d.send(ActionTapped("add", "evidence"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 1)
    for event in (NextTapped(), FieldEdited("phone", "13800138000"),
                  OptionChosen("in_person", group="service_method"), NextTapped(), NextTapped(),
                  NextTapped()):
        d.send(event)
    for _ in range(5):
        d.send(SignatureDrawn("{}", b"png", True))
    d.seal()
    assert d.step == "status"
    assert not [e for e in d.send(ClockTicked()) if isinstance(e, AlertStaff)]
    d.wall += 20 * 60
    alerts = [e for e in d.send(ClockTicked()) if isinstance(e, AlertStaff)]
    assert len(alerts) == 1 and alerts[0].code == "receipt_overdue"
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert view.overdue and "已通知工作人员" in view.headline
    assert not [e for e in d.send(ClockTicked()) if isinstance(e, AlertStaff)], "said once"
    d.send(PacketStateChanged("0190-test", "received"))
    kind, view = view_of(d.state.journey, d.state.env.context(d.state))
    assert not view.overdue and view.headline == "管辖法院已接收"


def test_an_earlier_feeds_answer_does_not_finish_a_scan_under_way(driver):
    from kiosk.flows.events import MaterialRecognised, PageScanned
    from kiosk.flows.dossier import PageRef

    d = driver
    walk_to_materials(d)
    effects = d.send(ActionTapped("add", "complaint"))
    mid = [e for e in effects if isinstance(e, ScanMaterial)][0].material_id
    d.send(PageScanned(mid, PageRef("p1", "/tmp/p1.png")))
    d.send(MaterialRecognised(mid, "/tmp/old.pdf", "old", 90.0, True))  # a stale answer
    assert d.dossier.material(mid).status == "scanning" and d.dossier.material(mid).pdf_path == ""


def test_duplex_scanning_is_one_tap_and_reaches_the_scanner(driver):
    d = driver
    walk_to_materials(d)
    d.send(ActionTapped("duplex"))
    scan = [e for e in d.send(ActionTapped("add", "complaint")) if isinstance(e, ScanMaterial)][0]
    assert scan.duplex and scan.source == "feeder"
