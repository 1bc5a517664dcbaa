"""Validators judge numbers key by key: every prefix of a good number is never 'invalid'."""

from __future__ import annotations

import pytest
from stdnum.iso7064 import mod_11_2

from kiosk.inputs.keypad import (
    check,
    check_case_number,
    check_id_number,
    check_licence,
    check_phone,
)

pytestmark = pytest.mark.unit
GOOD_ID = "41018119900101123X"


def test_id_number_check_digit_is_computed_by_mod_11_2():
    assert mod_11_2.calc_check_digit(GOOD_ID[:17]) == "X"


@pytest.mark.parametrize("good", [GOOD_ID, "11010519491231002X", "810000199408230021"])
def test_every_prefix_of_a_good_id_number_is_incomplete_then_valid(good):
    states = [check_id_number(good[:n]) for n in range(len(good) + 1)]
    assert [s.status for s in states[:-1]] == ["incomplete"] * len(good)
    assert states[-1].valid and states[-1].parts["birth"] == good[6:14]
    assert states[10].message == "还差8位"


def test_wrong_check_digit_is_explained():
    state = check_id_number(GOOD_ID[:17] + "5")
    assert state.status == "invalid" and state.key == "id.check_digit"
    assert "校验码" in state.message


@pytest.mark.parametrize("typed,key", [
    ("4101811X", "id.x_not_last"), ("X", "id.x_not_last"),
    ("000000", "id.region"), ("41018119901301", "id.birth"),
    ("4101811990010112341", "id.too_long"), ("41018A", "id.not_digit"),
])
def test_id_number_faults_are_seen_as_soon_as_typed(typed, key):
    state = check_id_number(typed)
    assert (state.status, state.key) == ("invalid", key) and state.message


def test_lower_case_x_and_full_width_digits_are_normalised():
    assert check_id_number(GOOD_ID.lower()).valid
    assert check_id_number("４１０１８１").status == "incomplete"


def test_phone_numbers():
    assert check_phone("13800138000").parts == {"kind": "mobile"}
    assert check_phone("0371-64123456").parts == {"kind": "landline"}
    assert check_phone("0371-64123456").value == "037164123456"
    assert check_phone("1380013").status == "incomplete"
    for bad, key in [("12", "phone.mobile_prefix"), ("138001380001", "phone.too_long"),
                     ("5551234", "phone.prefix"), ("00", "phone.area"),
                     ("138-0013", "phone.mobile_dash")]:
        assert check_phone(bad).key == key, bad


def test_lawyer_licence_is_17_digits():
    assert check_licence("1" * 17).valid
    assert check_licence("1" * 16).message == "执业证号是17位，还差1位"
    assert check_licence("1" * 18).key == "licence.too_long"
    assert check_licence("1234a").key == "licence.not_digit"


def test_case_number_is_parsed_and_normalised():
    state = check_case_number("(2024)豫0181民初1187号")
    assert state.valid and state.value == "（2024）豫0181民初1187号"
    assert state.parts == {"year": 2024, "court": "豫0181", "type": "民初", "serial": 1187}
    assert check_case_number("（2023）最高法民申12号").parts["court"] == "最高法"
    assert check_case_number("（2024）豫01执恢3号").parts["type"] == "执恢"
    implied = check_case_number("2024)豫0181民初1187")
    assert implied.valid and implied.value == "（2024）豫0181民初1187号"


def test_every_prefix_of_a_case_number_is_incomplete():
    good = "（2024）豫0181民初1187号"
    for n in range(len(good) - 5):  # up to the type word; the serial makes it valid
        assert check_case_number(good[:n]).status == "incomplete", good[:n]
    assert check_case_number(good[:-1]).valid


@pytest.mark.parametrize("typed,key", [
    ("豫0181", "case.open"), ("（24）", "case.year"), ("（1980）", "case.year_range"),
    ("（2024）A", "case.court"), ("（2024）豫0181民1187号", "case.type"),
    ("（2024）豫0181啊", "case.type"), ("（2024）豫0181民初11号8", "case.serial"),
])
def test_bad_case_numbers_explain_the_format(typed, key):
    state = check_case_number(typed)
    assert (state.status, state.key) == ("invalid", key)
    assert "（2024）豫0181民初1187号" in state.message


def test_check_dispatches_and_refuses_unknown_kinds():
    assert check("licence", "1" * 17).valid
    with pytest.raises(ValueError):
        check("bank_card", "1")
