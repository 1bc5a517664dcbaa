"""The scripted person and the steps every journey shares: card, notice, identify, choices, scanning, forms, signing."""

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
        path = self.kiosk.save(self.out_dir / f"{len(self.shots) + 1:03d}-{name}.png")
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


def _button(walk: Walk, root, label: str):
    return next(w for w in root.walk() if getattr(w, "label", None) is not None
                and getattr(w.label, "text", "") == label)


def action_key(root, action: str):
    """The key or button under ``root`` that does ``action`` (``backspace``, ``clear``, ``done``,
    ``confirm`` …), preferring one on screen: labels change with the language, actions do not."""
    found = [w for w in root.walk(restrict=True) if getattr(w, "action", None) == action]
    shown = [w for w in found if w.get_parent_window() is not None and w.opacity > 0]
    if not found:
        raise LookupError(f"no key that does {action!r} under {type(root).__name__}")
    return (shown or found)[0]


def type_case_number(walk: Walk, case_ref: str) -> None:
    """On the case-number step: the keypad's parts, as a person taps them."""
    keys = {w.label.text: w for w in walk.screen.body.walk() if hasattr(w, "label")}
    for part in _case_keys(case_ref):
        walk.tap(keys[part])


def form_open(walk: Walk, key: str) -> None:
    """Tap the row's 修改. The rows are rebuilt when a view arrives (a choice just made, the
    court's news), so the button is looked up again once the screen is still; a person whose tap
    fell on a row being replaced taps again, and so does this walk, once."""
    screen = walk.screen
    for attempt in range(2):
        edit = next(w for w in screen.rows.walk() if getattr(w, "target", "") == key)
        screen.scroller.scroll_to(edit, animate=False)
        steady(walk, edit)
        edit = next(w for w in screen.rows.walk() if getattr(w, "target", "") == key)
        walk.tap(edit)
        if walk.kiosk.wait_for(lambda: walk.body.editing == key, 3 if attempt == 0 else 5):
            return
        walk.log(f"the tap on {key}'s 修改 did not open its editor: tapping again")
    walk.wait(lambda: walk.body.editing == key, 1, f"the editor of {key}")


def steady(walk: Walk, widget, frames: int = 40) -> None:
    """Pump until ``widget`` stays where it is for two frames: a person taps what has stopped
    moving, and a scroll or a relayout still in progress would move it from under the finger."""
    last = None
    for _ in range(frames):
        walk.kiosk.pump(1)
        here = widget.to_window(*widget.center)
        if here == last:
            return
        last = here


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
    """退格 until the field is empty, as a person would (its key found by what it does)."""
    backspace = action_key(walk.screen.editor, "backspace")
    for _ in range(len(walk.screen.editor.value)):
        walk.tap(backspace)


def form_commit(walk: Walk) -> None:
    walk.tap(action_key(walk.screen.editor, "confirm"))
    walk.kiosk.pump(2)


def form_choose(walk: Walk, key: str, value: str) -> None:
    screen = walk.screen
    button = next(w for w in screen.rows.walk() if getattr(w, "option", None) == (key, value))
    screen.scroller.scroll_to(button, animate=False)
    steady(walk, button)
    walk.tap(button)
    walk.wait(lambda: any(r.key == key and r.value for r in walk.body.rows), 5, f"{key} chosen")


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
