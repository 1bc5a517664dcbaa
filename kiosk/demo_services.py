"""The headless demo's second half: the journeys that carry the court's answers back to the
litigant, walked after the filing and the transfer against the embedded court (``DemoCourt``).

Why a module of its own: each journey needs the court to act between touches (accept the filing,
record the case, send a judgment and a transcript, match and confirm a payment), as court staff
would with ``court-gateway``; the UI tests (tests/ui/test_queries.py, test_fees.py,
test_documents.py, test_transcripts.py) drive the same commands. One PNG per step, as before.
"""

from __future__ import annotations

import contextlib
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
    """Then the mediation transcript for this litigant, to this kiosk (the judgment comes as the
    answer to the litigant's own request: ``documents_step``)."""
    me = walk.kiosk.controller.state.identity
    kid = walk.kiosk.controller.settings.kiosk.kiosk_id
    transcript = _doc_id(court.send_transcript(kid, me.id_number, CASE, transcript_pdf()))
    log(f"the court sent transcript {transcript} to this kiosk")
    return {"transcript": transcript}


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


def documents_step(walk, court, log: Callable[[str], None]) -> str:
    """文书领取 (norms §19–21): the litigant asks for the judgment (case number, which document,
    how to serve it, three signed confirmations); the clerk answers with the signed judgment
    (``DemoCourt.answer_request``); 领取打印 → previewed, printed, the proof of service signed.
    Returns the judgment's document id."""
    from kiosk.viewer.samples import sample_pdf
    from kiosk.walkthrough import (documents_answer, documents_open, documents_preview, documents_print,
                                   documents_request, documents_sign_proof)

    documents_open(walk)
    with _named(walk, "documents"):  # its confirmations' "sign" would repeat the filing's
        request = documents_request(walk, CASE, wait_receipt=180)
    log(f"document request sealed as packet {request}")
    answer = court.answer_request(request, sample_pdf("judgment", pages=3))
    log(answer.strip())
    found = re.search(r"\(document ([0-9a-f-]{36})\)", answer)
    if not found:
        raise AssertionError(f"the court did not send the document: {answer!r}")
    doc_id = found.group(1)
    documents_answer(walk, "document_sent", timeout=120, shot="documents-sent")
    walk.next()  # 领取打印: the judgment the court just sent, once it is verified here
    walk.wait_screen("step.documents")
    documents_preview(walk, doc_id)
    documents_print(walk)
    walk.shot("documents-printed", "printed on the A4 printer: the job followed to its end")
    proof = documents_sign_proof(walk, wait_receipt=180)
    log(f"proof of service sealed as packet {proof}")
    _back_home(walk)
    return doc_id


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


@contextlib.contextmanager
def _named(walk, prefix: str):
    """The walkthrough's shot names under ``prefix-`` (its "kind", "form" would repeat the filing's)."""
    shot = walk.shot
    walk.shot = lambda name, note="": shot(name if name.startswith(prefix) else
                                            f"{prefix}-{name.removeprefix('q-')}", note)
    try:
        yield
    finally:
        del walk.shot


def _to_home(walk, taps: int = 4) -> None:
    """返回 until the services show (a query or the viewer has no 完成)."""
    for _ in range(taps):
        if walk.kiosk.screen == "home":
            break
        walk.tap(walk.screen.back_button)
        walk.kiosk.pump(3)
    walk.wait_screen("home", 10)


def _pinyin(walk, log: Callable[[str], None], what: str) -> bool:
    if getattr(walk.kiosk.app.kiosk, "inputs", None) is None:
        log(f"{what}: this kiosk has no pinyin keyboard (ui.pinyin), skipped")
        return False
    return True


def preservation_step(walk, court, log: Callable[[str], None]) -> None:
    """保全鉴定 (issue 13 §1): a property preservation in the case with an insurer's guarantee
    letter, received; the judge accepts it (``review accept``) and the decision shows."""
    from kiosk.walkthrough import preservation_in_case

    if not _pinyin(walk, log, "preservation (保全鉴定)"):
        return
    scanner = walk.kiosk.app.kiosk.runtime.devices["scanner"]
    kinds, scanner.kinds = scanner.kinds, ["财产保全申请书", "借条"]  # the application, then the letter
    try:
        with _named(walk, "preservation"):
            packet_id = preservation_in_case(walk, CASE, wait_receipt=180)
    finally:
        scanner.kinds = kinds
    log(f"preservation application sealed as packet {packet_id}")
    log(court.accept_application(packet_id).strip())
    walk.wait(lambda: walk.body.state == "accepted", 90, "the court's decision on the preservation")
    walk.shot("preservation-decided", f"the court's signed decision on the status step: {walk.screen.headline.text}")
    _back_home(walk)


