"""Preservation / appraisal and petition journeys as pure transitions: the kind decides the way,
the form fills from the card and the OCR, bad input is refused with a message and kept, and the
court's answer lands on the status step."""

from __future__ import annotations

import itertools

from kiosk.flows.base import ClockTicked
from kiosk.flows.effects import ScanMaterial, SealPacket, Speak, WatchAnswer
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, FieldEdited, FieldFocused, NextTapped,
                                OptionChosen, PacketStateChanged, ScrolledToEnd, SignatureDrawn)
from kiosk.flows.journeys.preservation import KINDS
from kiosk.flows.rules.applications import APPLICATION_TYPES, FORMS
from kiosk.flows.shell import BackTapped, ScreenTouched, TileTapped
from tests.journeys.conftest import ZHANG

APPLICATION_FIELDS = (("parties", [{"role": "申请人", "name": "张三", "kind": "person", "page": 0,
                                    "confidence": 95.0},
                                   {"role": "被申请人", "name": "李四", "kind": "person", "page": 0,
                                    "confidence": 91.0}]),
                      ("amounts", [{"value": 80000, "text": "80000元", "page": 0, "confidence": 87.0}]))


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def start(d, service):
    d.send(ScreenTouched())
    d.send(TileTapped(service))
    assert d.step == "notice"
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(CardRead(ZHANG))
    d.send(NextTapped())


def scan(d, kind, fields=()):
    effects = d.send(ActionTapped("add", kind))
    material = [e for e in effects if isinstance(e, ScanMaterial)][0].material_id
    d.scan(material, 1, fields=fields)


def test_every_kind_has_its_form_materials_and_texts(driver):
    ctx = driver.state.env.context(driver.state)
    for kind in KINDS:
        assert kind in FORMS and APPLICATION_TYPES[kind].materials, kind
        for spec in FORMS[kind].fields:
            assert ctx.texts.has(spec.label), spec.label
            for option in spec.options:
                assert ctx.texts.has(f"form.option.{spec.key}.{option}"), option


def test_property_preservation_in_a_case_from_the_case_number_to_the_packet(driver):
    d = driver
    start(d, "preservation_appraisal")
    assert d.step == "kind"
    d.send(OptionChosen("preservation_property"))
    assert d.step == "case_number", "in a case: the case number names the court"
    d.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d.send(NextTapped())
    assert d.step == "materials" and d.dossier.court == "豫0102"
    scan(d, "preservation_application", APPLICATION_FIELDS)
    scan(d, "guarantee")
    d.send(NextTapped())
    assert d.step == "form"
    assert d.dossier.form_value("respondent").value == "李四"
    assert d.dossier.form_value("respondent").source == "ocr"
    assert d.dossier.form_value("amount").value == "80000.00"
    d.send(NextTapped())
    assert d.step == "form" and view(d).message == "“被保全财产线索”：还没有填写。", "the first missing field is named"
    d.send(FieldFocused("property"))
    d.send(FieldEdited("property", "李四名下中国银行账户"))
    d.send(FieldEdited("reason", "被申请人正在转移财产"))
    d.send(OptionChosen("insurer", group="guarantee"))
    rows = {r.key for r in view(d).rows}
    assert {"guarantee_amount", "insurer"} <= rows and "guarantee_property" not in rows
    d.send(FieldEdited("guarantee_amount", "80000"))
    d.send(FieldEdited("insurer", "中国人民财产保险股份有限公司郑州分公司"))
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    assert d.step == "material_list"
    d.send(NextTapped())
    assert d.step == "check" and view(d).problems == ()
    d.send(NextTapped())
    assert d.step == "sign"
    texts = []
    for _ in range(5):
        texts.append(view(d).text)
        d.send(SignatureDrawn('{"strokes": []}', b"png", True))
    assert "中国人民财产保险股份有限公司郑州分公司出具的保函，担保数额 80000.00 元" in texts[2]
    filing = [e for e in d.effects if isinstance(e, SealPacket)][0].filing
    assert filing.kind == "preservation" and filing.case_type == "preservation_property"
    assert filing.case_ref == "（2024）豫0102民初1187号" and filing.jurisdiction_court == "豫0102"
    app = filing.form["application"]
    assert app["kind_name"] == "诉中财产保全"
    assert app["fields"]["respondent"] == {"value": "李四", "source": "ocr", "confidence": 0.91,
                                           "label": "被申请人", "kind": "text"}
    assert app["fields"]["guarantee"]["text"] == "保险公司保函"
    assert [r["doc_type"] for r in filing.material_list] == ["preservation_application", "guarantee"]


def test_before_litigation_the_court_is_chosen_and_appraisal_is_its_own_packet_kind(driver):
    d = driver
    start(d, "preservation_appraisal")
    d.send(OptionChosen("preservation_property_pre"))
    assert d.step == "court", "before litigation there is no case number"
    d.send(OptionChosen("豫0102"))
    d.send(NextTapped())
    assert d.step == "materials" and d.dossier.court == "豫0102"
    d.send(BackTapped())
    assert d.step == "court"
    d2 = type(d)()
    start(d2, "preservation_appraisal")
    d2.send(OptionChosen("appraisal"))
    d2.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d2.send(NextTapped())
    scan(d2, "appraisal_application")
    d2.send(NextTapped())
    assert d2.step == "form" and [r.key for r in view(d2).rows][0] == "appraisal_kind"
    from kiosk.flows.rules.packet import filing_of

    ctx = d2.state.env.context(d2.state)
    assert filing_of(d2.dossier, {"packet_kind": "by_kind"}, ctx).kind == "appraisal"


