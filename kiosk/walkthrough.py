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
        self.on_home: Callable[[Walk], None] | None = None
        """Run once the session's home screen shows (e.g. tap 适老模式: ``elderly_civil_filing``)."""

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
        from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

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
        from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

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
    if walk.on_home is not None:
        walk.on_home(walk)


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
    return list_check_sign_submit(walk, wait_receipt, "the court's receipt", "transfer-received",
                                  "material transfer: received by the court")


def list_check_sign_submit(walk: Walk, wait_receipt: float, what: str, shot: str, note: str) -> str:
    """The journeys' common end: material list, check, signatures, status, the receipt."""
    walk.wait_screen("step.material_list")
    walk.next()
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, what)
        walk.shot(shot, note)
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


# --- public documents and the viewer (文书公开) -------------------------------------------------


def swipe(walk: Walk, widget, dx: float, steps: int = 6) -> None:
    """A horizontal finger swipe across ``widget`` (dx < 0: towards the left, the next page)."""
    from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

    walk.taps += 1
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x - dx / 2, y)
    touch.touch_down()
    for i in range(1, steps + 1):
        touch.touch_move(x - dx / 2 + dx * i / steps, y)
        walk.kiosk.pump(1)
    touch.touch_up()
    walk.kiosk.pump(2)


def pinch(walk: Walk, widget, factor: float, steps: int = 6) -> None:
    """Two fingers moving apart (factor > 1: zoom in) on ``widget``."""
    from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

    walk.taps += 1
    x, y = widget.to_window(*widget.center)
    d0 = 80.0
    a, b = UnitTestTouch(x - d0, y), UnitTestTouch(x + d0, y)
    a.touch_down()
    b.touch_down()
    for i in range(1, steps + 1):
        d = d0 * (1 + (factor - 1) * i / steps)
        a.touch_move(x - d, y)
        b.touch_move(x + d, y)
        walk.kiosk.pump(1)
    a.touch_up()
    b.touch_up()
    walk.kiosk.pump(2)


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


def open_publication(walk: Walk, *, digits: str = "1187", cause: str = "民间借贷纠纷") -> None:
    """From wherever the session is to a published judgment on screen, found by its case
    number's digits and its cause of action: no ID card."""
    kiosk = walk.kiosk
    if kiosk.screen == "attract":
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
    open_service(walk, "public_documents")
    walk.wait_screen("step.library")
    walk.wait(lambda: walk.body.status != "loading", 15, "the catalogue")
    walk.shot("library", "文书公开: the court's published judgments, guides and templates; no ID card")
    screen = walk.screen
    for digit in digits:
        walk.tap(screen.keys[digit])
    walk.tap(screen.chips[("cause", cause)])
    walk.wait(lambda: len(walk.body.results) >= 1 and walk.body.query == digits
              and screen.result_cards, 5, "the search")
    walk.shot("search", f"searched by the case number's digits {digits} and the cause {cause}")
    walk.tap(screen.result_cards[0])
    walk.wait_screen("step.viewer")
    walk.wait(lambda: walk.body.current is not None, 15, "the first page")
    walk.shot("viewer", "the first page, rendered off the Kivy thread; the next ones rendered ahead")


def turn_and_zoom(walk: Walk) -> None:
    """A swipe to the next page, then a pinch to zoom in."""
    area = walk.screen.area
    page = walk.body.page
    swipe(walk, area, -360)
    walk.wait(lambda: walk.body.page == page + 1 and walk.body.current is not None, 10, "the next page")
    walk.shot("next-page", f"swiped: {walk.body.page_label}")
    pinch(walk, area, 1.8)
    walk.wait(lambda: walk.body.zoom > 1 and walk.body.current is not None
              and walk.body.current.width > 860, 15, "the zoomed page")
    walk.kiosk.pump(2)
    walk.shot("zoomed", f"pinched to {walk.body.zoom_label}: the page rendered again, sharper")


def print_shown(walk: Walk, choice: str = "all", timeout: float = 90.0) -> None:
    """打印 → this page or all allowed pages → the job followed to its end on the printer."""
    walk.next()
    walk.wait(lambda: walk.body.print_state == "choosing", 5, "the print choices")
    walk.shot("print-choices", "print this page or every page the court allows")
    walk.tap(walk.screen.choice_buttons[choice])
    walk.wait(lambda: walk.body.print_state in ("done", "failed", "blocked"), timeout, "the print job")


