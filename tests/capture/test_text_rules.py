"""Tesseract's spacing and punctuation habits undone; context post-correction; CER."""

from __future__ import annotations

import pytest

from kiosk.capture.cer import cer, edit_distance
from kiosk.capture.normalise import normalise_line, normalise_text
from kiosk.capture.postcorrect import post_correct

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("raw, clean", [
    ("原 告 : 张 三 , 男 , 汉 族", "原告：张三，男，汉族"),
    ("案 号 为 ( 2024 ) 豫 0182 民 初 1625 号", "案号为（2024）豫0182民初1625号"),
    ("人 民 币 150000 元 ( 大 写 : 壹 拾 伍 万 元 整 ) , 或", "人民币150000元（大写：壹拾伍万元整），或"),
    ("本案诉讼费用由被告承担 .", "本案诉讼费用由被告承担。"),
    ("1.判令被告偿还借款 ;", "1.判令被告偿还借款；"),
    ("Email: court@example.cn Tel 0371-1234567", "Email: court@example.cn Tel 0371-1234567"),
    ("共计 1,250,000.50 元", "共计1,250,000.50元"),
])
def test_spaces_and_punctuation(raw, clean):
    assert normalise_line(raw) == clean


def test_text_drops_empty_lines():
    assert normalise_text(" 此 致 \n\n  \n 巩 义 市 人 民 法 院 ") == "此致\n巩义市人民法院"


@pytest.mark.parametrize("ocr, fixed", [
    ("（大写：喜拾贰万参什元整）", "（大写：壹拾贰万叁仟元整）"),
    ("人民币参万抽任元整（Y38000.00）", "人民币叁万捌仟元整（¥38000.00）"),
    ("（2023）耶0181民初12号", "（2023）豫0181民初12号"),
    ("〈2021）豫0181民初5号", "（2021）豫0181民初5号"),
    ("此臻", "此致"),
])
def test_post_correction_in_context(ocr, fixed):
    assert post_correct(ocr) == fixed
    assert len(post_correct(ocr)) == len(ocr)  # confidences stay aligned


@pytest.mark.parametrize("text", ["什么元素", "一共十个什元", "（2023）京0105民初1号", "这期节目"])
def test_post_correction_leaves_other_text_alone(text):
    assert post_correct(text) == text


def test_province_of_the_kiosk_is_used():
    assert post_correct("（2023）耶01民终1号", province="京") == "（2023）京01民终1号"


def test_cer():
    assert edit_distance("kitten", "sitting") == 3
    assert cer("此致 巩义市人民法院", "此致\n巩义市人民法院") == 0.0
    assert cer("此致巩义市人民法完", "此致巩义市人民法院") == pytest.approx(1 / 9)
    assert cer("", "") == 0.0 and cer("x", "") == 1.0
