"""Audit targets for the editing states: each value editor opened on the step it lives on, with a
realistic value typed by taps on its keys (candidates showing for pinyin and handwriting), so
``kiosk audit-screens`` judges the keypads and keyboards a litigant actually types on.

The steps are reached through the same events the widgets send; the typing is real touches on
the real keys (and real strokes on the handwriting pad), so a key nobody can reach fails here.
"""

from __future__ import annotations

from kiosk.a11y.journey_targets import _send, _to
from kiosk.a11y.registry import register

CASE_TYPED = ("（2025）", "豫0181", "民初", "1", "2", "3")
"""The case-number keypad's helpers (year, the kiosk's court, a type word), then digits."""


def _keys(widget) -> dict:
    """Every key-like widget under ``widget`` by its label (later ones do not replace earlier)."""
    from screens.widgets import BigButton

    found: dict = {}
    for w in widget.walk(restrict=True):
        if isinstance(w, BigButton) and w.label.text:
            found.setdefault(w.label.text, w)
    return found


def _tap_all(kiosk, where, labels) -> None:
    for label in labels:
        keys = _keys(where())
        if label not in keys:
            raise LookupError(f"no key {label!r} on the editor (have {sorted(keys)})")
        kiosk.tap(keys[label])
    kiosk.settle()


def _wipe(kiosk) -> None:
    """The card's value wiped as a person would: 退格 (found by what it does) until empty."""
    from kiosk.walkthrough.forms import action_key

    for _ in range(len(_editor(kiosk).value)):
        kiosk.tap(action_key(_editor(kiosk), "backspace"))
    kiosk.settle()


def _focus(kiosk, target: str) -> None:
    from kiosk.flows.events import FieldFocused

    _send(kiosk, FieldFocused(target))
    kiosk.pump(3)


def _petition_form(kiosk) -> None:
    from kiosk.a11y.journey_targets import _to_form

    _to_form(kiosk)


def _screen(kiosk):
    return kiosk.root.manager.current_screen


def _editor(kiosk):
    return _screen(kiosk).editor


def _keyboard(kiosk):
    from screens.inputs.keyboard import PinyinKeyboard

    board = next((w for w in _editor(kiosk).walk(restrict=True) if isinstance(w, PinyinKeyboard)), None)
    if board is None:
        raise LookupError("the pinyin keyboard is not on the editor (no input engines?)")
    return board


# --- digit pads: ID number (with X), phone, amount, lawyer licence ---------------------------


def _form_id_number(kiosk) -> None:
    """The petition's ID number retyped: 17 digits in, the X key next."""
    _petition_form(kiosk)
    _focus(kiosk, "id_number")
    _wipe(kiosk)  # the card's number
    _tap_all(kiosk, lambda: _editor(kiosk), "41018119900307451")


def _parties_phone(kiosk) -> None:
    """The filing's parties step, the contact phone half typed."""
    _to(kiosk, "parties")
    _focus(kiosk, "phone")
    _wipe(kiosk)
    _tap_all(kiosk, lambda: _editor(kiosk), "1390371")


def _parties_amount(kiosk) -> None:
    """The claim's amount (the claims field's amount pad)."""
    _to(kiosk, "parties")
    _focus(kiosk, "claims")
    _tap_all(kiosk, lambda: _editor(kiosk), "25800.5")


def _lawyer_licence(kiosk) -> None:
    """The lawyer channel of the filing's identify step: the 17-digit licence being typed."""
    from kiosk.flows.events import ActionTapped

    _to(kiosk, "identify")
    _send(kiosk, ActionTapped("lawyer"))
    _focus(kiosk, "licence")
    _tap_all(kiosk, lambda: _editor(kiosk), "14101201810")


# --- the case-number keypad: in the form, and the case-number step ---------------------------


def _form_case_number(kiosk) -> None:
    """The petition's related case number on the form's keypad (helpers, then digits)."""
    _petition_form(kiosk)
    _focus(kiosk, "case_ref")
    for label in CASE_TYPED:
        _tap_all(kiosk, lambda: _screen(kiosk).keypad, (label,))


def _step_case_number(kiosk) -> None:
    """The material transfer's case-number step, the number half typed on its keys."""
    _to(kiosk, "case_number", "material_transfer")
    _tap_all(kiosk, lambda: _screen(kiosk).body, ("（", "2", "0", "2", "4", "）", "豫", "0", "1"))


