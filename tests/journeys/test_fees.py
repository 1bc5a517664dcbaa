"""网上缴费 as pure transitions: the card asks the court for this person's notices; one notice in
full (amount said as money, payee account, items, deadline counting down, the QR code from the
payment reference); an overdue notice says what happens next and shows no QR code; the proof
scanned and checked; the packet names the notice; the court's confirmation prints the
电子交费单; a silent court and an unreadable proof are said plainly, nothing lost."""

from __future__ import annotations

from kiosk.flows.effects import AskFeeNotices, DocumentShown, PrintReceipt, SealPacket, Speak, WatchFeeAnswer
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, CourtAnswered, CourtUnreachable, FeeAnswered,
                                NextTapped, OptionChosen, PacketStateChanged, ReceiptPrinted,
                                RecognitionFailed)
from kiosk.flows.rules.fees import capital
from kiosk.flows.shell import ScreenTouched, TileTapped
from tests.journeys.conftest import ZHANG

CASE = "（2025）豫0102民初88号"
WALL = 1_767_000_000.0
OVERDUE_TEXT = "交费期限已过。未按期交纳，又未获准缓交、减交、免交的，法院可依法按撤诉处理。"


def notice(reference="1234567890123456", *, notice_at=WALL - 86_400, days=7, state="unpaid", **extra):
    return {"case_number": CASE, "amount_yuan": "2300.00", "account_name": "巩义市人民法院诉讼费专户",
            "account_no": "4100 1555 0100 5020 0001", "bank": "中国建设银行巩义市支行", "pay_within_days": 7,
            "reference": reference, "items": [{"name": "案件受理费", "amount_yuan": "2300.00"}],
            "court": "豫0102", "court_name": "郑州市中原区人民法院", "notice_at": notice_at,
            "due_at": notice_at + days * 86_400, "qr": f"court-fee:{reference}:2300.00",
            "overdue_text": OVERDUE_TEXT, "state": state, "recipient": "ab" * 32, **extra}


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def to_notices(d):
    d.send(ScreenTouched())
    d.send(TileTapped("fee_payment"))
    assert d.step == "identify"
    effects = d.send(CardRead(ZHANG))
    assert d.step == "notice", "the card alone asks: no 下一步 to find"
    return effects


