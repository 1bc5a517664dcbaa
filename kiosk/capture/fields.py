"""Field extraction from OCR text: document type, parties, IDs, phones, case numbers, amounts,
the court addressed, dates. Every value carries its page and the OCR confidence of its characters.

Numbers with check digits (身份证号, 统一社会信用代码) are repaired from OCR confusions (O/0, l/1, ...)
only when exactly one repair makes the check digit hold; repaired values are marked as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from stdnum.cn import ric, uscc

from kiosk.capture.cer import edit_distance
from kiosk.capture.numerals import CAPITAL_CHARS, capital_to_decimal, small_number

DOC_TYPES = ("再审申请书", "财产保全申请书", "证据保全申请书", "鉴定申请书", "强制执行申请书",
             "执行申请书", "民事上诉状", "行政上诉状", "刑事上诉状", "上诉状", "民事起诉状",
             "行政起诉状", "刑事自诉状", "起诉状", "民事答辩状", "答辩状", "证据目录", "证据清单",
             "授权委托书", "借条", "欠条", "收条", "借款合同", "合同", "转账凭证", "银行回单")
ROLES = ("再审申请人", "被上诉人", "被申请人", "上诉人", "申请人", "原告", "被告", "第三人",
         "答辩人", "借款人", "出借人")
ORG_SUFFIX = re.compile(r"(公司|厂|中心|银行|局|委员会|法院|检察院|医院|学校|大学|所|社|店|集团|政府|合作社|部)$")
LETTER_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1",
                                 "|": "1", "i": "1", "Z": "2", "z": "2", "S": "5", "s": "5",
                                 "B": "8", "b": "6", "G": "6", "g": "9"})
DIGIT_SWAPS = {"3": "89", "8": "30", "9": "3", "0": "8", "1": "7", "7": "1", "5": "6", "6": "5"}

ID_RE = re.compile(r"(?<![0-9A-Za-z])[0-9OoDQIl|iZzSsBbGg]{17}[0-9XxOoDQIl|iZzSsBbGg](?![0-9A-Za-z])")
USCC_RE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
CASE_RE = re.compile(r"[（(〔\[【]\s*((?:19|20)\d{2})\s*[）)〕\]】]\s*"
                     r"([\u4e00-\u9fff]\d{0,4})?\s*([\u4e00-\u9fff]{1,4}?)\s*(\d{1,6})\s*号")
ARABIC_RE = re.compile(r"(人民币|[¥￥]|RMB)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(万元|元)?")
CAPITAL_RE = re.compile(f"[{CAPITAL_CHARS[:-4]}]+[元圆](?:[零壹贰叁肆伍陆柒捌玖]角)?(?:[零壹贰叁肆伍陆柒捌玖]分)?[整正]?")
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九O]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


@dataclass(frozen=True)
class Value:
    """One extracted value: what it means, the text it came from, page (0-based), confidence 0-100."""

    value: object
    text: str
    page: int
    confidence: float
    repaired: bool = False


@dataclass(frozen=True)
class PartyValue:
    role: str
    name: str
    kind: str  # "person" or "org"
    page: int
    confidence: float
    id_number: str = ""
    credit_code: str = ""


@dataclass
class Fields:
    doc_type: Value | None = None
    parties: list[PartyValue] = field(default_factory=list)
    id_numbers: list[Value] = field(default_factory=list)
    credit_codes: list[Value] = field(default_factory=list)
    phones: list[Value] = field(default_factory=list)
    case_numbers: list[Value] = field(default_factory=list)
    amounts: list[Value] = field(default_factory=list)
    court: Value | None = None
    dates: list[Value] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        for item in data["amounts"]:
            item["value"] = _json_number(item["value"])
        return data


def _json_number(value) -> int | float:
    return int(value) if value == int(value) else float(value)


class _Page:
    """A page's text with line breaks removed (Chinese needs no spaces) and per-char confidences."""

    def __init__(self, index: int, text: str, confidences: list[float] | None):
        confs = confidences if confidences and len(confidences) == len(text) else [0.0] * len(text)
        self.index = index
        self.lines = text.split("\n")
        flat, conf = [], []
        for i, ch in enumerate(text):
            if ch == "\n":
                # Line breaks vanish in Chinese, except between two numbers (a phone then a date).
                if 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalnum() \
                        and text[i + 1].isascii() and text[i + 1].isalnum():
                    flat.append(" ")
                    conf.append(confs[i])
                continue
            flat.append(ch)
            conf.append(confs[i])
        self.flat = "".join(flat)
        self.conf = conf

    def confidence(self, start: int, end: int) -> float:
        span = self.conf[start:end]
        return round(min(span), 1) if span else 0.0


