"""The headless demo's second half: the journeys that carry the court's answers back to the
litigant, walked after the filing and the transfer against the embedded court (``DemoCourt``).

Why a module of its own: each journey needs the court to act between touches (accept the filing,
record the case, send a judgment and a transcript, match and confirm a payment), as court staff
would with ``court-gateway``; the UI tests (tests/ui/test_queries.py, test_fees.py,
test_documents.py, test_transcripts.py) drive the same commands. One PNG per step, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CASE = "（2024）豫0102民初1187号"
"""The existing case of the demo: the material transfer's, the judgment's and the transcript's."""

TRANSCRIPT = [
    ("center", 34, "河南省郑州市中原区人民法院"),
    ("center", 40, "调 解 笔 录"),
    ("right", 24, CASE),
    ("left", 22, "时间：2026年11月28日上午9时30分　地点：本院视频调解室（跨域视频辅助）"),
    ("left", 22, "调解员：王某某　书记员：赵某某"),
    ("left", 22, "申请人：张某；被申请人：李某。调解员告知双方调解的权利义务，双方表示已清楚。"),
    ("left", 22, "调解员：双方对借款本金50000元有无异议？"),
    ("left", 22, "申请人：没有异议。　被申请人：没有异议，但希望分期归还。"),
    ("left", 22, "经调解，双方自愿达成如下协议：一、被申请人于2027年3月31日前分两期归还借款本金50000元；"
                 "二、案件受理费262.5元由被申请人负担。"),
    ("left", 22, "以上笔录经双方阅看，确认无误。"),
]


def transcript_pdf() -> bytes:
    """A two-page mediation transcript (nothing here is a real case)."""
    from kiosk.viewer.samples import page_images, to_pdf

    return to_pdf(page_images(TRANSCRIPT, pages=2))