def contact_judge_step(walk, court, log: Callable[[str], None]) -> None:
    """联系法官 (§2): a message typed in pinyin, received; the judge replies (``messages reply``)
    and the conversation, fetched live again, shows the reply."""
    from kiosk.walkthrough import contact_judge, open_conversation

    if not _pinyin(walk, log, "contact the judge (联系法官)"):
        return
    with _named(walk, "judge"):
        packet_id = contact_judge(walk, CASE, [("qingwen", "请问"), ("heshi", "何时"), ("kaiting", "开庭")],
                                  wait_receipt=180)
    log(f"message to the judge sealed as packet {packet_id}")
    log(court.reply_message(packet_id, "本案定于2027年1月12日上午9时30分在第三法庭开庭。").strip())
    walk.next()  # 完成 on the status step
    walk.wait(lambda: walk.kiosk.controller.state.journey is None, 10, "the journey to end")
    walk.wait_screen("home", 10)
    with _named(walk, "judge"):
        open_conversation(walk, CASE)
        answered(walk, log, "the conversation")
        walk.shot("reply", "the judge's reply in the conversation, live from the court")
    _to_home(walk)


def petition_step(walk, court, log: Callable[[str], None]) -> None:
    """网上信访 (§3): the petition received by the petition office, its answer
    (``petitions answer``) back on the status step."""
    from kiosk.walkthrough import petition

    if not _pinyin(walk, log, "petition (网上信访)"):
        return
    with _named(walk, "petition"):
        packet_id = petition(walk, wait_receipt=180)
    log(f"petition sealed as packet {packet_id}")
    log(court.answer_petition(packet_id, "已转执行局，七日内发放执行款。").strip())
    walk.wait(lambda: walk.body.state == "answered", 90, "the petition office's answer")
    walk.shot("petition-answered", f"the petition office's signed answer: {walk.screen.detail.text[:40]}")
    _back_home(walk)


def publications_step(walk, court, log: Callable[[str], None], timeout: float = 120.0) -> None:
    """文书公开 (§4): the court publishes a judgment, a guide and a template; the signed catalogue
    reaches the kiosk; the judgment found, read, turned, zoomed and printed; the guide shown."""
    from kiosk.walkthrough import open_publication, print_shown, turn_and_zoom

    log(court.publish_samples())
    docs = walk.kiosk.app.kiosk.runtime.sender.sender.docs
    walk.wait(lambda: any(d.kind == "catalogue" and d.title.endswith("第3版") for d in docs.documents()),
              timeout, "the court's catalogue (version 3) on the kiosk")
    with _named(walk, "public"):
        open_publication(walk)
        turn_and_zoom(walk)
        print_shown(walk, "all")
        printed = walk.body.print_state
        walk.shot("printed", f"printed ({printed}): {walk.body.print_message}")
        walk.tap(walk.screen.back_button)
        walk.wait_screen("step.library")
        walk.tap(walk.screen.tab_buttons["guide"])
        walk.wait(lambda: len(walk.body.results) >= 1, 10, "the guides")
        walk.shot("guides", "诉讼指南: the court's litigation guides, to read and print")
        walk.tap(walk.screen.tab_buttons["template"])
        walk.wait(lambda: len(walk.body.results) >= 1, 10, "the templates")
        walk.shot("templates", "文书样式: blank document templates, e.g. a complaint")
    log(f"public judgment found without an ID card, read, print {printed}")
    _to_home(walk)


def walk_services(walk, court, filing_id: str, log: Callable[[str], None] = print) -> None:
    """My cases, fee payment, a judgment asked for, sent, printed and signed for, a transcript signed,
    an archive viewed and its allowed pages printed, a preservation decided, the judge's reply,
    the petition's answer, the public judgments, guides and templates: each against the court,
    from the home screen back to it."""
    court_records(walk, court, filing_id, log)
    my_cases_step(walk, log)
    fee_step(walk, court, log)
    documents_step(walk, court, log)
    sent = court_sends(walk, court, log)
    wait_documents(walk, sent.values())
    transcript_step(walk, log)
    archive_step(walk, court, log)
    preservation_step(walk, court, log)
    contact_judge_step(walk, court, log)
    petition_step(walk, court, log)
    publications_step(walk, court, log)
    log(court.records("documents").strip())
    log(court.records("transcripts", "list").strip())
    log(court.records("messages", "list").strip())
    log(court.records("petitions", "list").strip())
    log(court.records("publications").strip())