def test_one_notice_in_full_then_the_proof_then_the_slip(driver):
    d = driver
    (ask,) = [e for e in to_notices(d) if isinstance(e, AskFeeNotices)]
    assert ask.kind == "fees" and ask.id_number == ZHANG.id_number and ZHANG.id_number not in repr(ask)
    assert view(d).status == "asking" and not view(d).can_continue
    said = d.send(CourtAnswered("fees", "ok", {"notices": [notice()]}, ticket=1))
    v = view(d)
    detail = v.detail
    assert v.rows == () and detail is not None, "a single notice opens at once"
    assert detail.amount == "2,300.00 元" and detail.capital == "人民币贰仟叁佰元整"
    assert detail.items == ("案件受理费：2,300.00 元",)
    assert "户名：巩义市人民法院诉讼费专户" in detail.payee and "开户行：中国建设银行巩义市支行" in detail.payee
    assert "缴费编号：1234 5678 9012 3456（转账时请填在附言中）" in detail.payee
    assert detail.qr == "court-fee:1234567890123456:2300.00" and not detail.overdue
    assert detail.countdown.startswith("还剩 5 天") or detail.countdown.startswith("还剩 6 天")
    (voice,) = [e.text for e in said if isinstance(e, Speak)]
    assert "两千三百元" in voice and "2300" not in voice, "the amount is said as money"
    assert v.primary == "上传交费凭证" and v.can_continue
    d.send(NextTapped())
    assert d.step == "proof"
    assert d.dossier.court == "豫0102" and d.dossier.case_ref == CASE and d.dossier.case_type == "fee_payment"
    assert dict(d.dossier.fee_notice)["reference"] == "1234567890123456"
    assert [k for k, *_ in view(d).required] == ["payment_proof"]
    d.send(ActionTapped("add", "payment_proof"))
    d.scan("m01")
    d.send(NextTapped())
    assert d.step == "check" and view(d).problems == ()
    effects = d.send(NextTapped())
    (seal,) = [e for e in effects if isinstance(e, SealPacket)]
    assert seal.filing.kind == "fee_proof" and seal.filing.case_ref == CASE
    assert seal.filing.jurisdiction_court == "豫0102"
    assert seal.filing.form["fee_notice"]["reference"] == "1234567890123456", "the packet names its notice"
    assert [m["doc_type"] for m in seal.filing.materials] == ["payment_proof"]
    d.seal("0190-proof")
    assert d.step == "status"
    assert any(isinstance(e, WatchFeeAnswer) and e.packet_id == "0190-proof" for e in d.effects)
    d.send(PacketStateChanged("0190-proof", "received"))
    assert view(d).headline == "法院已收到交费凭证"
    slip = {"slip_no": "JF2025000001", "reference": "1234567890123456", "case_number": CASE,
            "court_name": "郑州市中原区人民法院", "payer": "张三", "amount_yuan": "2300.00",
            "items": [{"name": "案件受理费", "amount_yuan": "2300.00"}], "account_name": "巩义市人民法院诉讼费专户",
            "account_no": "4100 1555 0100 5020 0001", "bank": "中国建设银行巩义市支行",
            "confirmed_at": "2025-12-30 10:00"}
    effects = d.send(FeeAnswered("0190-proof", "paid", "", slip, doc_id="doc-paid"))
    assert [(e.doc_id, e.how) for e in effects if isinstance(e, DocumentShown)] == [("doc-paid", "paid")]
    (printed,) = [e for e in effects if isinstance(e, PrintReceipt)]
    assert printed.title == "电子交费单" and printed.footer == "请凭本交费单到法院领取诉讼费发票"
    assert "交费单号：JF2025000001" in printed.lines and "合计：2,300.00元（人民币贰仟叁佰元整）" in printed.lines
    assert "交费人：张三 410***********4517" in printed.lines, "the payer's ID number masked"
    assert view(d).headline == "法院已确认交费" and "JF2025000001" in view(d).detail
    d.send(PacketStateChanged("0190-proof", "received"))  # a late receipt changes nothing
    assert view(d).headline == "法院已确认交费"
    d.send(ReceiptPrinted())
    assert view(d).receipt.startswith("电子交费单已打印")
    events = [e["event"] for e in d.dossier.audit]
    for name in ("court_query", "court_answered_query", "fee_notice_chosen", "sealed", "fee_slip_printed"):
        assert name in events, name
    assert ZHANG.id_number not in repr(d.dossier.audit)


def test_a_confirmation_arriving_after_the_person_left_is_not_closed_as_handed_over(driver):
    """The 电子交费单 is kept for the next visit when nobody was at the fee status step to get it:
    no ``DocumentShown``, so the session's end does not close (and purge) the court's decision."""
    d = driver
    to_notices(d)
    d.send(CourtAnswered("fees", "ok", {"notices": [notice()]}, ticket=1))
    d.send(NextTapped())
    d.send(ActionTapped("add", "payment_proof"))
    d.scan("m01")
    d.send(NextTapped())
    d.send(NextTapped())
    d.seal("0190-proof")
    assert d.step == "status"
    d.send(NextTapped())  # 完成 before the court answered: back to the services
    assert d.state.journey is None and d.state.screen == "home"
    effects = d.send(FeeAnswered("0190-proof", "paid", "", {"slip_no": "JF1"}, doc_id="doc-paid"))
    assert not [e for e in effects if isinstance(e, (DocumentShown, PrintReceipt))], effects


def test_a_list_an_overdue_notice_says_what_happens_next_and_a_paid_one_prints_again(driver):
    d = driver
    to_notices(d)
    overdue = notice("1111222233334444", notice_at=WALL - 10 * 86_400)
    paid = notice("5555666677778888", state="paid", slip={"slip_no": "JF2025000007", "amount_yuan": "50.00",
                                                           "reference": "5555666677778888", "case_number": CASE})
    d.send(CourtAnswered("fees", "ok", {"notices": [overdue, paid]}, ticket=1))
    v = view(d)
    assert v.headline == "查到您的 2 份交费通知，请选择一份。" and not v.can_continue
    assert [(r.badge, r.tone) for r in v.rows] == [("已逾期", "bad"), ("已交费", "ok")]
    said = d.send(OptionChosen("1111222233334444"))
    v = view(d)
    assert v.detail.overdue and v.detail.qr == "", "no payment QR code once the time has passed"
    assert v.detail.overdue_text == OVERDUE_TEXT and v.detail.countdown == "已逾期 3 天"
    assert any(OVERDUE_TEXT in e.text for e in said if isinstance(e, Speak)), "what happens next, said"
    assert v.can_continue and v.primary == "上传交费凭证", "a payment made in time may still be proven"
    d.send(ActionTapped("list"))
    d.send(OptionChosen("5555666677778888"))
    v = view(d)
    assert v.can_print and v.primary == "完成" and v.detail.qr == ""
    (again,) = [e for e in d.send(ActionTapped("print_slip")) if isinstance(e, PrintReceipt)]
    assert "交费单号：JF2025000007" in again.lines
    d.send(NextTapped())
    assert d.state.journey is None, "a paid notice ends the journey with 完成"