def _button(walk: Walk, root, label: str):
    return next(w for w in root.walk() if getattr(w, "label", None) is not None
                and getattr(w.label, "text", "") == label)


def type_case_number(walk: Walk, case_ref: str) -> None:
    """On the case-number step: the keypad's parts, as a person taps them."""
    keys = {w.label.text: w for w in walk.screen.body.walk() if hasattr(w, "label")}
    for part in _case_keys(case_ref):
        walk.tap(keys[part])


def form_open(walk: Walk, key: str) -> None:
    screen = walk.screen
    edit = next(w for w in screen.rows.walk() if getattr(w, "target", "") == key)
    screen.scroller.scroll_to(edit, animate=False)
    walk.kiosk.pump(2)
    walk.tap(edit)
    walk.wait(lambda: walk.body.editing == key, 5, f"the editor of {key}")


def form_type_pinyin(walk: Walk, words, shot: str = "") -> None:
    """Letters on the injected pinyin keyboard, the first candidate picked after each word."""
    board = next(w for w in walk.screen.editor.keys.walk() if hasattr(w, "bar") and hasattr(w, "keys"))
    for word in words:
        for letter in word:
            walk.tap(board.keys[letter])
        walk.tap(board.bar.keys[0])
    if shot:
        walk.shot(shot, "typing on the pinyin keyboard; everything typed shows above it")


def form_type_keys(walk: Walk, chars: str) -> None:
    keys = {w.label.text: w for w in walk.screen.editor.keys.walk() if hasattr(w, "label")}
    for char in chars:
        walk.tap(keys[char])


def form_clear(walk: Walk) -> None:
    backspace = _button(walk, walk.screen.editor, "退格")
    for _ in range(len(walk.screen.editor.value)):
        walk.tap(backspace)


def form_commit(walk: Walk) -> None:
    walk.tap(_button(walk, walk.screen.editor, "确定"))
    walk.kiosk.pump(2)


def form_choose(walk: Walk, key: str, value: str) -> None:
    screen = walk.screen
    button = next(w for w in screen.rows.walk() if getattr(w, "option", None) == (key, value))
    screen.scroller.scroll_to(button, animate=False)
    walk.kiosk.pump(2)
    walk.tap(button)
    walk.wait(lambda: any(r.key == key and r.value for r in walk.body.rows), 5, f"{key} chosen")