def _valid_id(number: str) -> bool:
    """GB 11643 check digit and a real birth date (stdnum's region table is too old to insist on)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        return number[17] == ric.calc_check_digit(number) and bool(ric.get_birth_date(number))
    except (ValueError, KeyError, ric.ValidationError):
        return False


def _repair(candidate: str, valid, alphabet_fix: bool = True) -> tuple[str, bool] | None:
    if valid(candidate):
        return candidate, False
    fixed = candidate.translate(LETTER_TO_DIGIT) if alphabet_fix else candidate
    if fixed[-1] in "xX":
        fixed = fixed[:-1] + "X"
    if fixed != candidate and valid(fixed):
        return fixed, True
    found = {fixed[:i] + alt + fixed[i + 1:] for i, ch in enumerate(fixed) for alt in DIGIT_SWAPS.get(ch, "")}
    good = [c for c in found if valid(c)]
    return (good[0], True) if len(good) == 1 else None


def _ids(page: _Page, out: Fields) -> None:
    for m in ID_RE.finditer(page.flat):
        fixed = _repair(m.group(0), _valid_id)
        if fixed:
            out.id_numbers.append(Value(fixed[0], m.group(0), page.index,
                                        page.confidence(m.start(), m.end()), fixed[1]))
    for m in USCC_RE.finditer(page.flat):
        text = m.group(0)
        if _valid_id(text) or not any(ch.isalpha() for ch in text[:17] + "A"):
            continue
        cand = text.translate(str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2", "V": "U"}))
        ok = cand if uscc.is_valid(cand) else None
        if ok:
            out.credit_codes.append(Value(ok, text, page.index, page.confidence(m.start(), m.end()),
                                          ok != text))


def _phones(page: _Page, out: Fields) -> None:
    for m in PHONE_RE.finditer(page.flat):
        before = page.flat[max(0, m.start() - 8):m.start()]
        if "身份" in before or "代码" in before:
            continue
        out.phones.append(Value(m.group(1), m.group(0), page.index, page.confidence(m.start(), m.end())))


def _cases(page: _Page, out: Fields) -> None:
    for m in CASE_RE.finditer(page.flat):
        year, court, kind, seq = m.groups()
        value = f"（{year}）{court or ''}{kind}{int(seq)}号"
        out.case_numbers.append(Value(value, m.group(0), page.index, page.confidence(m.start(), m.end())))


def _amounts(page: _Page, out: Fields) -> None:
    found: list[tuple[int, Value]] = []
    for m in ARABIC_RE.finditer(page.flat):
        prefix, whole, cents, unit = m.groups()
        if not (prefix or unit):
            continue
        following = page.flat[m.end():m.end() + 1]
        if (following and following in "年月日号页%") or (unit is None and not prefix):
            continue
        value = Decimal(whole.replace(",", "")) + (Decimal(f"0.{cents}") if cents else 0)
        if unit == "万元":
            value *= 10000
        found.append((m.start(), Value(value, m.group(0).strip(), page.index,
                                       page.confidence(m.start(), m.end()))))
    for m in CAPITAL_RE.finditer(page.flat):
        try:
            value = capital_to_decimal(m.group(0))
        except ValueError:
            continue
        found.append((m.start(), Value(value, m.group(0), page.index, page.confidence(m.start(), m.end()))))
    for _, v in sorted(found, key=lambda item: item[0]):
        if not any(o.value == v.value and o.page == v.page for o in out.amounts):
            twin = [o for _, o in found if o.value == v.value and o.text != v.text]
            conf = max([v.confidence] + [o.confidence for o in twin])  # both forms agree
            out.amounts.append(Value(v.value, v.text, v.page, conf))


def _dates(page: _Page, out: Fields) -> None:
    for m in DATE_RE.finditer(page.flat):
        _add_date(out, page, m, *(int(g) for g in m.groups()))
    for m in CN_DATE_RE.finditer(page.flat):
        try:
            _add_date(out, page, m, *(small_number(g) for g in m.groups()))
        except KeyError:
            continue


def _add_date(out: Fields, page: _Page, m: re.Match, y: int, mo: int, d: int) -> None:
    try:
        iso = dt.date(y, mo, d).isoformat()
    except ValueError:
        return
    out.dates.append(Value(iso, m.group(0), page.index, page.confidence(m.start(), m.end())))


def _court(page: _Page, out: Fields, court_names: tuple[str, ...]) -> None:
    for i, line in enumerate(page.lines):
        if "此致" not in line:
            continue
        rest = line.split("此致", 1)[1].strip()
        candidates = [rest] if rest else page.lines[i + 1:i + 3]
        for cand in candidates:
            cand = re.sub(r"\s+", "", cand)
            if "法院" in cand or "院" in cand[-2:]:
                name, repaired = _match_court(cand, court_names)
                start = page.flat.find(cand)
                conf = page.confidence(start, start + len(cand)) if start >= 0 else 0.0
                out.court = Value(name, cand, page.index, conf, repaired)
                return


def _match_court(text: str, names: tuple[str, ...]) -> tuple[str, bool]:
    """A misread court name snapped to the court directory when it is one character off."""
    if not names or text in names:
        return text, False
    scored = sorted((edit_distance(text, n), n) for n in names)
    if scored[0][0] <= 1 and (len(scored) == 1 or scored[1][0] > scored[0][0]):
        return scored[0][1], True
    return text, False


def _doc_type(pages: list[_Page], out: Fields) -> None:
    head = pages[0] if pages else None
    if head is None:
        return
    titles = [re.sub(r"\s+", "", line) for line in head.lines[:4]]
    for fuzzy in (False, True):
        for squeezed in titles:
            for kind in DOC_TYPES:
                close = kind in squeezed if not fuzzy else (
                    len(squeezed) == len(kind) >= 4 and edit_distance(squeezed, kind) <= 1)
                if close and len(squeezed) <= len(kind) + 6:
                    start = head.flat.find(squeezed)
                    conf = head.confidence(start, start + len(squeezed)) if start >= 0 else 0.0
                    out.doc_type = Value(kind, squeezed, 0, conf, fuzzy)
                    return


def _parties(page: _Page, out: Fields) -> None:
    role_re = "|".join(ROLES)
    for line_no, line in enumerate(page.lines):
        m = re.match(rf"\s*({role_re})(（[^）]{{0,10}}）)?[：:]\s*([^，,。；;\s]{{2,40}})", line)
        if not m:
            continue
        role, name = m.group(1), m.group(3)
        start = page.flat.find(line.strip())
        segment_end = page.flat.find("。", start) if start >= 0 else -1
        segment = page.flat[start:segment_end if segment_end > 0 else None] if start >= 0 else line
        id_number = next((v.value for v in out.id_numbers if v.page == page.index and v.text in segment), "")
        code = next((v.value for v in out.credit_codes if v.page == page.index and v.text in segment), "")
        kind = "org" if code or ORG_SUFFIX.search(name) else "person"
        conf = page.confidence(start + m.start(3), start + m.end(3)) if start >= 0 else 0.0
        out.parties.append(PartyValue(role, name, kind, page.index, conf, id_number, code))
    m = re.search(r"今借到([\u4e00-\u9fff]{2,4}?)(?:人民币|现金|￥|¥)", page.flat)
    if m and not any(p.role == "出借人" for p in out.parties):
        out.parties.append(PartyValue("出借人", m.group(1), "person", page.index,
                                      page.confidence(m.start(1), m.end(1))))


def extract(pages: list[tuple[str, list[float] | None]], court_names: tuple[str, ...] = ()) -> Fields:
    """All fields of a material from its pages' text (and per-character confidences)."""
    parsed = [_Page(i, text, confs) for i, (text, confs) in enumerate(pages)]
    out = Fields()
    _doc_type(parsed, out)
    for page in parsed:
        _ids(page, out)
        _phones(page, out)
        _cases(page, out)
        _amounts(page, out)
        _dates(page, out)
        _parties(page, out)
        if out.court is None:
            _court(page, out, court_names)
    return out
