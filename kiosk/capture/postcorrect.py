"""Context rules that repair tesseract chi_sim's systematic misreadings in court filings.

Each rule fires only in a context where the intended text is certain, and replaces character for
character (so per-character confidences stay aligned):

* capital amounts (大写：壹拾贰万叁仟元整): look-alikes (什→仟, 参→叁, 喜→壹, ...) inside a run that
  ends in 元 and parses as an amount once repaired;
* the currency sign before a price in brackets (Y / # → ¥);
* the province character of a case number, which must be a province abbreviation: anything else
  there becomes the kiosk's own province;
* a semicolon right after a short label at the start of a line (原告；张三 → 原告：张三);
* a short list of legal-vocabulary misreadings that are not words themselves (此臻 → 此致).
"""

from __future__ import annotations

import re

from kiosk.capture.numerals import capital_to_decimal

CAPITAL_LOOKALIKES = {
    "仟": "什仔忏任", "佰": "伯", "拾": "恰抬拴", "壹": "喜查壶", "贰": "武式弍", "叁": "参垒",
    "肆": "峙肄律", "伍": "位", "陆": "际陌", "柒": "染杂", "捌": "抽扒挪", "玖": "玫攻", "零": "雾",
}
_FIX = {wrong: right for right, wrongs in CAPITAL_LOOKALIKES.items() for wrong in wrongs}
_GENUINE = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
_RUN = re.compile(f"[{_GENUINE}{''.join(_FIX)}]{{2,20}}(?=[元圆])")
_YUAN_SIGN = re.compile(r"(?<=[（(：]|币)[Y#羊半¥￥](?=\s*\d)")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台兵"
_CASE_PROVINCE = re.compile(r"(?<=[（(〈]\d{4}[）)〉])([^\d\s])(?=\d{2,4}[\u4e00-\u9fff])")
_BRACKET_YEAR = re.compile(r"〈(?=\d{4}[）)])")
_LABEL_SEMICOLON = re.compile(r"^([\u4e00-\u9fff]{2,6})[；;](?=\S)")
PHRASES = {"此臻": "此致", "荣阳": "荥阳", "涡山": "嵩山", "计期": "逾期", "谊期": "逾期"}


def _capital(match: re.Match) -> str:
    run = match.group(0)
    fixed = "".join(_FIX.get(ch, ch) for ch in run)
    if fixed == run:
        return run
    genuine = sum(ch in _GENUINE for ch in run)
    before = match.string[max(0, match.start() - 3):match.start()]
    after = match.string[match.end():match.end() + 2]
    certain = before.endswith(("大写：", "大写:", "人民币")) or after == "元整"
    if genuine == 0 or (genuine * 2 < len(run) and not certain):
        return run
    try:
        capital_to_decimal(fixed + "元")
    except ValueError:
        return run
    return fixed


def post_correct(line: str, province: str = "豫") -> str:
    """``line`` with the context rules applied (same length as the input)."""
    line = _LABEL_SEMICOLON.sub(r"\1：", line)  # "原告；张三": a label's colon misread
    line = _RUN.sub(_capital, line)
    line = _YUAN_SIGN.sub("¥", line)
    line = _BRACKET_YEAR.sub("（", line)
    line = _CASE_PROVINCE.sub(lambda m: m.group(1) if m.group(1) in PROVINCES else province, line)
    for wrong, right in PHRASES.items():
        line = line.replace(wrong, right)
    return line