def preservation_in_case(walk: Walk, case_ref: str, *, wait_receipt: float = 120.0) -> str:
    """诉中财产保全 with an insurer's guarantee letter, from the home screen to the court's receipt."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk)
    walk.tap(kiosk.root.screens["home"].tiles["preservation_appraisal"])
    accept_notice(walk)
    pass_identify(walk)
    walk.wait_screen("step.choose")
    walk.shot("kind", "the kind: property preservation before or during litigation, evidence, conduct, appraisal")
    walk.tap(next(c for c in walk.screen.cards if c.value == "preservation_property"))
    walk.wait_screen("step.case_number")
    type_case_number(walk, case_ref)
    walk.shot("case-number", "in a case the case number names the court")
    walk.next()
    scan_material(walk, "preservation_application", 1)
    scan_material(walk, "guarantee", 1)
    walk.shot("materials", "the application and the guarantee letter scanned")
    walk.next()
    walk.wait_screen("step.form")
    walk.shot("form", "the form: the respondent and the amount read from the application, with where from")
    form_open(walk, "property")
    form_type_pinyin(walk, ("yinhang", "zhanghu"), shot="form-pinyin")
    form_commit(walk)
    form_open(walk, "reason")
    form_type_pinyin(walk, ("zhuanyi", "caichan"))
    form_commit(walk)
    if not any(r.key == "amount" and r.value for r in walk.body.rows):  # OCR did not read it: typed
        form_open(walk, "amount")
        form_type_keys(walk, "80000")
        form_commit(walk)
    form_choose(walk, "guarantee", "insurer")
    form_open(walk, "guarantee_amount")
    form_type_keys(walk, "80000")
    form_commit(walk)
    form_open(walk, "insurer")
    form_type_pinyin(walk, ("baoxian", "gongsi"))
    form_commit(walk)
    form_open(walk, "phone")
    form_clear(walk)  # the phone read from the application is not the applicant's
    form_type_keys(walk, "12345")
    form_commit(walk)
    walk.wait(lambda: walk.body.editing_error != "", 5, "the phone refused")
    walk.shot("form-refused", "a wrong phone is refused with the reason; what was typed stays in the editor")
    form_clear(walk)
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("form-filled", "the form complete: the guarantee (insurer's letter) with its amount")
    walk.next()
    walk.wait_screen("step.material_list")
    walk.shot("material-list", "the material list")
    walk.next()
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("received", "the court's signed receipt")
    return packet_id


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


def petition(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """网上信访 without materials: the petitioner from the card, the matter and the request typed."""
    kiosk = walk.kiosk
    if kiosk.screen != "home":
        start_with_card(walk)
    walk.tap(kiosk.root.screens["home"].tiles["petition"])
    accept_notice(walk)
    pass_identify(walk)
    walk.wait_screen("step.form")
    walk.shot("petition-form", "the petition: name, ID number and address from the card")
    form_open(walk, "matter")
    form_type_pinyin(walk, ("zhixing", "kuan"))
    form_commit(walk)
    form_open(walk, "request")
    form_type_pinyin(walk, ("jinkuai", "fafang"))
    form_commit(walk)
    form_open(walk, "phone")
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("petition-filled", "the matter and the request typed on the pinyin keyboard")
    walk.next()
    walk.wait_screen("step.materials")
    walk.next()
    return list_check_sign_submit(walk, wait_receipt, "the petition office's receipt",
                                  "petition-received", "received by the petition office")


# --- 文书领取: document collection, printing, proof of service ---------------------------------


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
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("documents-requested", "the request received by the jurisdiction court")
    return packet_id


def _short_form_top(walk: Walk) -> None:
    """This form is shorter than its scroller: shown from the top, nothing to scroll to (Kivy's
    ``scroll_to`` would push short content out of view)."""
    walk.screen.scroller.scroll_y = 1
    walk.kiosk.pump(2)


def _doc_form_choose(walk: Walk, key: str, value: str) -> None:
    _short_form_top(walk)
    button = next(w for w in walk.screen.rows.walk() if getattr(w, "option", None) == (key, value))
    walk.tap(button)
    walk.wait(lambda: any(r.key == key and r.value for r in walk.body.rows), 5, f"{key} chosen")


def _doc_form_open(walk: Walk, key: str) -> None:
    _short_form_top(walk)
    walk.tap(next(w for w in walk.screen.rows.walk() if getattr(w, "target", "") == key))
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
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt of the proof")
        walk.shot("documents-served", "the proof of service received by the jurisdiction court")
    return packet_id
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
    kiosk.pump(3)
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


def home_tile(walk: Walk, service: str):
    """The home tile of ``service`` on screen: 更多服务 / 上一页 tapped until its page shows."""
    home = walk.kiosk.root.screens["home"]
    target = home.page_of(service)
    while home.page != target:
        walk.tap(home.next_button if home.page < target else home.prev_button)
    return home.tiles[service]
# --- 网上缴费 (rules §9, annex 3) ---------------------------------------------------------------


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
    walk.wait_screen("step.fee_status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("fees-received", "the proof received by the court, which checks the payment")
    return packet_id


def fee_slip(walk: Walk, timeout: float = 60.0) -> None:
    """After ``court-gateway fees confirm``: the confirmation on screen and the 电子交费单 printed."""
    walk.wait(lambda: walk.body.state == "paid", timeout, "the court's confirmation")
    walk.wait(lambda: "打印" in walk.body.receipt and "正在" not in walk.body.receipt, 30, "the slip printed")
    walk.shot("fees-confirmed", "the court confirmed the payment; the 电子交费单 printed for the invoice")


# --- 笔录签署 and 跨域视频辅助 (norms §13–18) -------------------------------------------------------
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
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("transcript-video-received", "the application received by the jurisdiction court")
    return packet_id


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
    for _ in range(40):
        if walk.body.at_end:
            break
        walk.drag(walk.screen.scroller, 500)
        walk.kiosk.pump(2)
    walk.wait(lambda: walk.body.at_end, 5, "the transcript read to its end")
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
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("transcript-signed", "the signed transcript received by the court")
    return packet_id


def refuse_transcript(walk: Walk, reason: str = "not_what_i_said", *, wait_receipt: float = 120.0) -> str:
    """Read to the end, refused with a reason, the refusal sent; returns the packet id."""
    read_transcript(walk, shot=False)
    walk.tap(walk.screen.refuse_button)
    walk.wait(lambda: walk.body.phase == "refusing", 5, "the reasons")
    walk.tap(walk.screen.reason_buttons[reason])
    walk.wait(lambda: any(c for _v, _l, c in walk.body.reasons), 5, "the reason chosen")
    walk.shot("transcript-refuse", "refusing to sign: one of a few reasons, no typing")
    walk.next()
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
    return packet_id


def equipment_check(walk: Walk) -> None:
    """设备检查 alone, e.g. by staff before a session."""
    kiosk = walk.kiosk
    if kiosk.screen == "attract":
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
    open_transcript_tile(walk, "equipment_check", shot=False)
    walk.wait_screen("step.equipment")
    walk.wait(lambda: not walk.body.checking, 15, "the equipment probe")


# --- 卷宗查阅 (archive viewing, issue 11 §4) ------------------------------------------------------


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
    walk.wait_screen("step.check")
    walk.next()
    sign_all(walk)
    walk.wait_screen("step.status", 60)
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt")
        walk.shot("archive-received", "received by the jurisdiction court")
    return packet_id


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


def _dismiss_news(walk: Walk, wait: float = 4.0, shot: str = "archive-news") -> None:
    """The court's news at the card tap (the approval is a new document for this person), 知道了."""
    root = walk.kiosk.root
    shown = lambda: getattr(root, "news", None) is not None and root.news.parent is not None  # noqa: E731
    walk.kiosk.wait_for(shown, wait)
    if shown():
        walk.shot(shot, "at the card tap: what the court sent is news for this person")
        walk.tap(root.news.dismiss_button)
        walk.wait(lambda: not shown(), 5, "the news dismissed")


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
def tap_elderly(walk: Walk) -> None:
    """适老模式 on the access bar (the voice offers it at the start of the session)."""
    walk.tap(walk.screen.header.access.elderly)
    walk.wait(lambda: walk.kiosk.controller.state.mode == "elderly"
              and walk.kiosk.root.screens[walk.kiosk.screen].header.access.elderly.selected, 10,
              "elderly mode")
    walk.shot("home-elderly", "适老模式: larger type, slower speech, twice the idle time")


