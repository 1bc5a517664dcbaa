"""ID number checks (GB 11643, ISO 7064 MOD 11-2), gender and nation names from their codes."""

from __future__ import annotations

import re
from datetime import date

from stdnum.iso7064 import mod_11_2

GENDERS = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

NATIONS = dict(enumerate((
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
    "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split(), start=1))
NATIONS.update({97: "其他", 98: "外国血统中国籍人士"})

HMT_PREFIXES = ("810000", "820000", "830000")
_EIGHTEEN = re.compile(r"^\d{17}[\dX]$")
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}\d{12}$")


def gender_name(code: str) -> str:
    return GENDERS.get(code.strip(), "未知")


def nation_name(code: str) -> str | None:
    """Nation name without 族 (as printed on the card), None when absent or unknown."""
    code = code.strip()
    return NATIONS.get(int(code)) if code.isdigit() else None


def parse_date(text: str) -> date | None:
    """YYYYMMDD → date; None for anything else (including 长期)."""
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _checksum_ok(number: str) -> bool:
    return mod_11_2.calc_check_digit(number[:17]) == number[17]


def _birth_ok(digits: str, birth: date | None) -> bool:
    born = parse_date(digits)
    return born is not None and born <= date.today() and (birth is None or born == birth)


def _region_ok(number: str) -> bool:
    """A known region code (any era: a number keeps the code it was issued under)."""
    if number.startswith(HMT_PREFIXES):
        return True
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    return "province" in info and "county" in info


def resident_number_valid(number: str, birth: date | None = None) -> bool:
    """18-character resident / HMT permit number: format, region prefix, birth date, check digit."""
    return (bool(_EIGHTEEN.match(number)) and _checksum_ok(number)
            and _birth_ok(number[6:14], birth) and _region_ok(number))


def foreign_2023_number_valid(number: str, birth: date | None = None) -> bool:
    """2023 permanent residence number: 9, province, ISO numeric nationality, birth date, check."""
    return (bool(_EIGHTEEN.match(number)) and number[0] == "9" and _checksum_ok(number)
            and _birth_ok(number[6:14], birth))


def foreign_2017_number_valid(number: str, nationality: str = "", birth: date | None = None) -> bool:
    """2017 card number: nationality letters, 2-digit office, YYMMDD birth, sequence and digit.

    The last digit's algorithm is not public, so this checks the structure and the birth date only.
    """
    if not _FOREIGN_2017.match(number):
        return False
    if nationality and number[:3] != nationality:
        return False
    if birth is not None and number[5:11] != birth.strftime("%y%m%d"):
        return False
    return True
