"""Validators that judge a number while it is typed: ID number, phone, lawyer licence, case number.

Each returns an ``InputState``: ``incomplete`` (nothing wrong yet, keep typing), ``valid``, or
``invalid`` with a message key and the plain Chinese to show. They are pure (no Kivy, no devices):
the keypad widgets import them, so they must not import ``drivers`` either. The ID check uses
python-stdnum's MOD 11-2 and region table, as ``drivers/idcard/idnumber.py`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from stdnum.iso7064 import mod_11_2

Status = Literal["incomplete", "valid", "invalid"]
KINDS = ("id_number", "phone", "licence", "case_number")


@dataclass(frozen=True)
class InputState:
    status: Status
    value: str
    key: str = ""
    message: str = ""
    parts: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def _ok(value: str, key: str, message: str, **parts) -> InputState:
    return InputState("valid", value, key, message, dict(parts))


def _wait(value: str, key: str, message: str, **parts) -> InputState:
    return InputState("incomplete", value, key, message, dict(parts))


def _bad(value: str, key: str, message: str) -> InputState:
    return InputState("invalid", value, key, message)


_FULLWIDTH = str.maketrans("０１２３４５６７８９（）ｘ", "0123456789()X")


def _clean(text: str) -> str:
    return text.translate(_FULLWIDTH).replace(" ", "").replace("x", "X")


# --- resident ID number (GB 11643) -------------------------------------------------------------


def _region_known(prefix: str) -> bool:
    if prefix.startswith(("81", "82", "83")):  # Hong Kong, Macao, Taiwan residence permits
        return True
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(prefix) for k, v in props.items()}
    return "province" in info and "county" in info


def _birth(digits: str) -> date | None:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if date(1900, 1, 1) <= born <= date.today() else None


def check_id_number(text: str) -> InputState:
    """18 characters: region, birth date, sequence, MOD 11-2 check (X only last)."""
    value = _clean(text)
    if not re.fullmatch(r"\d*X?", value) or len(value) > 18 or ("X" in value and len(value) != 18):
        if "X" in value[:-1] or (value.endswith("X") and len(value) < 18):
            return _bad(value, "id.x_not_last", "X 只能是身份证号码的最后一位")
        if len(value) > 18:
            return _bad(value, "id.too_long", "身份证号码是18位，多输了，请删掉多余的")
        return _bad(value, "id.not_digit", "身份证号码只有数字，最后一位可能是 X")
    # A 2023 foreign permanent residence number starts with 9 and has no region prefix.
    if len(value) >= 6 and not value.startswith("9") and not _region_known(value[:6]):
        return _bad(value, "id.region", "前6位地区码不对，请对照证件检查")
    if len(value) >= 14 and _birth(value[6:14]) is None:
        return _bad(value, "id.birth", "第7到14位应是出生日期（年月日），请对照证件检查")
    if len(value) < 18:
        return _wait(value, "id.incomplete", f"还差{18 - len(value)}位", left=18 - len(value))
    if mod_11_2.calc_check_digit(value[:17]) != value[17]:
        return _bad(value, "id.check_digit", "最后一位校验码不对，号码中有输错的数字，请对照证件检查")
    return _ok(value, "id.ok", "身份证号码格式正确", birth=value[6:14])


# --- phone -------------------------------------------------------------------------------------


def check_phone(text: str) -> InputState:
    """Mobile: 11 digits, 1 then 3-9. Landline: 0 + area code + number, 10-12 digits, '-' allowed."""
    value = _clean(text)
    digits = value.replace("-", "")
    if not re.fullmatch(r"[\d-]*", value) or value.startswith("-") or "--" in value:
        return _bad(value, "phone.not_digit", "电话号码只输入数字")
    if not digits:
        return _wait(value, "phone.empty", "请输入手机号码，或带区号的座机号码")
    if digits[0] == "1":
        if "-" in value:
            return _bad(value, "phone.mobile_dash", "手机号码不用加横线")
        if len(digits) >= 2 and digits[1] not in "3456789":
            return _bad(value, "phone.mobile_prefix", "手机号码第二位应是3到9")
        if len(digits) < 11:
            return _wait(value, "phone.incomplete", f"手机号码是11位，还差{11 - len(digits)}位",
                         left=11 - len(digits))
        if len(digits) > 11:
            return _bad(value, "phone.too_long", "手机号码是11位，多输了")
        return _ok(digits, "phone.mobile_ok", "手机号码格式正确", kind="mobile")
    if digits[0] == "0":
        if len(digits) >= 2 and digits[1] == "0":
            return _bad(value, "phone.area", "区号以0开头，第二位不是0")
        if len(digits) < 10:
            return _wait(value, "phone.landline_incomplete", "座机号码请加区号，例如 0371-64123456")
        if len(digits) > 12:
            return _bad(value, "phone.too_long", "座机号码（含区号）最多12位，多输了")
        return _ok(digits, "phone.landline_ok", "座机号码格式正确", kind="landline")
    return _bad(value, "phone.prefix", "手机号码以1开头；座机号码请先输区号（以0开头）")


# --- lawyer licence ----------------------------------------------------------------------------


def check_licence(text: str) -> InputState:
    """A lawyer's practising certificate number (律师执业证号): 17 digits."""
    value = _clean(text)
    if not value.isdigit() and value:
        return _bad(value, "licence.not_digit", "律师执业证号只有数字")
    if len(value) < 17:
        return _wait(value, "licence.incomplete", f"执业证号是17位，还差{17 - len(value)}位",
                     left=17 - len(value))
    if len(value) > 17:
        return _bad(value, "licence.too_long", "执业证号是17位，多输了")
    return _ok(value, "licence.ok", "执业证号格式正确")


