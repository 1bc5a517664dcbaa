"""笔录签署 and 跨域视频辅助: the application, reading and signing or refusing a transcript, the booth check."""

from __future__ import annotations

from kiosk.walkthrough.forms import form_choose, form_commit, form_open, form_type_keys, type_case_number
from kiosk.walkthrough.gestures import scroll_until
from kiosk.walkthrough.steps import (
    SIGNATURE,
    _dismiss_news,
    accept_notice,
    await_receipt,
    check_sign_submit,
    pass_identify,
    start_with_card,
)
from kiosk.walkthrough.walk import Walk


def open_transcript_tile(walk: Walk, way: str, shot: bool = True) -> None:
    """From the home screen (card read): the 笔录签署 tile, then one of its three ways. The court's
    news at the card tap (a transcript sent is a new document for this person) is dismissed first."""
    _dismiss_news(walk, wait=2.0, shot="transcript-news")
    walk.tap(walk.kiosk.root.screens["home"].tiles["transcript_signing"])
    walk.wait_screen("step.choose")
    if shot:
        walk.shot("transcript-ways", "笔录签署: apply for video assistance, sign a transcript, check the booth")
    walk.tap(next(c for c in walk.screen.cards if c.value == way))


def video_application(walk: Walk, case_ref: str, *, wait_receipt: float = 120.0) -> str:
    """跨域视频辅助申请: notice, card, case number, form, the booth checked, the three confirmations
    of norms §14(2) signed, sent; returns the packet id."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk)
    open_transcript_tile(walk, "video_assist")
    accept_notice(walk)
    pass_identify(walk)
    walk.wait_screen("step.case_number")
    type_case_number(walk, case_ref)
    walk.next()
    walk.wait_screen("step.form")
    form_choose(walk, "video_session", "mediation")
    form_choose(walk, "video_way", "court_booth")
    form_choose(walk, "service_method", "post")
    form_open(walk, "phone")
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("transcript-video-form", "the application: mediation in the court's video room; the address from the chip")
    walk.next()
    walk.wait_screen("step.equipment")
    walk.wait(lambda: not walk.body.checking, 15, "the equipment probe")
    walk.shot("transcript-equipment", "the booth's camera, microphone and speaker, probed through the device port")
    walk.next()
    return check_sign_submit(walk, wait_receipt, "transcript-video-received", "the application received by the jurisdiction court")


def read_transcript(walk: Walk, *, shot: bool = True, open_first: bool = True) -> None:
    """签署笔录 up to the end of the first transcript: card, the list, the pages scrolled to the end
    (``open_first=False``: stop at the list)."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk)
    open_transcript_tile(walk, "transcript", shot=False)
    pass_identify(walk)
    walk.wait_screen("step.transcript")
    walk.wait(lambda: walk.body.phase != "loading", 15, "the transcripts")
    if shot:
        walk.shot("transcript-list", "only the transcripts the court addressed to this card's holder, verified")
    if walk.body.phase != "list" or not open_first:
        return
    walk.tap(walk.screen.item_buttons[0])
    walk.wait(lambda: walk.body.page_count and len(walk.body.pages) == walk.body.page_count, 20, "the pages")
    walk.kiosk.pump(3)
    if shot:
        walk.shot("transcript-reading", "the transcript's pages: the sign button sleeps until the end is reached")
    scroll_until(walk, walk.screen.scroller, lambda: walk.body.at_end, "the transcript read to its end")
    if shot:
        walk.shot("transcript-read", "read to its end: 签名确认 wakes, 拒绝签名 is offered")


def sign_transcript(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """Read to the end, signed on the pad, stamped, sent back; returns the packet id."""
    read_transcript(walk)
    walk.next()
    walk.wait(lambda: walk.body.phase == "signing", 5, "the pad")
    walk.draw(walk.screen.panel.pad, SIGNATURE)
    walk.shot("transcript-sign", "the confirmation names the transcript's SHA-256; signed on the pad")
    walk.tap(walk.screen.panel.confirm_button)
    return await_receipt(walk, wait_receipt, "transcript-signed", "the signed transcript received by the court")


def refuse_transcript(walk: Walk, reason: str = "not_what_i_said", *, wait_receipt: float = 120.0) -> str:
    """Read to the end, refused with a reason, the refusal sent; returns the packet id."""
    read_transcript(walk, shot=False)
    walk.tap(walk.screen.refuse_button)
    walk.wait(lambda: walk.body.phase == "refusing", 5, "the reasons")
    walk.tap(walk.screen.reason_buttons[reason])
    walk.wait(lambda: any(c for _v, _l, c in walk.body.reasons), 5, "the reason chosen")
    walk.shot("transcript-refuse", "refusing to sign: one of a few reasons, no typing")
    walk.next()
    return await_receipt(walk, wait_receipt)


def equipment_check(walk: Walk) -> None:
    """设备检查 alone, e.g. by staff before a session."""
    kiosk = walk.kiosk
    if kiosk.screen == "attract":
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
    open_transcript_tile(walk, "equipment_check", shot=False)
    walk.wait_screen("step.equipment")
    walk.wait(lambda: not walk.body.checking, 15, "the equipment probe")
