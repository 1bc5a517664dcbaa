"""The steps every journey shares, walked as a person does: the card on the reader, the notice
read to its end, the applicant passed, choices, the court, scanning, the parties, every
confirmation signed, the status step and the court's receipt, a service's tile, the court's news."""

from __future__ import annotations

from kiosk.walkthrough.forms import action_key
from kiosk.walkthrough.gestures import scroll_until, steady
from kiosk.walkthrough.walk import Walk


# A name-like signature: three strokes across the pad.
SIGNATURE = (
    [(0.15, 0.7), (0.25, 0.4), (0.32, 0.72), (0.4, 0.35)],
    [(0.45, 0.6), (0.6, 0.62), (0.72, 0.58)],
    [(0.62, 0.8), (0.6, 0.45), (0.66, 0.2), (0.8, 0.3)],
)


def start_with_card(walk: Walk, card: str = "resident") -> None:
    kiosk = walk.kiosk
    runtime = kiosk.app.kiosk.runtime
    walk.shot("attract", "the attract screen: tap anywhere or put the ID card on the reader")
    walk.tap(kiosk.root.screens["attract"])
    walk.wait_screen("home")
    runtime.devices["idcard"].simulator.place(card)
    walk.wait(lambda: kiosk.controller.state.identity is not None, 15, "the card to be read")
    walk.shot("home", "a session: every service on the home screen; the card is already read")
    if walk.on_home is not None:
        walk.on_home(walk)


def accept_notice(walk: Walk) -> None:
    walk.wait_screen("step.notice")
    walk.shot("notice", "the notice: the accept button wakes only at the end of the text")
    scroll_until(walk, walk.screen.scroller, lambda: walk.body.can_accept, "the notice read to its end")
    walk.next()


def pass_identify(walk: Walk) -> None:
    walk.wait_screen("step.identify")
    walk.wait(lambda: walk.body.who != "", 10, "the applicant from the card")
    walk.shot("identify", "the applicant, from the chip")
    walk.next()


def choose(walk: Walk, value: str) -> None:
    walk.wait_screen("step.choose")
    walk.shot("case-type", "the case type")
    option = next(card for card in walk.screen.cards if card.value == value)
    walk.tap(option)


def choose_court(walk: Walk, letters: str, code: str) -> None:
    walk.wait_screen("step.court")
    screen = walk.screen
    keys = {child.label.text: child for child in screen.walk() if hasattr(child, "label")
            and getattr(child.label, "text", "") in letters}
    for letter in letters:
        walk.tap(keys[letter])
    button = next(b for b in screen.result_buttons if b.code == code)
    walk.tap(button)
    walk.shot("court", "the jurisdiction court, found by its pinyin initials, with the rule")
    walk.next()


def scan_material(walk: Walk, kind: str, sheets: int, timeout: float = 180.0) -> None:
    walk.wait_screen("step.materials")
    scanner = walk.kiosk.app.kiosk.runtime.devices["scanner"]
    scanner.reload(sheets)
    before = len(walk.kiosk.controller.state.journey.dossier.materials)
    walk.tap(walk.screen.kind_buttons[kind])

    def done() -> bool:
        materials = walk.kiosk.controller.state.journey.dossier.materials
        return len(materials) > before and materials[-1].status in ("ready", "failed", "paused")
    walk.wait(lambda: any(m.status == "scanning" and m.pages for m in
                          walk.kiosk.controller.state.journey.dossier.materials) or done(), 60,
              "the first page")
    walk.wait(done, timeout, f"{kind} scanned and recognised")


def fill_contact(walk: Walk, phone: str, method: str = "electronic") -> None:
    """Type the phone only when the complaint's OCR did not give one; choose the method."""
    walk.wait_screen("step.parties")
    walk.shot("parties", "parties pre-filled: the applicant from the chip, the other side from the complaint's OCR")
    screen = walk.screen
    if not _phone_missing(walk):
        walk.tap(screen.method_buttons[method])
        walk.next()
        return
    edit = next(w for w in screen.rows.walk() if getattr(w, "target", "") == "phone")
    screen.scroller.scroll_to(edit, animate=False)
    steady(walk, edit)
    walk.tap(edit)
    walk.wait(lambda: walk.body.editing == "phone", 5, "the phone editor")
    keys = {w.label.text: w for w in screen.editor.keys.walk() if hasattr(w, "label")}
    for digit in phone:
        walk.tap(keys[digit])
    walk.shot("parties-keypad", "typing the phone number on the keypad")
    walk.tap(action_key(screen.editor, "confirm"))
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.tap(screen.method_buttons[method])
    walk.next()


