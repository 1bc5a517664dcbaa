"""Dynamic values as people say them, for the speech engine (Chinese and English).

Why: espeak-ng reads "410181199001011234" as one huge number and "100000元" digit-less in odd
ways. Counter staff read identifiers digit by digit in short groups, with 1 as 幺 (yāo, never
confused with 七) and an ID card's check character X as 叉 (chā), the telephone convention;
amounts as money (十万元, 两千零五元五角); dates as dates (二零二四年三月五日).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

DIGIT_ZH = dict(zip("0123456789", "零幺二三四五六七八九"))
COUNT_ZH = "零一二三四五六七八九"
DIGIT_EN = dict(zip("0123456789", ("zero", "one", "two", "three", "four", "five", "six",
                                   "seven", "eight", "nine")))
PAUSE = {"zh": "，", "en": ", "}


def _digits(chars: str, lang: str) -> str:
    if lang == "en":
        return " ".join(DIGIT_EN.get(c, c) for c in chars.upper())
    return "".join(DIGIT_ZH.get(c, "叉" if c in "xX" else c) for c in chars)


def _groups(value: str, sizes: tuple[int, ...], lang: str) -> str:
    parts, start = [], 0
    for size in sizes:
        if start >= len(value):
            break
        parts.append(value[start:start + size])
        start += size
    if start < len(value):
        parts.append(value[start:])
    return PAUSE[lang].join(_digits(p, lang) for p in parts)


def id_number(value: str, lang: str = "zh") -> str:
    """An ID card number in groups: region (6), year (4), month and day (4), the last four."""
    value = re.sub(r"\s", "", value)
    return _groups(value, (6, 4, 4, 4), lang)


def phone(value: str, lang: str = "zh") -> str:
    """A mobile (3-4-4) or a landline with its area code (area code, then groups of four)."""
    value = re.sub(r"[\s-]", "", value)
    if len(value) == 11 and value.startswith("1"):
        return _groups(value, (3, 4, 4), lang)
    if value.startswith("0") and len(value) in (11, 12):
        area = 3 if value[1] in "12" else 4  # 010, 02x: three digits; others four
        return _groups(value, (area, 4, 4), lang)
    return _groups(value, (4,) * (len(value) // 4 + 1), lang)


def case_number(value: str, lang: str = "zh") -> str:
    """（2024）豫0181民初1234号 → 二零二四年，豫零幺八幺，民初，幺二三四号: every digit read."""
    match = re.fullmatch(r"[（(](\d{4})[）)]\s*(\D*?)(\d+)(\D+?)(\d+)\s*号?", value.strip())
    if match is None:
        return _digits(value, lang)
    year, prefix, court, kind, seq = match.groups()
    if lang == "en":
        # The Chinese parts (province, case kind) stay on screen; English speech reads digits.
        return f"year {_digits(year, 'en')}, court {_digits(court, 'en')}, " \
               f"number {_digits(seq, 'en')}"
    year_zh = "".join("零" if c == "0" else DIGIT_ZH[c] if c != "1" else "一" for c in year)
    return f"{year_zh}年，{prefix}{_digits(court, lang)}，{kind}，{_digits(seq, lang)}号"


def _section(n: int) -> str:
    """0 < n < 10000 in Chinese counting (一千零五, 二百一十)."""
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, n = divmod(n, size)
        if digit:
            if zero and out:
                out += "零"
            out += COUNT_ZH[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def count_zh(n: int) -> str:
    """A whole number as counted aloud: 100000 → 十万, 2000 → 两千, 10005 → 一万零五."""
    if n == 0:
        return "零"
    sections = []  # groups of four digits, highest first
    while n:
        n, section = divmod(n, 10000)
        sections.insert(0, section)
    units = ("", "万", "亿", "万亿")
    out, gap = "", False
    for i, section in enumerate(sections):
        if section == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or section < 1000):
            out += "零"
        out += _section(section) + units[len(sections) - 1 - i]
        gap = False
    if out.startswith("一十"):
        out = out[1:]
    return re.sub(r"^二(?=[千万亿])", "两", out)


def amount(value: Decimal | float | int | str, lang: str = "zh") -> str:
    """Money in yuan: 100000 → 十万元; 1234.5 → 一千二百三十四元五角; 0.05 → 五分."""
    cents = int((Decimal(str(value)) * 100).quantize(Decimal(1), ROUND_HALF_UP))
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if lang == "en":
        return f"{yuan:,}.{rest:02d} yuan" if rest else f"{yuan:,} yuan"
    out = f"{count_zh(yuan)}元" if yuan else ""
    if jiao:
        out += COUNT_ZH[jiao] + "角"
    elif fen and yuan:
        out += "零"
    if fen:
        out += COUNT_ZH[fen] + "分"
    return out or "零元"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def date(value: dt.date | str, lang: str = "zh") -> str:
    """2024-03-05 → 二零二四年三月五日 (year digit by digit, month and day counted)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value.strip()[:10])
    if lang == "en":
        return f"{MONTHS_EN[value.month - 1]} {value.day}, {value.year}"
    year = "".join("零一二三四五六七八九"[int(c)] for c in str(value.year))
    return f"{year}年{count_zh(value.month)}月{count_zh(value.day)}日"


CASE_RE = re.compile(r"[（(]\d{4}[）)][\u4e00-\u9fff]{0,2}\d{2,6}[\u4e00-\u9fff]{1,4}\d+号")
ID_RE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
AMOUNT_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d{1,2})?)\s*元")
DATE_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def speakable(text: str, lang: str = "zh") -> str:
    """A sentence for the voice with its dynamic values said as people say them: case numbers,
    ID and phone numbers digit by digit, amounts in yuan as money, ISO dates as dates. The flows
    pass every step prompt through it (``kiosk.flows.engine``), so a prompt never needs to."""
    text = CASE_RE.sub(lambda m: case_number(m.group(0), lang), text)
    text = ID_RE.sub(lambda m: id_number(m.group(0), lang), text)
    text = PHONE_RE.sub(lambda m: phone(m.group(0), lang), text)
    text = AMOUNT_RE.sub(lambda m: amount(m.group(1), lang), text)

    def as_date(m) -> str:
        try:
            return date(m.group(1), lang)
        except ValueError:
            return m.group(1)

    return DATE_RE.sub(as_date, text)
