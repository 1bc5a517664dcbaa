"""Filling what a journey asks on screen: a form row's 修改, the on-screen keypads and the pinyin
keyboard, 确定, a choice among a field's options, and the case-number keypad's parts."""

from __future__ import annotations

from kiosk.walkthrough.gestures import steady
from kiosk.walkthrough.walk import Walk


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
