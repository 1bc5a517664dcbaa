"""The lawyer channel, the material-transfer journey and the case-number rules, as pure transitions."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, FieldEdited, FieldFocused, NextTapped,
                                ScrolledToEnd)
from kiosk.flows.shell import ScreenTouched, TileTapped
from kiosk.flows.steps.case_number import parse_case_number
from kiosk.flows.rules.case_types import required_materials
from tests.journeys.conftest import ZHANG

LAWYER = replace(ZHANG, name="王律师", id_number="410102198001010018")


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def test_lawyer_channel_needs_licence_phone_own_card_and_client(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("case_filing"))
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(ActionTapped("lawyer"))
    d.send(FieldFocused("licence"))
    assert view(d).editing == "licence" and view(d).editing_kind == "digits"
    d.send(FieldEdited("licence", "1234"))
    assert view(d).field_errors == (("licence", "执业证号应为17位数字"),)
    d.send(FieldEdited("licence", "14101201810123456"))
    d.send(FieldEdited("phone", "13912345678"))
    d.send(NextTapped())
    assert d.step == "identify", "the lawyer's own card is still missing"
    d.send(CardRead(LAWYER))
    d.send(FieldEdited("represents", "张三"))
    assert view(d).can_continue
    d.send(NextTapped())
    assert d.step == "case_type"
    agent = d.dossier.agent
    assert agent.licence == "14101201810123456" and agent.identity.name == "王律师"
    assert d.dossier.applicant is None
    kinds = [k.key for k in required_materials("civil_first", True)]
    assert "power_of_attorney" in kinds, "an agent's authority is checked (norms §7)"


def test_case_number_format_is_explained():
    assert parse_case_number("（2024）豫0181民初1187号") == ("（2024）豫0181民初1187号", "豫0181")
    assert parse_case_number("(2024)豫0181民初01187号") == ("（2024）豫0181民初1187号", "豫0181")
    assert parse_case_number("2024豫0181民初1187")[0] is None
    assert parse_case_number("（1850）豫0181民初1号") == (None, "case_number.year")


def test_material_transfer_goes_to_the_court_of_the_case_number(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("material_transfer"))
    assert d.step == "case_number"
    d.send(FieldEdited("case_ref", "（2024）豫9999民初1号"))
    assert "不在本终端的法院目录" in view(d).error
    d.send(FieldEdited("case_ref", "2024豫0102"))
    assert "（2024）豫0181民初1187号" in view(d).error
    d.send(NextTapped())
    assert d.step == "case_number"
    d.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d.send(NextTapped())
    assert d.step == "identify" and d.dossier.court == "豫0102"
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    assert d.step == "materials"
    d.send(ActionTapped("add", "submission"))
    material_id = d.dossier.materials[0].material_id
    d.scan(material_id, 3)
    d.send(NextTapped())
    assert d.step == "material_list"
    d.send(NextTapped())
    assert d.step == "check" and view(d).problems == ()


def test_a_notice_qr_code_fills_the_case_number(driver):
    from kiosk.flows.effects import ListenQr
    from kiosk.flows.events import QrScanned

    d = driver
    d.send(ScreenTouched())
    effects = d.send(TileTapped("material_transfer"))
    assert any(isinstance(e, ListenQr) for e in effects), "the step listens to the QR scanner"
    d.send(QrScanned("https://ssfw.example/n?ah=(2024)豫0102民终33号"))
    assert d.dossier.case_ref == "（2024）豫0102民终33号" and view(d).can_continue
