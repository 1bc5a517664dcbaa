"""A person at the screen, scripted: real touches on the real widgets, step by step, a PNG per
step. The headless demo, the UI tests and ``bench/journey.py`` all walk the journeys this way,
so what the README shows is what the tests drive."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


class Walk:
    def __init__(self, kiosk, out_dir: Path | None = None, log: Callable[[str], None] = print):
        self.kiosk = kiosk
        self.out_dir = Path(out_dir) if out_dir else None
        self.log = log
        self.taps = 0
        self.shots: list[Path] = []

    # --- seeing ----------------------------------------------------------------------------
    @property
    def screen(self):
        return self.kiosk.root.screens[self.kiosk.screen]

    @property
    def view(self):
        return self.kiosk.controller.view

    @property
    def body(self):
        return self.view.step.body if self.view.step else None

    def shot(self, name: str, note: str = "") -> None:
        if self.out_dir is None:
            return
        path = self.kiosk.save(self.out_dir / f"{len(self.shots) + 1:02d}-{name}.png")
        self.shots.append(path)
        self.log(f"{path.name}: {note}")

    def wait(self, predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
        if not self.kiosk.wait_for(predicate, timeout):
            raise AssertionError(f"timed out waiting for {what or predicate} on {self.kiosk.screen}")

    def wait_screen(self, name: str, timeout: float = 30.0) -> None:
        self.wait(lambda: self.kiosk.screen == name, timeout, f"screen {name}")

    # --- acting ----------------------------------------------------------------------------
    def tap(self, widget) -> None:
        self.taps += 1
        self.kiosk.tap(widget)

    def next(self) -> None:
        self.tap(self.screen.primary)

    def drag(self, widget, dy: float, steps: int = 8) -> None:
        """A finger drag on ``widget`` (dy > 0 moves the finger up: content scrolls on)."""
        from kivy.tests.common import UnitTestTouch

        x, y = widget.to_window(*widget.center)
        dy = max(-0.8 * widget.height, min(0.8 * widget.height, dy))
        touch = UnitTestTouch(x, y - dy / 2)
        touch.touch_down()
        for i in range(1, steps + 1):
            touch.touch_move(x, y - dy / 2 + dy * i / steps)
            self.kiosk.pump(1)
        touch.touch_up()
        self.kiosk.pump(3)

    def draw(self, widget, strokes) -> None:
        """Strokes of (fx, fy) fractions of ``widget``'s box, each drawn as a real touch path."""
        from kivy.tests.common import UnitTestTouch

        for stroke in strokes:
            points = [widget.to_window(widget.x + fx * widget.width, widget.y + fy * widget.height)
                      for fx, fy in stroke]
            touch = UnitTestTouch(*points[0])
            touch.touch_down()
            for px, py in points[1:]:
                time.sleep(0.005)
                touch.touch_move(px, py)
            touch.touch_up()
        self.kiosk.pump(2)


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


def accept_notice(walk: Walk) -> None:
    walk.wait_screen("step.notice")
    walk.shot("notice", "the notice: the accept button wakes only at the end of the text")
    screen = walk.screen
    for _ in range(40):
        if walk.body.can_accept:
            break
        walk.drag(screen.scroller, 500)
        walk.kiosk.pump(2)
    walk.wait(lambda: walk.body.can_accept, 5, "the notice read to its end")
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
    edit = next(w for w in screen.rows.walk() if getattr(w, "label", None) is not None
                and w.label.text == "修改" and getattr(w, "target", "") == "phone")
    screen.scroller.scroll_to(edit, animate=False)
    walk.kiosk.pump(2)
    walk.tap(edit)
    walk.wait(lambda: walk.body.editing == "phone", 5, "the phone editor")
    keys = {w.label.text: w for w in screen.editor.keys.walk() if hasattr(w, "label")}
    for digit in phone:
        walk.tap(keys[digit])
    walk.shot("parties-keypad", "typing the phone number on the keypad")
    walk.tap(next(w for w in screen.editor.walk() if getattr(w, "label", None) is not None
                  and w.label.text == "确定"))
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
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("received", "管辖法院已接收: the court's signed receipt arrived")
    return packet_id


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
    walk.wait_screen("step.material_list")
    walk.next()
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("transfer-received", "material transfer: received by the court")
    return packet_id


