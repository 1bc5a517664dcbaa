"""Chinese numerals as written on legal documents: capital amounts (贰拾万元整) and 〇-style dates."""

from __future__ import annotations

from decimal import Decimal

CAPITAL_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
CAPITAL_DIGITS.update({"两": 2, "〇": 0})
SMALL_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
SMALL_DIGITS.update({"零": 0, "O": 0, "o": 0, "两": 2})
UNITS = {"拾": 10, "佰": 100, "仟": 1000, "十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CAPITAL_CHARS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正"


def capital_to_decimal(text: str) -> Decimal:
    """贰拾万元整 -> 200000, 壹万零伍拾元伍角 -> 10050.5; ValueError if it is not an amount."""
    total = Decimal(0)
    section = 0  # value below the current 万/亿 group
    current: int | None = None
    integer_done = False
    seen = False
    for ch in text:
        if ch in "整正" or ch.isspace():
            continue
        if ch in CAPITAL_DIGITS:
            current = CAPITAL_DIGITS[ch]
            seen = True
        elif ch in UNITS and not integer_done:
            section += (current if current is not None else 1) * UNITS[ch]
            current, seen = None, True
        elif ch in BIG_UNITS and not integer_done:
            group = section + (current or 0)
            if ch == "万" and total >= BIG_UNITS["亿"] and group == 0:
                group = 0
            total = (total + group) * BIG_UNITS[ch] if ch == "亿" else total + group * BIG_UNITS[ch]
            section, current = 0, None
        elif ch in "元圆":
            total += section + (current or 0)
            section, current, integer_done = 0, None, True
        elif ch == "角" and current is not None:
            total += Decimal(current) / 10
            current = None
        elif ch == "分" and current is not None:
            total += Decimal(current) / 100
            current = None
        else:
            raise ValueError(f"not a capital amount: {text!r}")
    if not seen:
        raise ValueError(f"not a capital amount: {text!r}")
    if not integer_done:
        total += section + (current or 0)
    return total


def small_number(text: str) -> int:
    """二〇二三 -> 2023 (digit by digit) and 十二 / 二十八 -> 12 / 28 (with 十)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (SMALL_DIGITS[tens] if tens else 1) * 10 + (SMALL_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + SMALL_DIGITS[ch]
    return value
