"""文书领取: request, answer, pick-up by card or code, preview, print, proof of service."""

from __future__ import annotations

from kiosk.walkthrough.core import (
    SIGNATURE,
    Walk,
    await_receipt,
    check_sign_submit,
    form_commit,
    form_type_keys,
    open_service,
    steady,
    swipe,
    type_case_number,
)


def documents_open(walk: Walk, *, shot: str = "documents") -> None:
    """From the home screen: 文书领取 → the documents the court sent for the card read (if any)."""
    kiosk = walk.kiosk
    if kiosk.screen == "attract":
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
    open_service(walk, "document_collection")
    walk.wait_screen("step.documents")
    walk.wait(lambda: walk.body.status != "finding", 15, "the documents for this person")
    if shot:
        walk.shot(shot, "领取文书: the documents the court sent for this card, or a way to ask for one")


def documents_request(walk: Walk, case_ref: str, *, doc_type: str = "judgment", method: str = "collect_here",
                      phone: str = "13800138000", wait_receipt: float = 120.0) -> str:
    """申请领取文书: the case number, which document and how to serve it, three signed
    confirmations (norms §20(2)), sent; returns the packet id once the court's receipt is in."""
    walk.tap(walk.screen.request_button)
    walk.wait_screen("step.case_number")
    type_case_number(walk, case_ref)
    walk.shot("documents-case-number", "the case number of the document asked for")
    walk.next()
    walk.wait_screen("step.form")
    walk.wait(lambda: walk.body.rows, 5, "the form's rows")
    _doc_form_choose(walk, "doc_type", doc_type)
    _doc_form_choose(walk, "service_method", method)
    _doc_form_open(walk, "phone")
    form_type_keys(walk, phone)
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    _short_form_top(walk)
    walk.shot("documents-form", "which document, how to serve it; the address from the card")
    walk.next()
    return check_sign_submit(walk, wait_receipt, "documents-requested", "the request received by the jurisdiction court")


def _short_form_top(walk: Walk) -> None:
    """A form shorter than its scroller: shown from the top, nothing to scroll to (Kivy's
    ``scroll_to`` would push short content out of view)."""
    walk.screen.scroller.scroll_y = 1
    walk.kiosk.pump(2)


def _reveal(walk: Walk, widget) -> None:
    """Bring ``widget`` into view as a person scrolls to it: from the top when the form fits its
    scroller, else scrolled to (elderly type or a larger face can make the form taller)."""
    scroller = walk.screen.scroller
    if walk.screen.rows.height <= scroller.height:
        _short_form_top(walk)
    else:
        scroller.scroll_to(widget, padding=10, animate=False)
    steady(walk, widget)


def _doc_form_choose(walk: Walk, key: str, value: str) -> None:
    button = next(w for w in walk.screen.rows.walk() if getattr(w, "option", None) == (key, value))
    _reveal(walk, button)
    walk.tap(button)
    walk.wait(lambda: any(r.key == key and r.value for r in walk.body.rows), 5, f"{key} chosen")


def _doc_form_open(walk: Walk, key: str) -> None:
    edit = next(w for w in walk.screen.rows.walk() if getattr(w, "target", "") == key)
    _reveal(walk, edit)
    walk.tap(edit)
    walk.wait(lambda: walk.body.editing == key, 5, f"the editor of {key}")


def documents_answer(walk: Walk, state: str, timeout: float = 60.0, shot: str = "") -> None:
    """Wait for the court's signed answer on the status step (shown and spoken)."""
    walk.wait(lambda: walk.body.state == state, timeout, f"the court's answer {state}")
    if shot:
        walk.shot(shot, f"the court's answer: {walk.body.headline}")


def documents_by_code(walk: Walk, code: str = "", *, qr: str = "") -> None:
    """The pickup code from the SMS: typed on the digit pad, or its QR code held to the scanner."""
    if qr:
        walk.kiosk.app.kiosk.runtime.devices["qr_scanner"].simulator.scan(qr)
    else:
        walk.tap(walk.screen.code_button)
        walk.wait(lambda: walk.body.editing, 5, "the code pad")
        for digit in code:
            walk.tap(walk.screen.digit_keys[digit])
        walk.shot("documents-code", "the six-digit pickup code from the SMS, on the digit pad")
        walk.tap(walk.screen.code_ok)
    walk.wait(lambda: walk.body.status != "finding" and (walk.body.rows or walk.body.error), 15,
              "the document the code opens")


