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


def test_speakable_reads_every_dynamic_value_in_a_sentence():
    from kiosk.spoken import speakable

    said = speakable("案号（2024）豫0181民初1234号，身份证410181199003074517，电话13800138000，"
                     "标的100000元，2024-03-05开庭")
    assert "二零二四年，豫零幺八幺，民初，幺二三四号" in said
    assert "四幺零幺八幺，幺九九零，零三零七，四五幺七" in said
    assert "幺三八，零零幺三，八零零零" in said and "十万元" in said and "二零二四年三月五日" in said
    assert not any(ch.isdigit() for ch in said)
    english = speakable("Claim 2000元 on 2024-03-05, case （2024）豫0181民初1234号.", "en")
    assert "2,000 yuan" in english and "March 5, 2024" in english and "number one two three four" in english
    assert speakable("请阅读第 1 项确认内容，共 3 项") == "请阅读第 1 项确认内容，共 3 项"  # counts stay counts


def test_a_complete_case_number_is_read_back_digit_by_digit():
    from config.loader import load_settings
    from kiosk.bootstrap import journey_env
    from kiosk.flows.effects import Speak
    from kiosk.flows.events import FieldEdited, ReplayTapped
    from kiosk.flows.navigation import Policy, ScreenTouched, TileTapped
    from kiosk.flows.shell import initial_state, transition

    state = initial_state(Policy(), 0.0, journey_env(load_settings(None, use_site_default=False)))
    for event in (ScreenTouched(at=1), TileTapped("material_transfer", at=2)):
        state, _ = transition(state, event)
    state, effects = transition(state, FieldEdited("case_ref", "（2024）豫0181民初1234号", at=3))
    spoken = [e.text for e in effects if isinstance(e, Speak)]
    assert spoken == ["您输入的案号是：二零二四年，豫零幺八幺，民初，幺二三四号。"]
    _, effects = transition(state, ReplayTapped(at=4))  # 再听一遍: the prompt, the number in it said
    assert "豫零幺八幺" in effects[0].text and "0181" not in effects[0].text