def _case_keys(case_ref: str) -> list[str]:
    parts, _i = [], 0
    for word in ("民初", "民终", "行初"):
        case_ref = case_ref.replace(word, f"\x00{word}\x00")
    for piece in case_ref.split("\x00"):
        if piece in ("民初", "民终", "行初"):
            parts.append(piece)
        else:
            parts.extend(piece)
    return [p for p in parts if p]


# --- live questions to the court (案件查询, 联系法官) -------------------------------------------


def my_cases(walk: Walk, *, shot: bool = True) -> None:
    """From the home screen with the card read: 案件查询 → the court's live answer on screen."""
    kiosk = walk.kiosk
    walk.tap(kiosk.root.screens["home"].tiles["case_query"])
    walk.wait(lambda: kiosk.screen in ("step.identify", "step.query"), 10, "the identify step")
    if kiosk.screen == "step.identify":  # the card read before the tile: confirm it once
        walk.wait(lambda: walk.body.who != "", 10, "the card holder")
        walk.next()
    walk.wait_screen("step.query")
    walk.wait(lambda: walk.body.status != "asking", 10, "the court's answer")
    if shot:
        walk.shot("q-my-cases", "我的案件: the court's signed live answer, per case and per filing")


def type_pinyin(walk: Walk, keyboard, words) -> None:
    """Type each (letters, word) on the pinyin keyboard and pick ``word`` from the candidates."""
    for letters, word in words:
        for letter in letters:
            walk.tap(keyboard.keys[letter])
        walk.kiosk.pump(2)
        picks = [k for k in keyboard.bar.keys if getattr(k.label, "text", "") == word]
        if not picks:
            raise AssertionError(f"{word} not among {[k.label.text for k in keyboard.bar.keys]}")
        walk.tap(picks[0])


def open_conversation(walk: Walk, case_ref: str) -> None:
    """联系法官 from the home screen to the conversation, fetched live from the court."""
    walk.tap(walk.kiosk.root.screens["home"].tiles["contact_judge"])
    walk.wait_screen("step.case_number")
    keys = {w.label.text: w for w in walk.screen.body.walk() if hasattr(w, "label")}
    for part in _case_keys(case_ref):
        walk.tap(keys[part])
    walk.next()
    pass_identify(walk)
    walk.wait_screen("step.query")
    walk.wait(lambda: walk.body.status != "asking", 10, "the conversation from the court")


def contact_judge(walk: Walk, case_ref: str, words, *, wait_receipt: float = 120.0) -> str:
    """联系法官: case number on the keypad, the card, the conversation, a message typed in pinyin,
    no attachment, sent; returns the packet id."""
    from screens.inputs.keyboard import PinyinKeyboard

    open_conversation(walk, case_ref)
    walk.shot("q-conversation", "我的留言: the conversation so far, live from the court")
    walk.next()
    walk.wait_screen("step.compose")
    walk.tap(walk.screen.write_button)
    def keyboard_shown():
        return next((w for w in walk.screen.editor.walk() if isinstance(w, PinyinKeyboard)
                     and walk.screen.editor.parent is not None), None)
    walk.wait(lambda: walk.body.editing and keyboard_shown() is not None, 5, "the keyboard")
    keyboard = keyboard_shown()
    type_pinyin(walk, keyboard, words)
    walk.shot("q-compose-keyboard", "the message typed on the pinyin keyboard")
    walk.tap(next(w for w in walk.screen.editor.walk() if getattr(w, "label", None) is not None
                  and w.label.text == "确定"))
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("q-compose", "the message, its length checked")
    walk.next()
    walk.wait_screen("step.materials")
    walk.shot("q-attachments", "attachments: optional")
    walk.next()
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("q-message-received", "the message received by the court")
    return packet_id