def documents_preview(walk: Walk, doc_id: str = "", *, shots: bool = True) -> int:
    """Open the document and look at every page (a swipe per page); returns the page count."""
    walk.wait(lambda: walk.body.rows, 60, "a document to collect")
    buttons = walk.screen.row_buttons
    walk.tap(buttons[doc_id] if doc_id else next(iter(buttons.values())))
    walk.wait_screen("step.viewer")
    walk.wait(lambda: walk.body.current is not None or walk.body.status == "failed", 20, "the first page")
    if walk.body.status == "failed":
        return 0
    if shots:
        walk.shot("documents-preview", "the document's first page: swipe to look at every page")
    count = walk.body.page_count
    area = walk.screen.area
    for page in range(2, count + 1):
        swipe(walk, area, -360)
        walk.wait(lambda: walk.body.page == page and walk.body.current is not None, 10, f"page {page}")
    if shots and count > 1:
        walk.shot("documents-last-page", f"every page looked at: {walk.body.page_label}")
    return count


def documents_print(walk: Walk, *, copies: int = 1, timeout: float = 120.0) -> None:
    """打印: copies and double-sided chosen, every page printed, the job followed on the printer."""
    walk.next()
    walk.wait(lambda: walk.body.print_state == "choosing", 5, "the print choices")
    for _ in range(copies - 1):
        walk.tap(walk.screen.choice_buttons["copies_more"])
    walk.kiosk.pump(2)
    walk.shot("documents-print-choices", "copies, double-sided, every page")
    walk.tap(walk.screen.choice_buttons["all"])
    walk.wait(lambda: walk.body.print_state in ("done", "failed", "blocked"), timeout, "the print job")


def documents_sign_proof(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """签收: the proof of service (送达回证) signed on the pad, sent; returns its packet id."""
    walk.wait(lambda: walk.body.print_state == "done", 120, "the printed document")
    walk.next()
    walk.wait_screen("step.sign")
    walk.draw(walk.screen.panel.pad, SIGNATURE)
    walk.shot("documents-proof", "送达回证: signed on the pad, bound to the document's hash")
    walk.tap(walk.screen.panel.confirm_button)
    walk.wait_screen("step.served", 30)
    walk.wait(lambda: walk.body.packet_id != "", 30, "the proof sealed")
    return await_receipt(walk, wait_receipt, "documents-served", "the proof of service received by the "
                         "jurisdiction court", "the court's receipt of the proof", screen=None)


def documents_refuse_proof(walk: Walk, reason: str = "disagree", *, typed=(), wait_receipt: float = 120.0) -> str:
    """拒绝签收: the document printed, the proof of service refused with one of the reasons (a tap
    each) or, with ``typed`` ((letters, word) pairs), 其他理由 typed on the pinyin keyboard; the
    refusal sent to the court; returns its packet id."""
    from kiosk.walkthrough.core import type_pinyin

    walk.wait(lambda: walk.body.print_state == "done", 120, "the printed document")
    walk.next()
    walk.wait_screen("step.sign")
    walk.tap(walk.screen.refuse)
    walk.wait(lambda: walk.body.refusing, 5, "the reasons")
    walk.tap(walk.screen.reason_buttons["other" if typed else reason])
    if typed:
        walk.wait(lambda: walk.body.editing, 5, "the keyboard for the reason")
        board = next(w for w in walk.screen.editor.keys.walk() if hasattr(w, "bar") and hasattr(w, "keys"))
        type_pinyin(walk, board, typed)
        walk.shot("documents-refuse-typing", "其他理由: the reason typed on the pinyin keyboard")
        form_commit(walk)
        walk.wait(lambda: not walk.body.editing and walk.body.typed, 5, "the typed reason")
    walk.wait(lambda: any(c for _r, _l, c in walk.body.reasons), 5, "the reason chosen")
    walk.shot("documents-refuse", "拒绝签收: a reason in the pad's place, the refusal's text as it is recorded")
    walk.next()
    walk.wait_screen("step.served", 30)
    walk.wait(lambda: walk.body.packet_id != "", 30, "the refusal sealed")
    return await_receipt(walk, wait_receipt, "documents-refused", "the refusal and its reason received by "
                         "the jurisdiction court", "the court's receipt of the refusal", screen=None)