def elderly_civil_filing(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """The civil filing of ``civil_filing`` by a first-time user who taps 适老模式 on the home
    screen first; returns the packet id (``walk.taps`` counts the mode tap too)."""
    walk.on_home = tap_elderly
    try:
        return civil_filing(walk, wait_receipt=wait_receipt)
    finally:
        walk.on_home = None


def documents_refuse_proof(walk: Walk, reason: str = "disagree", *, wait_receipt: float = 120.0) -> str:
    """拒绝签收: the document printed, the proof of service refused with one of the reasons (a tap
    each), the refusal sent to the court; returns its packet id."""
    walk.wait(lambda: walk.body.print_state == "done", 120, "the printed document")
    walk.next()
    walk.wait_screen("step.sign")
    walk.tap(walk.screen.refuse)
    walk.wait(lambda: walk.body.refusing, 5, "the reasons")
    walk.tap(walk.screen.reason_buttons[reason])
    walk.wait(lambda: any(c for _r, _l, c in walk.body.reasons), 5, "the reason chosen")
    walk.shot("documents-refuse", "拒绝签收: a reason in the pad's place, the refusal's text as it is recorded")
    walk.next()
    walk.wait_screen("step.served", 30)
    walk.wait(lambda: walk.body.packet_id != "", 30, "the refusal sealed")
    packet_id = walk.body.packet_id
    if wait_receipt:
        walk.wait(lambda: walk.body.state == "received", wait_receipt, "the court's receipt of the refusal")
        walk.shot("documents-refused", "the refusal and its reason received by the jurisdiction court")
    return packet_id
