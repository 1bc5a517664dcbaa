"""The one digit keypad's kinds (``screens.inputs.keypad.LAYOUTS``), on real touches: the amount
pad of the value editor, the admin PIN pad (its limit and its lock), and a room too short for
four rows of 15 mm keys, where the same keys come in two rows inside the pad."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_every_kind_has_its_extra_key_and_a_key_for_each_action(stage):
    from screens.inputs.keypad import KINDS, LAYOUTS, Keypad

    for kind in KINDS:
        pad = Keypad(kind, lambda _v: None, court_codes=("豫0181",), done_key=kind != "amount")
        actions = {k.action for k in pad.keys.values()}
        assert {"type", "backspace", "clear"} <= actions, kind
        assert ("done" in actions) == (kind != "amount"), kind
        if LAYOUTS[kind].left:
            assert pad.keys[LAYOUTS[kind].left].action == "type"
    with pytest.raises(ValueError, match="date"):
        Keypad("date", lambda _v: None)  # no field is a date: the kind is gone


def test_the_amount_pad_types_a_point_and_clears(stage):
    from screens.inputs import Keypad

    values = []
    pad = stage.show(Keypad("amount", values.append, show_display=False, show_message=False,
                            done_key=False))
    for char in "25800.5":
        stage.tap(pad.keys[char])
    assert values[-1] == "25800.5" and "done" not in pad.keys
    stage.tap(pad.keys["clear"])
    assert values[-1] == "" and pad.value == ""


def test_the_pin_pad_stops_at_twelve_digits_and_a_locked_pad_takes_no_taps(stage):
    from screens.inputs import Keypad

    values, done = [], []
    pad = stage.show(Keypad("pin", values.append, on_done=done.append, show_display=False,
                            show_message=False))
    assert pad.keys["done"].inert  # nothing typed: nothing to submit
    for _ in range(14):
        stage.tap(pad.keys["7"])
    assert pad.value == "7" * 12
    stage.tap(pad.keys["done"])
    assert [s.value for s in done] == ["7" * 12]
    pad.lock(True)
    stage.tap(pad.keys["backspace"])
    stage.tap(pad.keys["done"])
    assert pad.value == "7" * 12 and len(done) == 1 and all(k.inert for k in pad.keys.values())
    pad.lock(False)
    stage.tap(pad.keys["backspace"])
    assert pad.value == "7" * 11


def test_a_room_too_short_for_four_rows_gets_two_rows_of_fifteen_millimetre_keys(stage):
    """Elderly type under the identify step's field leaves ~250 px: four rows of 15 mm do not
    fit, so the digits run 1-6 over 7-0 and every key stays inside the pad, none below 15 mm."""
    from kivy.uix.boxlayout import BoxLayout

    from screens.inputs import Keypad
    from screens.inputs.keys import key_floor

    room = BoxLayout(size_hint_y=None, height=3 * key_floor())
    pad = Keypad("phone", lambda _v: None, show_display=False, show_message=False,
                 done_key=False, size_hint_y=1)
    room.add_widget(pad)
    stage.show(room)
    assert pad.rows == 2
    keys = list(pad.keys.values())
    assert len(keys) == 13  # ten digits, the dash, 退格, 清空
    for key in keys:
        assert key.width >= key_floor() - 0.5 and key.height >= key_floor() - 0.5, key.name
        assert pad.y - 0.5 <= key.y and key.top <= pad.top + 0.5, key.name
    stage.tap(pad.keys["7"])
    stage.tap(pad.keys["-"])
    assert pad.value == "7-"
    room.height = 6 * key_floor()  # room again: back to the phone's four rows
    stage.pump()
    assert pad.rows == 4 and pad.value == "7-"
