"""卷宗查阅: the request, the approved viewing with its watermark, printing allowed pages."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.walkthrough.forms import (
    form_choose,
    form_commit,
    form_open,
    form_type_keys,
    form_type_pinyin,
    type_case_number,
)
from kiosk.walkthrough.steps import (
    _dismiss_news,
    accept_notice,
    check_sign_submit,
    home_tile,
    pass_identify,
    start_with_card,
)
from kiosk.walkthrough.walk import Walk
from kiosk.walkthrough.public import print_shown, turn_and_zoom


def archive_request(walk: Walk, case_ref: str, words=("zhengju", "cailiao"), *, phone: str = "13800138000",
                    wait_receipt: float = 120.0) -> str:
    """申请查阅卷宗 from the home screen (card already read): notice, case number, the form with the
    materials wanted typed on the pinyin keyboard, check, three signatures; returns the packet id."""
    walk.tap(home_tile(walk, "archive_viewing"))
    walk.wait_screen("step.choose")
    walk.shot("archive-way", "卷宗查阅: apply to view, or view what the court approved")
    walk.tap(next(card for card in walk.screen.cards if card.value == "archive_request"))
    accept_notice(walk)
    pass_identify(walk)
    walk.wait_screen("step.case_number")
    type_case_number(walk, case_ref)
    walk.wait(lambda: walk.body.can_continue, 5, "the case number")
    walk.shot("archive-case", "the case number names the jurisdiction court")
    walk.next()
    walk.wait_screen("step.form")
    form_choose(walk, "relation", "party")
    form_open(walk, "materials")
    form_type_pinyin(walk, words)
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 10, "the materials taken")
    form_open(walk, "phone")
    form_type_keys(walk, phone)
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing and walk.body.can_continue, 5, "the form filled")
    walk.shot("archive-form", "the request form: the case, the relation, the materials wanted, the phone")
    walk.next()
    return check_sign_submit(walk, wait_receipt, "archive-received", "received by the jurisdiction court")


def archive_open(walk: Walk, file_index: int = 0, card: str = "resident") -> None:
    """A new session: the ID card tapped, 查阅已批准的卷宗, the approved files listed with the
    download QR code, one opened in the viewer (watermarked)."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk, card)
    _dismiss_news(walk)
    walk.tap(home_tile(walk, "archive_viewing"))
    walk.wait_screen("step.choose")
    walk.tap(next(c for c in walk.screen.cards if c.value == "archive_view"))
    pass_identify(walk)
    walk.wait_screen("step.archives")
    walk.wait(lambda: walk.body.status != "loading", 20, "the approved archives")
    walk.shot("archive-list", "only this person's approved archives, verified afresh; the QR code of the download link")
    if not walk.screen.file_cards:
        return
    walk.tap(walk.screen.file_cards[file_index])
    walk.wait_screen("step.archive_viewer")
    walk.wait(lambda: walk.body.current is not None or walk.body.status == "failed", 20, "the first page")
    walk.kiosk.pump(2)
    walk.shot("archive-viewer", "the page with the viewer's watermark drawn into its pixels; the time left")


def archive_read_and_print(walk: Walk, timeout: float = 60.0) -> None:
    """A swipe, a pinch, then 打印 of the pages the court allows."""
    turn_and_zoom(walk)
    walk.tap(walk.screen.zoom_out)
    walk.tap(walk.screen.zoom_out)
    walk.wait(lambda: walk.body.zoom == 1 and walk.body.current is not None, 10, "back to 100 %")
    print_shown(walk, "all", timeout)
    walk.kiosk.pump(2)
    walk.shot("archive-printed", "printed: only the pages the court allowed; reported to the court")


def archive_viewing(walk: Walk, *, approve: Callable[[str], str], case_ref: str = "（2024）豫0102民初1187号",
                    wait_receipt: float = 180.0) -> str:
    """卷宗查阅 end to end, from the home screen with the card read: the request to the court's
    receipt, ``approve(packet_id)`` (the court staff's decision, e.g. ``DemoCourt.approve_archive``),
    its signed answer on the status step, then a new session with the card, the approved archive
    listed, the watermarked page, the allowed pages printed; returns the request's packet id."""
    packet_id = archive_request(walk, case_ref, wait_receipt=wait_receipt)
    walk.log(approve(packet_id).strip())
    walk.wait(lambda: walk.body.state == "answered", 120, "the court's signed answer")
    walk.shot("archive-approved", "the court approved: its signed answer on the status step")
    walk.next()
    walk.wait_screen("home")
    from kiosk.flows.intents import EndTapped

    walk.kiosk.controller.send(EndTapped())  # 结束办理: viewing is a session of its own
    walk.wait_screen("attract", 15)
    archive_open(walk, 0)
    if walk.kiosk.screen != "step.archive_viewer" or walk.body.current is None:
        raise AssertionError(f"the approved archive did not open (on {walk.kiosk.screen})")
    archive_read_and_print(walk)
    if walk.body.print_state != "done":
        raise AssertionError(f"the archive's allowed pages were not printed: {walk.body.print_state}")
    return packet_id
