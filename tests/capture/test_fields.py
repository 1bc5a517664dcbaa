"""Field extraction on the project's own filings (ground-truth text) and on hand-written variants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.scanner.synthetic_text import KINDS, make_filing, to_capital
from kiosk.capture.fields import extract
from kiosk.capture.numerals import capital_to_decimal

pytestmark = pytest.mark.unit


def _paragraph_text(filing) -> str:
    return "\n".join(text for _, text in filing.paragraphs)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_field_of_every_kind(kind, seed):
    filing = make_filing(seed, kind)
    fields = extract([(_paragraph_text(filing), None)])
    assert fields.doc_type and fields.doc_type.value == kind
    assert sorted(v.value for v in fields.id_numbers) == sorted(filing.id_numbers)
    assert sorted(v.value for v in fields.credit_codes) == sorted(filing.credit_codes)
    assert sorted(v.value for v in fields.phones) == sorted(filing.phones)
    assert [v.value for v in fields.case_numbers] == filing.case_numbers
    assert {int(v.value) for v in fields.amounts} == set(filing.amounts)
    assert (fields.court.value if fields.court else "") == filing.court
    assert set(filing.dates) <= {v.value for v in fields.dates}
    got = sorted((p.role, p.name, p.kind) for p in fields.parties)
    assert got == sorted((p.role, p.name, p.kind) for p in filing.parties)
    for party in fields.parties:
        truth = next(p for p in filing.parties if p.name == party.name)
        assert party.id_number == truth.id_number and party.credit_code == truth.credit_code


def test_values_carry_page_and_confidence():
    text = "借  条\n借款人：张三\n身份证号：410181197503121237\n2023年6月1日"
    confs = [90.0] * len(text)
    start = text.index("4101")
    confs[start + 3] = 41.0
    fields = extract([("第一页", None), (text, confs)])
    (id_value,) = fields.id_numbers
    assert id_value.page == 1 and id_value.confidence == 41.0


@pytest.mark.parametrize("raw, expected", [
    ("（2023）豫0181民初4521号", "（2023）豫0181民初4521号"),
    ("(2023)豫0181民初4521号", "（2023）豫0181民初4521号"),
    ("〔2023〕豫0181民初4521号", "（2023）豫0181民初4521号"),
    ("[2023]豫0181民初4521号", "（2023）豫0181民初4521号"),
    ("【2023】豫0181民初4521号", "（2023）豫0181民初4521号"),
    ("( 2023 ) 豫01 民终 77 号", "（2023）豫01民终77号"),
    ("（2024）豫0181执保12号", "（2024）豫0181执保12号"),
])
def test_case_number_bracket_variants(raw, expected):
    fields = extract([(f"案号：{raw}，特此说明。", None)])
    assert [v.value for v in fields.case_numbers] == [expected]


def test_id_number_repaired_only_when_the_check_digit_then_holds():
    good = "410181197503121237"
    assert extract([(f"身份证号{good}", None)]).id_numbers[0].repaired is False
    ocr = good.replace("0", "O", 1).replace("1", "l", 1)
    (value,) = extract([(f"身份证号{ocr}，", None)]).id_numbers
    assert value.value == good and value.repaired and value.text == ocr
    # Wrong check digit and no single confusion fixes it: nothing is invented.
    assert extract([("身份证号410181197503121230", None)]).id_numbers == [] or \
        extract([("身份证号410181197503121230", None)]).id_numbers[0].repaired


def test_x_check_digit_and_credit_code():
    from stdnum.cn import ric

    body = next(f"41018119750312{n:03d}" for n in range(1000)
                if ric.calc_check_digit(f"41018119750312{n:03d}0") == "X")
    code = make_filing(11, "行政起诉状").credit_codes[0]
    fields = extract([(f"身份证号{body}x，统一社会信用代码{code}。", None)])
    assert [v.value for v in fields.id_numbers] == [body + "X"]
    assert [v.value for v in fields.credit_codes] == [code]


@pytest.mark.parametrize("text, value", [
    ("人民币200000元（大写：贰拾万元整）", 200000),
    ("借款人民币伍万元整（¥50000.00）", 50000),
    ("共计1,250,000.50元", Decimal("1250000.50")),
    ("赔偿3.5万元", 35000),
    ("大写：壹万零伍拾元伍角", Decimal("10050.5")),
])
def test_amounts_arabic_and_capital(text, value):
    values = [v.value for v in extract([(text, None)]).amounts]
    assert Decimal(value) in values


def test_years_and_page_counts_are_not_amounts():
    assert extract([("2023年6月1日，共5页，第3号", None)]).amounts == []


def test_dates_arabic_and_chinese_numerals():
    fields = extract([("2023年6月1日\n二〇二三年十二月二十八日\n2023年2月30日", None)])
    assert [v.value for v in fields.dates] == ["2023-06-01", "2023-12-28"]


def test_court_after_cizhi_snapped_to_directory():
    names = ("巩义市人民法院", "荥阳市人民法院")
    fields = extract([("此致\n荣阳市人民法院\n具状人：张三", None)], court_names=names)
    assert fields.court.value == "荥阳市人民法院" and fields.court.repaired
    fields = extract([("此致 巩义市人民法院", None)], court_names=names)
    assert fields.court.value == "巩义市人民法院" and not fields.court.repaired


def test_title_with_one_misread_character():
    fields = extract([("民事起诉伏\n原告：张三，男。", None)])
    assert fields.doc_type.value == "民事起诉状" and fields.doc_type.repaired


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_capital_numerals_round_trip(amount):
    assert capital_to_decimal(to_capital(amount)) == amount


def test_to_json_is_plain():
    import json

    fields = extract([(_paragraph_text(make_filing(4, "民事起诉状")), None)])
    data = json.loads(json.dumps(fields.to_json(), ensure_ascii=False))
    assert set(data) >= {"id_numbers", "phones", "case_numbers", "amounts", "court", "parties", "dates"}
    assert all(isinstance(a["value"], (int, float)) for a in data["amounts"])