def test_an_over_long_text_is_refused_and_kept_in_the_editor(driver):
    d = driver
    start(d, "petition")
    assert d.step == "form"
    assert d.dossier.form_value("petitioner").source == "chip"
    assert d.dossier.form_value("id_number").value == ZHANG.id_number
    d.send(FieldFocused("matter"))
    long_text = "法" * 501
    d.send(FieldEdited("matter", long_text))
    v = view(d)
    assert v.editing == "matter" and v.editing_value == long_text, "nothing typed is lost"
    assert "最多 500 字，现在有 501 字" in v.editing_error
    assert d.dossier.form_value("matter") is None
    d.send(FieldEdited("matter", long_text[:480]))
    assert view(d).editing == "" and d.dossier.form_value("matter").value == long_text[:480]
    d.send(FieldEdited("case_ref", "（2024）豫0102民初"))
    assert view(d).editing_error, "an unfinished case number is explained"
    d.send(FieldEdited("case_ref", ""))
    assert d.dossier.form_value("case_ref") is None, "the related case is optional"
    d.send(FieldEdited("amount_that_is_not_here", "x"))
    d.send(FieldEdited("request", "请求依法处理"))
    d.send(FieldEdited("phone", "12345"))
    assert "手机号码第二位应是3到9" in view(d).editing_error
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    assert d.step == "materials"
    d.send(NextTapped())
    assert d.step == "material_list", "a petition may come without materials"


def test_petition_answer_reaches_the_status_step_and_idle_ends_it(driver):
    d = driver
    start(d, "petition")
    for key, value in (("matter", "执行款迟迟未发放"), ("request", "请求尽快发放执行款"), ("phone", "13800138000")):
        d.send(FieldEdited(key, value))
    d.send(NextTapped())
    d.send(NextTapped())
    d.send(NextTapped())
    assert d.step == "check" and view(d).problems == ()
    d.send(NextTapped())
    for _ in range(3):
        d.send(SignatureDrawn('{"strokes": []}', b"png", True))
    filing = [e for e in d.effects if isinstance(e, SealPacket)][0].filing
    assert filing.kind == "petition" and filing.jurisdiction_court == "豫0181", "this court's petition office"
    d.seal("0190-petition")
    assert d.step == "status"
    assert any(isinstance(e, WatchAnswer) and e.packet_id == "0190-petition" for e in d.effects)
    assert view(d).headline == "已推送至本院信访部门"
    d.send(PacketStateChanged("0190-petition", "answered", "答复：已转执行局办理"))
    d.send(PacketStateChanged("0190-petition", "received"))
    assert view(d).headline == "信访部门已答复" and "已转执行局办理" in view(d).detail
    spoken = [e.text for e in d.effects if isinstance(e, Speak)]
    assert any("信访" in t for t in spoken)
    d.clock = itertools.count(10_000)
    d.send(ClockTicked())
    assert d.state.warning_seconds_left == 20, "还需要更多时间吗？ first"
    d.clock = itertools.count(20_000)
    d.send(ClockTicked())
    assert d.state.journey is None, "the idle timeout ends the session on the status step too"


def test_every_step_speaks_on_arrival(driver):
    d = driver
    start(d, "petition")
    spoken = [e for e in d.effects if isinstance(e, Speak)]
    assert len(spoken) >= 3 and all(e.text and not e.text.startswith("svc.") for e in spoken)
    assert "请填写信访事项" in spoken[-1].text


def test_a_material_whose_ocr_failed_stops_the_check_and_keeps_its_pages(driver):
    from kiosk.flows.events import PageScanned, RecognitionFailed, ScanFinished
    from kiosk.flows.dossier import PageRef

    d = driver
    start(d, "preservation_appraisal")
    d.send(OptionChosen("preservation_evidence"))
    d.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d.send(NextTapped())
    effects = d.send(ActionTapped("add", "preservation_application"))
    material = [e for e in effects if isinstance(e, ScanMaterial)][0].material_id
    d.send(PageScanned(material, PageRef("p0", "/tmp/p0.png", b"")))
    d.send(ScanFinished(material))
    d.send(RecognitionFailed(material, "capture.ocr_failed", "文字识别没有完成，请重新扫描。"))
    entry = d.dossier.material(material)
    assert entry.status == "failed" and entry.page_count == 1, "the page scanned is kept"
    d.send(NextTapped())
    assert d.step == "form"
    d.send(FieldEdited("respondent", "李四"))
    d.send(FieldEdited("evidence", "监控录像"))
    d.send(FieldEdited("location", "郑州市中原区建设路1号"))
    d.send(FieldEdited("reason", "录像将被覆盖"))
    d.send(OptionChosen("none", group="guarantee"))
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    d.send(NextTapped())
    assert d.step == "check"
    problems = view(d).problems
    assert [p.fix_step for p in problems] == ["materials"] and "没有扫描完成" in problems[0].message
    d.send(NextTapped())
    assert d.step == "check", "not signed while a material failed"
    d.send(ActionTapped("fix", "materials"))
    assert d.step == "materials"
