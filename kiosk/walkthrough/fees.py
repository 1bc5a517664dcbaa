"""网上缴费: the fee notice, the payment proof, the court's slip."""

from __future__ import annotations

from kiosk.walkthrough.steps import await_receipt, open_service, scan_material
from kiosk.walkthrough.walk import Walk


def fee_notices(walk: Walk, *, shot: bool = True) -> None:
    """From the home screen with the card read: 网上缴费 → this person's notices, live from the court."""
    kiosk = walk.kiosk
    open_service(walk, "fee_payment")
    walk.wait(lambda: kiosk.screen in ("step.identify", "step.fee_notice"), 10, "the identify step")
    if kiosk.screen == "step.identify":  # the card read before the tile: confirm it once
        walk.wait(lambda: walk.body.who != "", 10, "the card holder")
        walk.next()
    walk.wait_screen("step.fee_notice")
    walk.wait(lambda: walk.body.status != "asking", 10, "the court's answer")
    if shot:
        walk.shot("fees-notices", "网上缴费: this person's fee notices, live from the court")


def open_fee_notice(walk: Walk, case_number: str, note: str = "", name: str = "fees-notice") -> None:
    """Tap the notice of ``case_number`` in the list (a single notice is open already)."""
    if walk.body.detail is None:
        card = next(c for c in walk.screen.rows if c.title.text == case_number)
        walk.tap(card)
        walk.wait(lambda: walk.body.detail is not None, 5, "the notice in full")
    walk.kiosk.pump(2)
    if note:
        walk.shot(name, note)


def pay_fee(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """On a notice shown in full: 上传交费凭证 → the bank receipt scanned → checked → sent; returns
    the proof packet's id once the court has received it."""
    walk.next()
    walk.wait_screen("step.materials")
    scan_material(walk, "payment_proof", 1)
    walk.shot("fees-proof", "the bank receipt scanned and recognised")
    walk.next()
    walk.wait_screen("step.check")
    walk.shot("fees-check", "the check before sending: the proof is there and readable")
    walk.next()
    return await_receipt(walk, wait_receipt, "fees-received",
                         "the proof received by the court, which checks the payment", screen="step.fee_status")


def fee_slip(walk: Walk, timeout: float = 60.0) -> None:
    """After ``court-gateway fees confirm``: the confirmation on screen and the 电子交费单 printed."""
    walk.wait(lambda: walk.body.state == "paid", timeout, "the court's confirmation")
    walk.wait(lambda: "打印" in walk.body.receipt and "正在" not in walk.body.receipt, 30, "the slip printed")
    walk.shot("fees-confirmed", "the court confirmed the payment; the 电子交费单 printed for the invoice")
