"""Post-correction of tesseract's Chinese output.

Tesseract's chi_sim puts spaces between Chinese characters and around punctuation and often reads
full-width punctuation as ASCII (``:`` for ``：``). Chinese filings use full-width punctuation next to
Chinese text, so both are put back; digits and Latin words keep their own spacing. Confusions inside
numbers (O/0, l/1) are left alone here: the field extractor repairs them only when a check digit holds.
"""

from __future__ import annotations

import re

from kiosk.capture.postcorrect import post_correct

# CJK ideographs, CJK symbols and punctuation, full-width forms.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_RE = f"[{_CJK}]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK_RE})[ \t]+|[ \t]+(?={_CJK_RE})")
_FULL = {":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_ASCII_NEAR_CJK = re.compile(rf"(?<={_CJK_RE})([:;!?,])|([:;!?,])(?={_CJK_RE}|$)")
_PERIOD_AFTER_CJK = re.compile(rf"(?<={_CJK_RE})\.(?!\d)")
_PARENS = re.compile(r"[()]")
_STRAY_SPACES = re.compile(r"[ \t]{2,}")


def _full_width_punct(match: re.Match) -> str:
    ch = match.group(1) or match.group(2)
    return "，" if ch == "," else _FULL[ch]


def _full_paren(match: re.Match) -> str:
    return _FULL[match.group(0)]


def normalise_line(line: str, province: str = "豫") -> str:
    """One OCR line made to read like the typed original."""
    line = line.strip()
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _PARENS.sub(_full_paren, line)
    line = _ASCII_NEAR_CJK.sub(_full_width_punct, line)
    line = _PERIOD_AFTER_CJK.sub("。", line)
    # Spaces left between a full-width mark and ASCII digits: （ 2024 ） → （2024）
    line = re.sub(r"(?<=[（）：，；])\s+|\s+(?=[（）：，；])", "", line)
    return post_correct(_STRAY_SPACES.sub(" ", line), province)


def normalise_text(text: str) -> str:
    """Every line normalised; empty lines dropped."""
    lines = (normalise_line(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def is_cjk(ch: str) -> bool:
    return bool(re.match(_CJK_RE, ch))
