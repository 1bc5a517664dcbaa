"""网上立案 and 材料转递, walked: a civil filing, a transfer, the elderly variant, correct and resubmit."""

from __future__ import annotations

from kiosk.walkthrough.forms import _case_keys
from kiosk.walkthrough.gestures import steady
from kiosk.walkthrough.steps import (
    accept_notice,
    await_receipt,
    check_sign_submit,
    choose,
    choose_court,
    fill_contact,
    pass_identify,
    scan_material,
    sign_all,
    start_with_card,
    tap_elderly,
)
from kiosk.walkthrough.walk import Walk


def to_materials(walk: Walk, *, court_letters: str = "zy", court_code: str = "豫0102",
                 card: bool = True) -> None:
    if card:
        start_with_card(walk)
    else:
        walk.tap(walk.kiosk.root.screens["attract"])
        walk.wait_screen("home")
    walk.tap(walk.kiosk.root.screens["home"].tiles["case_filing"])
    accept_notice(walk)
    if card:
        pass_identify(walk)
        choose(walk, "civil_first")
        choose_court(walk, court_letters, court_code)


def civil_filing(walk: Walk, *, court_letters: str = "zy", court_code: str = "豫0102",
                 wait_receipt: float = 120.0) -> str:
    """The whole civil filing; returns the packet id. Expects a runtime with simulated devices."""
    filing_to_sign(walk, court_letters=court_letters, court_code=court_code)
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    walk.shot("pushed", "已推送至管辖法院: said and shown at once; the receipt printed")
    return await_receipt(walk, wait_receipt, "received", "管辖法院已接收: the court's signed receipt arrived",
                         screen=None)


def filing_to_sign(walk: Walk, *, court_letters: str = "zy", court_code: str = "豫0102") -> None:
    """From the attract screen to the signatures of a civil filing with two materials."""
    to_materials(walk, court_letters=court_letters, court_code=court_code)
    scan_material(walk, "complaint", 2)
    walk.shot("materials", "the complaint scanned: thumbnails as pages arrive, OCR in the capture worker")
    scan_material(walk, "evidence", 1)
    walk.shot("materials-two", "two materials")
    walk.next()
    fill_contact(walk, "13800138000")
    walk.wait_screen("step.material_list")
    walk.shot("material-list", "the material list built from the scans")
    walk.next()
    walk.wait_screen("step.check")
    walk.shot("check", "the pre-send check")
    walk.next()


def material_transfer(walk: Walk, case_ref: str, *, wait_receipt: float = 120.0,
                      qr: str | None = None) -> str:
    """``qr``: hold a notice with this QR code to the scanner instead of typing the case number."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk)
    walk.tap(kiosk.root.screens["home"].tiles["material_transfer"])
    walk.wait_screen("step.case_number")
    screen = walk.screen
    if qr is not None:
        kiosk.app.kiosk.runtime.devices["qr_scanner"].simulator.scan(qr)
        walk.wait(lambda: walk.body.can_continue, 15, "the case number from the QR code")
    else:
        keys = {w.label.text: w for w in screen.body.walk() if hasattr(w, "label")}
        for part in _case_keys(case_ref):
            walk.tap(keys[part])
    walk.shot("transfer-case-number", "material transfer: the case number (keypad or the notice's QR code)")
    walk.next()
    pass_identify(walk)
    scan_material(walk, "submission", 1)
    walk.next()
    return list_check_sign_submit(walk, wait_receipt, "the court's receipt", "transfer-received",
                                  "material transfer: received by the court")


def list_check_sign_submit(walk: Walk, wait_receipt: float, what: str, shot: str, note: str) -> str:
    """The journeys' common end: material list, check, signatures, status, the receipt."""
    walk.wait_screen("step.material_list")
    walk.next()
    return check_sign_submit(walk, wait_receipt, shot, note, what)


def elderly_civil_filing(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """The civil filing of ``civil_filing`` by a first-time user who taps 适老模式 on the home
    screen first; returns the packet id (``walk.taps`` counts the mode tap too)."""
    walk.on_home = tap_elderly
    try:
        return civil_filing(walk, wait_receipt=wait_receipt)
    finally:
        walk.on_home = None


def resubmit_rejected(walk: Walk, packet_id: str, *, rescan: tuple[str, ...] = (),
                      wait_receipt: float = 120.0) -> str:
    """On 我的案件: 更正后重新提交 on the rejected filing → the filing journey pre-filled from the
    court's copy → rescan ``rescan`` (material ids), keep the rest → sign → submit. Returns the new
    packet id."""
    kiosk = walk.kiosk
    screen = walk.screen
    button = next(w for w in screen.cards.walk() if getattr(w, "label", None) is not None
                  and w.label.text == "更正后重新提交")
    screen.scroller.scroll_to(button, padding=10, animate=False)
    steady(walk, button)
    walk.shot("cf-rejected", "a rejected filing: the reason, where to object in person, 更正后重新提交")
    walk.tap(button)
    accept_notice(walk)
    pass_identify(walk)
    walk.wait_screen("step.choose")
    walk.shot("cf-case-type", "the case type as filed, pre-selected")
    walk.tap(next(card for card in walk.screen.cards if card.value == walk.body.chosen))
    walk.wait_screen("step.court")
    walk.wait(lambda: walk.body.can_continue, 5, "the court as filed")
    walk.shot("cf-court", "the jurisdiction court as filed")
    walk.next()
    walk.wait_screen("step.materials")
    walk.shot("cf-materials", "materials: kept from the court's copy, or to be scanned again")
    scanner = kiosk.app.kiosk.runtime.devices["scanner"]
    for material_id in rescan:
        tab = next(w for w in walk.screen.tabs.children
                   if w.label.text == next(m.name for m in walk.body.materials if m.material_id == material_id)[:8])
        walk.tap(tab)
        walk.wait(lambda: walk.body.current == material_id, 5, "the material chosen")
        scanner.reload(1)
        walk.tap(walk.screen.more)
        walk.wait(lambda: kiosk.controller.state.journey.dossier.material(material_id).status
                  in ("ready", "failed"), 180, f"{material_id} scanned again")
    walk.shot("cf-materials-rescanned", "the flagged material scanned again, the complaint kept")
    walk.next()
    fill_contact(walk, "13800138000")
    return list_check_sign_submit(walk, wait_receipt, "the court's receipt of the resubmission",
                                  "cf-received", "the corrected filing received by the court")