def _doc_id(sent: str) -> str:
    found = re.search(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", sent)
    if not found:
        raise AssertionError(f"no document id in the court's answer: {sent!r}")
    return found.group(1)


def _back_home(walk) -> None:
    """完成 on a journey's last step: back to the services, the card still read."""
    walk.tap(walk.screen.primary)
    walk.wait_screen("home")


def court_records(walk, court, filing_id: str, log: Callable[[str], None]) -> None:
    """What the court does first: the filing accepted (a case number and a fee notice go back),
    the existing case recorded as a case-management system would."""
    me = walk.kiosk.controller.state.identity
    log(court.accept(filing_id).strip())
    court.set_case(CASE, me.id_number, me.name)


def court_sends(walk, court, log: Callable[[str], None]) -> dict[str, str]:
    """Then the judgment and the mediation transcript for this litigant, to this kiosk."""
    from kiosk.viewer.samples import sample_pdf

    me = walk.kiosk.controller.state.identity
    kid = walk.kiosk.controller.settings.kiosk.kiosk_id
    judgment = _doc_id(court.send_judgment(kid, me.id_number, me.name, CASE, sample_pdf("judgment", pages=3)))
    transcript = _doc_id(court.send_transcript(kid, me.id_number, CASE, transcript_pdf()))
    log(f"the court sent judgment {judgment} and transcript {transcript} to this kiosk")
    return {"judgment": judgment, "transcript": transcript}


def wait_documents(walk, doc_ids, timeout: float = 120.0) -> None:
    """Until the court's documents are on the kiosk, verified (the downlink runs in the sender)."""
    docs = walk.kiosk.app.kiosk.runtime.sender.sender.docs
    walk.wait(lambda: set(doc_ids) <= {d.doc_id for d in docs.documents()}, timeout,
              "the court's documents verified on the kiosk")


def answered(walk, log: Callable[[str], None], what: str, tries: int = 2) -> None:
    """The court's live answer on screen; on "unreachable" (5 s without an answer, e.g. on a
    loaded machine) tap 重试 as a litigant would, at most ``tries`` times, then give up loudly."""
    for _ in range(tries):
        if walk.body.status != "unreachable":
            break
        log(f"{what}: the court did not answer within the query timeout; 重试")
        walk.tap(walk.screen.retry_button)
        walk.wait(lambda: walk.body.status not in ("unreachable", "asking"), 15, f"{what} again")
    if walk.body.status in ("unreachable", "asking"):
        raise AssertionError(f"{what}: the demo court did not answer")


def my_cases_step(walk, log: Callable[[str], None]) -> None:
    from kiosk.walkthrough import my_cases

    my_cases(walk, shot=False)
    answered(walk, log, "my cases")
    walk.shot("q-my-cases", "我的案件: the court's signed live answer, per case and per filing")
    walk.screen.scroller.scroll_y = 0  # further down: this person's filings
    walk.kiosk.pump(3)
    walk.shot("q-my-filings", "further down: the filing accepted with its case number and fee notice")
    _back_home(walk)


def fee_step(walk, court, log: Callable[[str], None]) -> None:
    from kiosk.walkthrough import fee_notices, fee_slip, open_fee_notice, pay_fee

    fee_notices(walk, shot=False)
    answered(walk, log, "fee notices")
    first = walk.body.rows[0].title if walk.body.detail is None else ""
    open_fee_notice(walk, first, "网上缴费: the fee notice of the accepted filing, its deadline and payment QR code")
    reference = walk.body.detail.reference
    scanner = walk.kiosk.app.kiosk.runtime.devices["scanner"]
    kinds, scanner.kinds = scanner.kinds, ["银行回单"]  # the litigant puts the bank receipt on the glass
    try:
        proof = pay_fee(walk, wait_receipt=180)
    finally:
        scanner.kinds = kinds
    log(f"proof of payment sealed as packet {proof}")
    log(court.confirm_fee(proof, reference).strip())
    fee_slip(walk)
    _back_home(walk)


def documents_step(walk, doc_id: str, log: Callable[[str], None]) -> None:
    from kiosk.walkthrough import documents_open, documents_preview, documents_print, documents_sign_proof

    documents_open(walk)
    documents_preview(walk, doc_id)
    documents_print(walk)
    walk.shot("documents-printed", "printed on the A4 printer: the job followed to its end")
    proof = documents_sign_proof(walk, wait_receipt=180)
    log(f"proof of service sealed as packet {proof}")
    _back_home(walk)


def transcript_step(walk, log: Callable[[str], None]) -> None:
    from kiosk.walkthrough import sign_transcript

    signed = sign_transcript(walk, wait_receipt=180)
    log(f"signed transcript sealed as packet {signed}")
    _back_home(walk)


def archive_step(walk, court, log: Callable[[str], None], timeout: float = 60.0) -> None:
    """卷宗查阅 (issue 11 §4): the request, the court's approval (``DemoCourt.approve_archive``), a
    new card session, the watermarked viewer, the allowed pages printed; then the print as the
    court recorded it, and back to the services."""
    import time

    from kiosk.walkthrough import archive_viewing

    if getattr(walk.kiosk.app.kiosk, "inputs", None) is None:  # the request types on the pinyin keyboard
        log("archive viewing (卷宗查阅): this kiosk has no pinyin keyboard (ui.pinyin), skipped")
        return
    packet_id = archive_viewing(walk, approve=court.approve_archive, case_ref=CASE)
    log(f"archive viewing request {packet_id}: approved, viewed watermarked, pages 1-2 printed")
    deadline = time.monotonic() + timeout
    prints = court.records("archives", "prints")
    while "1-2" not in prints and time.monotonic() < deadline:
        walk.kiosk.pump(5)
        time.sleep(0.5)
        prints = court.records("archives", "prints")
    log(prints.strip())
    for _ in range(4):  # 返回: the list, the way, the services
        if walk.kiosk.screen == "home":
            break
        walk.tap(walk.screen.back_button)
        walk.kiosk.pump(3)
    walk.wait_screen("home", 10)


def walk_services(walk, court, filing_id: str, log: Callable[[str], None] = print) -> None:
    """My cases, fee payment, a judgment printed with its proof of service, a transcript signed,
    an archive viewed and its allowed pages printed: each against the court, from the home screen back to it."""
    court_records(walk, court, filing_id, log)
    my_cases_step(walk, log)
    fee_step(walk, court, log)
    sent = court_sends(walk, court, log)
    wait_documents(walk, sent.values())
    documents_step(walk, sent["judgment"], log)
    transcript_step(walk, log)
    archive_step(walk, court, log)
    log(court.records("documents").strip())
    log(court.records("transcripts", "list").strip())