def test_a_silent_court_a_malformed_notice_and_no_notices(driver):
    d = driver
    to_notices(d)
    d.send(CourtUnreachable("fees", "query.timeout", ticket=1))
    v = view(d)
    assert v.status == "unreachable" and v.can_retry and v.headline == "暂时无法连接法院，请稍后再试。"
    assert "5秒" in v.message
    (again,) = [e for e in d.send(ActionTapped("retry")) if isinstance(e, AskFeeNotices)]
    assert again.ticket == 2
    d.send(CourtAnswered("fees", "ok", {"notices": [notice()]}, ticket=1))  # too late
    assert view(d).status == "asking"
    bad = notice(amount_yuan="-5")
    d.send(CourtAnswered("fees", "ok", {"notices": [bad], "dropped": 1}, ticket=2))
    v = view(d)
    assert v.status == "ok" and v.rows == () and v.detail is None and v.headline == "没有查到您的交费通知。"
    assert d.dossier.audit[-1]["dropped"] == 2, "another person's and a malformed notice, both logged"
    d.send(NextTapped())
    assert d.state.journey is None


def test_a_proof_whose_ocr_fails_is_said_and_kept_and_the_check_stops_it(driver):
    d = driver
    to_notices(d)
    d.send(CourtAnswered("fees", "ok", {"notices": [notice()]}, ticket=1))
    d.send(NextTapped())
    d.send(ActionTapped("add", "payment_proof"))
    from kiosk.flows.dossier import PageRef
    from kiosk.flows.events import PageScanned, ScanFinished

    d.send(PageScanned("m01", PageRef("p0", "/tmp/proof-0.png", b"")))
    d.send(ScanFinished("m01"))
    d.send(RecognitionFailed("m01", "capture.ocr_failed", "文字识别没有完成，请重新扫描这一页。"))
    (card,) = view(d).materials
    assert card.status == "failed" and card.error == "文字识别没有完成，请重新扫描这一页。"
    assert len(d.dossier.materials[0].pages) == 1, "the scanned page is kept"
    d.send(NextTapped())
    assert d.step == "check"
    (problem,) = view(d).problems
    assert problem.fix_step == "proof" and "银行缴存凭证" in problem.message
    effects = d.send(NextTapped())
    assert not [e for e in effects if isinstance(e, SealPacket)] and d.step == "check"


def test_capital_amounts():
    from decimal import Decimal

    assert capital(Decimal("2300.00")) == "人民币贰仟叁佰元整"
    assert capital(Decimal("50.00")) == "人民币伍拾元整"
    assert capital(Decimal("10005.50")) == "人民币壹万零伍元伍角"
    assert capital(Decimal("1000000.07")) == "人民币壹佰万元零柒分"


def test_a_proof_with_no_text_at_all_is_stopped_by_the_check(driver):
    from kiosk.flows.events import MaterialRecognised, PageScanned, ScanFinished
    from kiosk.flows.dossier import PageRef

    d = driver
    to_notices(d)
    d.send(CourtAnswered("fees", "ok", {"notices": [notice()]}, ticket=1))
    d.send(NextTapped())
    d.send(ActionTapped("add", "payment_proof"))
    d.send(PageScanned("m01", PageRef("p0", "/tmp/proof-0.png", b"")))
    d.send(ScanFinished("m01"))
    d.send(MaterialRecognised("m01", "/tmp/m01.pdf", "  ", 0.0, True, page_problems=((0, "capture.blank"),)))
    d.send(NextTapped())
    (problem,) = view(d).problems
    assert problem.code == "check.unreadable" and problem.fix_step == "proof"
    assert not [e for e in d.send(NextTapped()) if isinstance(e, SealPacket)]
    d.send(ActionTapped("fix", "proof"))
    assert d.step == "proof" and len(d.dossier.materials[0].pages) == 1, "back to the scan, the page kept"