def _phone_missing(walk: Walk) -> bool:
    dossier = walk.kiosk.controller.state.journey.dossier
    return dossier.phone is None or len(str(dossier.phone.value)) != 11


def sign_all(walk: Walk) -> None:
    walk.wait_screen("step.sign")
    first = True
    while walk.kiosk.screen == "step.sign":
        number = walk.body.number
        screen = walk.screen
        walk.draw(screen.panel.pad, SIGNATURE)
        if first:
            walk.shot("sign", "each confirmation signed on the pad, bound to the hash of its text")
            first = False
        walk.tap(screen.panel.confirm_button)
        walk.wait(lambda: walk.kiosk.screen != "step.sign" or walk.body.number != number, 10,
                  "the next confirmation")


def check_sign_submit(walk: Walk, wait_receipt: float, shot: str, note: str,
                      what: str = "the court's receipt") -> str:
    """The journeys' common end from the pre-send check: 下一步, every confirmation signed, the
    status step, then (``wait_receipt`` > 0) the court's receipt and its PNG; the packet id."""
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    return await_receipt(walk, wait_receipt, shot, note, what)


def await_receipt(walk: Walk, wait_receipt: float, shot: str = "", note: str = "",
                  what: str = "the court's receipt", screen: str | None = "step.status") -> str:
    """The status step (``screen``; None when already on it), then (``wait_receipt`` > 0) the
    court's receipt and its PNG (``shot``, if named); the packet id."""
    if screen:
        walk.wait_screen(screen, 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, what)
        if shot:
            walk.shot(shot, note)
    return packet_id


def open_service(walk: Walk, service: str) -> None:
    """Its home tile when the home screen has one (turning to the tile's page first); otherwise
    the same intent the tile sends (``catalog.WAITING_FOR_A_TILE``)."""
    tiles = walk.kiosk.root.screens["home"].tiles
    if service in tiles:
        walk.tap(home_tile(walk, service))
    else:
        from kiosk.flows.intents import TileTapped

        walk.taps += 1
        walk.kiosk.controller.send(TileTapped(service))
        walk.kiosk.pump(2)


def home_tile(walk: Walk, service: str):
    """The home tile of ``service`` on screen: 更多服务 / 上一页 tapped until its page shows."""
    home = walk.kiosk.root.screens["home"]
    target = home.page_of(service)
    while home.page != target:
        walk.tap(home.next_button if home.page < target else home.prev_button)
    return home.tiles[service]


def tap_elderly(walk: Walk) -> None:
    """适老模式 on the access bar (the voice offers it at the start of the session)."""
    walk.tap(walk.screen.header.access.elderly)
    walk.wait(lambda: walk.kiosk.controller.state.mode == "elderly"
              and walk.kiosk.root.screens[walk.kiosk.screen].header.access.elderly.selected, 10,
              "elderly mode")
    walk.shot("home-elderly", "适老模式: larger type, slower speech, twice the idle time")


def _dismiss_news(walk: Walk, wait: float = 4.0, shot: str = "archive-news") -> None:
    """The court's news at the card tap (the approval is a new document for this person), 知道了."""
    root = walk.kiosk.root
    shown = lambda: getattr(root, "news", None) is not None and root.news.parent is not None  # noqa: E731
    walk.kiosk.wait_for(shown, wait)
    if shown():
        walk.shot(shot, "at the card tap: what the court sent is news for this person")
        walk.tap(root.news.dismiss_button)
        walk.wait(lambda: not shown(), 5, "the news dismissed")


def begin_service(walk: Walk, service: str) -> None:
    """From wherever the walk stands: the card read (if not yet on the home screen), the service's
    tile, its notice read to the end and accepted, the card's identity passed on."""
    if walk.kiosk.screen != "home":
        start_with_card(walk)
    open_service(walk, service)
    accept_notice(walk)
    pass_identify(walk)
