"""网上缴费 as data (rules §9, annex 3): the proof of payment as the material a fee payment needs,
the notice as the court's live answer carries it (checked before use), its deadline and
countdown, the amount as money in figures, in capitals and as it is said aloud, and the lines of
the printed 电子交费单."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kiosk import spoken
from kiosk.flows.rules.case_types import CaseType, MaterialKind

FEE_PAYMENT = CaseType(
    "fee_payment", "交费凭证", ("applicant", "respondent"), "case",
    "交费凭证随交费通知提交给作出通知的法院。", "网上诉讼服务工作流程规定第九条",
    (MaterialKind("payment_proof", "银行缴存凭证", True,
                  "网上诉讼服务工作流程规定第九条"),))
"""The 'case type' of a proof packet: one material, the bank's receipt (rules §9)."""


@dataclass(frozen=True)
class Notice:
    """One fee notice from the court's signed answer; ``state``: unpaid | proof_sent | paid."""

    reference: str
    case_number: str
    court: str
    court_name: str
    amount: Decimal
    items: tuple[tuple[str, Decimal], ...]
    account_name: str
    account_no: str
    bank: str
    notice_at: float
    due_at: float
    qr: str
    overdue_text: str
    state: str
    slip: dict | None = None

    def overdue(self, wall: float) -> bool:
        return self.state not in ("paid",) and wall > self.due_at

    def as_json(self) -> dict:
        """What the proof packet names (``form.json``'s ``fee_notice``)."""
        return {"reference": self.reference, "case_number": self.case_number, "court": self.court,
                "amount_yuan": f"{self.amount:.2f}", "due_at": self.due_at}


def _money(value) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def parse_notice(data) -> Notice | None:
    """A notice from the answer, or None when a field it needs is missing or malformed (shown as
    nothing rather than as a wrong amount)."""
    if not isinstance(data, dict):
        return None
    amount = _money(data.get("amount_yuan"))
    reference = str(data.get("reference") or "").replace(" ", "")
    try:
        notice_at, due_at = float(data["notice_at"]), float(data["due_at"])
    except (KeyError, TypeError, ValueError):
        return None
    if amount is None or not reference.isdigit() or not data.get("account_no") or due_at <= notice_at:
        return None
    items = []
    for item in data.get("items") or [{"name": "诉讼费", "amount_yuan": str(amount)}]:
        value = _money(item.get("amount_yuan")) if isinstance(item, dict) else None
        if value is None:
            return None
        items.append((str(item.get("name") or ""), value))
    slip = data.get("slip") if isinstance(data.get("slip"), dict) else None
    return Notice(reference, str(data.get("case_number") or ""), str(data.get("court") or ""),
                  str(data.get("court_name") or ""), amount, tuple(items), str(data.get("account_name") or ""),
                  str(data["account_no"]), str(data.get("bank") or ""), notice_at, due_at,
                  str(data.get("qr") or f"court-fee:{reference}:{amount}"), str(data.get("overdue_text") or ""),
                  str(data.get("state") or "unpaid"), slip)


def grouped(reference: str) -> str:
    """1234567890123456 → 1234 5678 9012 3456 (read and typed in fours)."""
    return " ".join(reference[i:i + 4] for i in range(0, len(reference), 4))


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


DIGITS_CAPITAL = "零壹贰叁肆伍陆柒捌玖"
UNITS_CAPITAL = ("", "拾", "佰", "仟")


def capital(amount: Decimal) -> str:
    """The amount in capitals as a payment slip writes it: 2300.50 → 人民币贰仟叁佰元伍角."""
    cents = int((amount * 100).quantize(Decimal(1), ROUND_HALF_UP))
    yuan_part, rest = divmod(cents, 100)
    out, zero = "", False
    groups = []
    while yuan_part:
        yuan_part, group = divmod(yuan_part, 10000)
        groups.append(group)
    for gi in range(len(groups) - 1, -1, -1):
        group, part = groups[gi], ""
        for ui in range(3, -1, -1):
            digit = group // 10 ** ui % 10
            if digit:
                if zero and (out or part):
                    part += "零"
                part += DIGITS_CAPITAL[digit] + UNITS_CAPITAL[ui]
                zero = False
            else:
                zero = True
        if part:
            out += part + ("", "万", "亿", "万亿")[gi]
        elif gi:
            zero = True
    out = (out or "零") + "元"
    jiao, fen = divmod(rest, 10)
    if not rest:
        return f"人民币{out}整"
    if jiao:
        out += DIGITS_CAPITAL[jiao] + "角"
    elif fen:
        out += "零"
    if fen:
        out += DIGITS_CAPITAL[fen] + "分"
    return f"人民币{out}"


def said(amount: Decimal, lang: str = "zh") -> str:
    """The amount as the voice says it (两千三百元), never digit by digit."""
    return spoken.amount(amount, lang)


def countdown(notice: Notice, wall: float, t) -> str:
    """还剩 3 天 5 小时 / 今天 23:59 截止 / 已逾期 2 天."""
    left = notice.due_at - wall
    if left < 0:
        return t("fee.countdown.overdue", days=max(1, int(-left // 86400)))
    days, hours = int(left // 86400), int(left % 86400 // 3600)
    if days == 0:
        return t("fee.countdown.today", hours=hours)
    return t("fee.countdown.left", days=days, hours=hours)


def date_of(wall: float) -> str:
    return _time.strftime("%Y-%m-%d", _time.localtime(wall))


def slip_lines(slip: dict, who, t) -> tuple[str, tuple[str, ...], str, str]:
    """(title, lines, QR, footer) of the printed 电子交费单 (annex 3: printed, then taken to the
    court for the invoice)."""
    amount = _money(slip.get("amount_yuan")) or Decimal(0)
    lines = [t("fee.slip.court", court=slip.get("court_name", "")),
             t("fee.slip.case", case_number=slip.get("case_number", "")),
             t("fee.slip.payer", name=(who.name if who else slip.get("payer", "")),
               number=who.masked_number if who else "")]
    for item in slip.get("items") or []:
        lines.append(t("fee.slip.item", name=item.get("name", ""), amount=item.get("amount_yuan", "")))
    lines += [t("fee.slip.total", amount=yuan(amount), capital=capital(amount)),
              t("fee.slip.payee", account_name=slip.get("account_name", ""), bank=slip.get("bank", "")),
              t("fee.slip.account", account_no=slip.get("account_no", "")),
              t("fee.slip.reference", reference=grouped(str(slip.get("reference", "")))),
              t("fee.slip.number", slip_no=slip.get("slip_no", "")),
              t("fee.slip.confirmed", at=slip.get("confirmed_at", ""))]
    qr = f"court-fee-slip:{slip.get('slip_no', '')}:{slip.get('reference', '')}"
    return t("fee.slip.title"), tuple(lines), qr, t("fee.slip.footer")