def _pickup_code(kiosk) -> None:
    """文书领取's pickup-code pad (the SMS's six digits), four typed by taps."""
    from kiosk.a11y.documents_targets import _to as _to_documents

    _to_documents(kiosk, "documents")
    _focus(kiosk, "code")  # what 输入领取验证码 sends (in large type it is below the list)
    _tap_all(kiosk, lambda: _screen(kiosk).code_keys, "2417")


# --- text: pinyin with its candidates, handwriting with its candidates -----------------------


def _parties_pinyin(kiosk) -> None:
    """The service address on the pinyin keyboard: 河南 picked, ``xinhua`` typed, its
    candidates in the bar."""
    _to(kiosk, "parties")
    _focus(kiosk, "service_address")
    board = _keyboard(kiosk)
    for letter in "henan":
        kiosk.tap(board.keys[letter])
    kiosk.pump(2)
    pick = next((k for k in board.bar.keys if k.label.text == "河南"), None)
    if pick is None:
        raise LookupError(f"河南 not among {[k.label.text for k in board.bar.keys]}")
    kiosk.tap(pick)
    for letter in "xinhua":
        kiosk.tap(board.keys[letter])
    kiosk.settle()
    if not board.bar.keys:
        raise LookupError("no pinyin candidates for xinhua")


STROKES_SHI = (((0.2, 0.5), (0.8, 0.5)), ((0.5, 0.85), (0.5, 0.15)))
"""十 on the writing box (fractions of its side, y up): a horizontal, then a vertical stroke."""


def _draw(kiosk, pad, strokes) -> None:
    from kiosk.scripted_touch import ScriptedTouch

    ink = pad.ink
    for stroke in strokes:
        (x0, y0), (x1, y1) = stroke
        points = [(x0 + (x1 - x0) * i / 12, y0 + (y1 - y0) * i / 12) for i in range(13)]
        wx, wy = ink.to_window(ink.x + points[0][0] * ink.width, ink.y + points[0][1] * ink.height)
        touch = ScriptedTouch(wx, wy)
        touch.touch_down()
        for fx, fy in points[1:]:
            touch.touch_move(*ink.to_window(ink.x + fx * ink.width, ink.y + fy * ink.height))
        touch.touch_up()
        kiosk.pump(2)


def _form_handwriting(kiosk) -> None:
    """The petition's matter in handwriting: 手写 tapped, 十 written, its candidates in the bar."""
    _petition_form(kiosk)
    _focus(kiosk, "matter")
    board = _keyboard(kiosk)
    kiosk.tap(board.keys["handwriting"])
    kiosk.pump(3)
    _draw(kiosk, board.pad, STROKES_SHI)
    kiosk.settle()
    if not board.bar.keys:
        raise LookupError("no handwriting candidates for the strokes drawn")


EDITORS = {
    "edit.id_number": _form_id_number,
    "edit.phone": _parties_phone,
    "edit.amount": _parties_amount,
    "edit.licence": _lawyer_licence,
    "edit.case_number": _form_case_number,
    "edit.case_step": _step_case_number,
    "edit.pickup_code": _pickup_code,
    "edit.pinyin": _parties_pinyin,
    "edit.handwriting": _form_handwriting,
}
"""Target name → how it is reached (the step each editor lives on, then the typing)."""
STEP_OF = {"edit.id_number": "step.form", "edit.phone": "step.parties", "edit.amount": "step.parties",
           "edit.licence": "step.identify", "edit.case_number": "step.form",
           "edit.case_step": "step.case_number", "edit.pickup_code": "step.documents",
           "edit.pinyin": "step.parties",
           "edit.handwriting": "step.form"}
"""The screen each editing state shows (the audit checks it was reached)."""



def _checked(name: str):
    """``EDITORS[name]``, then a check that its step shows with the editor open: an editing state
    that did not open must not pass as the step's list."""
    def reach(kiosk) -> None:
        EDITORS[name](kiosk)
        kiosk.settle()
        step = kiosk.controller.view.step
        body = step.body if step is not None else None
        if kiosk.screen != STEP_OF[name] or not (name == "edit.case_step" or getattr(body, "editing", "")):
            raise LookupError(f"{name}: expected the editor open on {STEP_OF[name]}, showing {kiosk.screen}")
    return reach


for _name in EDITORS:
    register(_name, _checked(_name))
