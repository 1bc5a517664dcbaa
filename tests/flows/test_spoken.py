"""Values read the way people say them (kiosk.spoken)."""

from __future__ import annotations

import pytest

from kiosk import spoken

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, said", [
    (100000, "十万元"), (2000, "两千元"), ("1234.5", "一千二百三十四元五角"), ("0.05", "五分"),
    ("10.05", "十元零五分"), (10005, "一万零五元"), (1000000, "一百万元"), (0, "零元"),
    (115, "一百一十五元"), (20000000, "两千万元"), (10000001, "一千万零一元"),
])
def test_amounts_are_read_as_money(value, said):
    assert spoken.amount(value) == said


def test_amounts_in_english_keep_numerals_for_the_english_voice():
    assert spoken.amount(100000, "en") == "100,000 yuan"
    assert spoken.amount("1234.5", "en") == "1,234.50 yuan"


def test_id_numbers_digit_by_digit_in_groups_with_yao_and_cha():
    assert spoken.id_number("41018119900101123X") == "四幺零幺八幺，幺九九零，零幺零幺，幺二三叉"
    assert spoken.id_number("41018119900101123x", "en").endswith("one two three X")


def test_phone_numbers_in_groups():
    assert spoken.phone("138 1234 5678") == "幺三八，幺二三四，五六七八"
    assert spoken.phone("010-12345678") == "零幺零，幺二三四，五六七八"
    assert spoken.phone("0371-87654321") == "零三七幺，八七六五，四三二幺"


def test_case_numbers_every_digit():
    assert spoken.case_number("（2024）豫0181民初1234号") == "二零二四年，豫零幺八幺，民初，幺二三四号"
    assert spoken.case_number("(2024)豫0181民初1234号", "en") == (
        "year two zero two four, court zero one eight one, number one two three four")


def test_dates_as_dates():
    assert spoken.date("2024-03-05") == "二零二四年三月五日"
    assert spoken.date("2026-12-31") == "二零二六年十二月三十一日"
    assert spoken.date("2024-03-05", "en") == "March 5, 2024"