# --- case number (案号) ------------------------------------------------------------------------

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"
# Type words (类型代字) of the Supreme People's Court's rules on case numbers, the common ones.
CASE_TYPES = ("民初", "民终", "民申", "民再", "民撤", "民特", "民督", "民催", "民辖", "民抗",
              "刑初", "刑终", "刑申", "刑再", "行初", "行终", "行申", "行再", "行审", "行审复",
              "执", "执恢", "执保", "执异", "执复", "执监", "执协", "财保", "行保", "证保",
              "破", "破申", "赔", "司救")
CASE_FORMAT_HELP = "格式：（年份）法院代字 类型代字 序号 号，如（2024）豫0181民初1187号"
CASE_EXAMPLE = "案号格式：（2024）豫0181民初1187号"
_CASE = re.compile(r"（(\d{4})）(最高法|[" + PROVINCES + r"]\d{0,4})([\u4e00-\u9fff]{1,3}?)(\d{1,6})号")


def normalise_case_number(text: str) -> str:
    value = _clean(text).replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    if value and value[0].isdigit():
        value = "（" + value  # the keypad's first tap is often the year
    return value


def _case_prefix_ok(value: str) -> str | None:
    """None when ``value`` can still become a case number, else the message key of the fault."""
    pos, n = 0, len(value)
    if value[:1] != "（":
        return "case.open"
    pos = 1
    year = re.match(r"\d{0,4}", value[pos:]).group()
    pos += len(year)
    if pos == n:
        return None
    if len(year) < 4 or value[pos] != "）":
        return "case.year"
    if not 1990 <= int(year) <= date.today().year:
        return "case.year_range"
    pos += 1
    if pos == n:
        return None
    rest = value[pos:]
    if rest.startswith("最高法") or "最高法".startswith(rest):
        pos += min(3, len(rest))
    elif rest[0] in PROVINCES:
        pos += 1 + len(re.match(r"\d{0,4}", rest[1:]).group())
    else:
        return "case.court"
    if pos == n:
        return None
    words = re.match(r"[\u4e00-\u9fff]*", value[pos:]).group()
    if words and not any(t.startswith(words) or words == t for t in CASE_TYPES):
        return "case.type"
    pos += len(words)
    if pos == n:
        return None
    if words not in CASE_TYPES:
        return "case.type"
    serial = re.match(r"\d*", value[pos:]).group()
    pos += len(serial)
    if pos == n:
        return None
    if serial and value[pos:] == "号":
        return None
    return "case.serial"


_CASE_MESSAGES = {
    "case.open": "案号以括号和年份开头",
    "case.year": "括号里是4位年份",
    "case.year_range": "年份不对",
    "case.court": "年份后面是法院代字，例如 豫0181",
    "case.type": "法院代字后面是类型代字，例如 民初、民终、执",
    "case.serial": "类型代字后面是序号数字，最后是“号”",
}


def check_case_number(text: str) -> InputState:
    """（2024）豫0181民初1187号 → year, court code, type word, serial; ASCII brackets accepted."""
    value = normalise_case_number(text)
    if not value:
        return _wait(value, "case.empty", CASE_FORMAT_HELP)
    fault = _case_prefix_ok(value)
    if fault is not None:
        return _bad(value, fault, f"{_CASE_MESSAGES[fault]}。\n{CASE_FORMAT_HELP}")
    if not value.endswith("号") and re.fullmatch(_CASE.pattern[:-1], value):
        value += "号"  # the closing 号 is implied once the serial is there
    match = _CASE.fullmatch(value)
    if match is None or match.group(3) not in CASE_TYPES:
        return _wait(value, "case.incomplete", CASE_EXAMPLE)
    year, court, kind, serial = match.groups()
    return _ok(value, "case.ok", "案号格式正确", year=int(year), court=court, type=kind,
               serial=int(serial))


VALIDATORS = {"id_number": check_id_number, "phone": check_phone, "licence": check_licence,
              "case_number": check_case_number}


def check(kind: str, text: str) -> InputState:
    try:
        return VALIDATORS[kind](text)
    except KeyError:
        raise ValueError(f"unknown keypad kind {kind!r}; one of {', '.join(KINDS)}") from None
