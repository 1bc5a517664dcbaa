"""The input widgets, rendered offscreen and driven by real touch events; a PNG of each."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui
GOOD_ID = "41018119900101123X"
STROKES = json.loads((Path(__file__).with_name("fixtures") / "strokes.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rime():
    from kiosk.inputs.pinyin import RimePinyin

    with RimePinyin() as engine:
        yield engine


@pytest.fixture(scope="module")
def zinnia():
    from kiosk.inputs.handwriting import HandwritingRecognizer

    with HandwritingRecognizer() as engine:
        yield engine


def field(stage, value=""):
    from screens import theme
    from screens.widgets import text

    label = text(value, theme.HEADING, theme.TEXT, bold=True, size_hint_y=None, height=80)
    return label


def test_typing_zhangsan_and_picking_zhang_san(stage, rime, zinnia):
    from screens.inputs import KEY, PinyinKeyboard
    from screens.inputs.keys import key_floor

    typed = []
    shown = field(stage)

    def on_text(value):
        typed.append(value)
        shown.text = value

    board = PinyinKeyboard(rime.candidates, on_text, classify=zinnia.classify)
    stage.show(shown, board)
    for letter in "zhangsan":
        stage.tap(board.keys[letter])
    assert board.keys_typed == "zhangsan" and board.bar.lead.text == "zhang'san"
    assert board.bar.candidates[0] == "张三"
    stage.save("pinyin-keyboard")
    stage.tap(board.bar.key_for("张三"))
    assert typed == ["张三"] and board.text == "张三" and board.keys_typed == ""
    for letter in "fy":
        stage.tap(board.keys[letter])
    assert board.bar.candidates[0] == "法院"  # court words first
    stage.save("pinyin-keyboard-court-word")
    keys = [k for k in board.keys.values() if k.get_parent_window() is not None]
    # keys are sized from the room: the default height gives KEY-high keys; ten and a half keys
    # across a 1280 px window leave each a little under KEY wide, far above the 15 mm floor
    assert all(k.height == pytest.approx(KEY) for k in keys) and len(keys) >= 29
    assert all(k.width >= key_floor() for k in keys)
    assert all(k.x >= 0 and k.right <= stage.window.width for k in keys)


def test_picking_part_of_the_letters_keeps_the_rest(stage, rime):
    from screens.inputs import PinyinKeyboard

    board = stage.show(PinyinKeyboard(rime.candidates, lambda _t: None))
    for letter in "zhangsan":
        stage.tap(board.keys[letter])
    stage.tap(board.bar.key_for("张"))
    assert board.text == "张" and board.keys_typed == "san"
    assert "三" in board.bar.candidates
    stage.tap(board.keys["backspace"])
    assert board.keys_typed == "sa"
    for _ in range(2):
        stage.tap(board.keys["backspace"])
    stage.tap(board.keys["backspace"])  # no letters left: deletes the last character
    assert board.text == "" and board.bar.candidates == []


def test_handwriting_candidates_come_in_the_same_bar(stage, rime, zinnia):
    from screens.inputs import PinyinKeyboard

    texts = []
    board = stage.show(PinyinKeyboard(rime.candidates, texts.append, classify=zinnia.classify))
    stage.tap(board.keys["handwriting"])
    assert board.mode == "handwriting"
    stage.pump()
    pad = board.pad.ink
    scale = pad.height / STROKES["height"]
    ten = [[(x * scale, y * scale) for x, y in s] for s in STROKES["characters"]["十"]]
    stage.draw(pad, ten)
    assert len(pad.strokes) == 2
    assert board.bar.candidates[0] == "十"
    stage.save("handwriting-pad")
    stage.tap(board.bar.key_for("十"))
    assert texts == ["十"] and pad.empty and board.bar.candidates == []
    stage.tap(board.keys["pinyin"])
    assert board.mode == "pinyin"


def test_drawing_a_signature_gives_a_valid_signature(stage):
    from kiosk.inputs.signature import text_sha256
    from screens.inputs import SignaturePanel

    signed = []
    panel = stage.show(SignaturePanel(signed.append, prompt="本人确认：以上填写的内容真实、准确。",
                                      size_hint_y=None, height=620))
    stage.tap(panel.confirm_button)
    assert signed == [] and panel.verdict.key == "signature.empty"
    assert panel.message.text.startswith("还没有签名")
    stage.save("signature-pad-empty-refused")
    pad = panel.pad.ink
    stage.draw(pad, [[(100, 150), (300, 140)]])  # one line: refused
    stage.tap(panel.confirm_button)
    assert panel.verdict.key == "signature.one_stroke" and signed == []
    stage.tap(panel.clear_button)
    assert pad.empty
    w, h = pad.width, pad.height
    zhang = [[(w * 0.10 + i * 20, h * 0.30 + i * 2) for i in range(12)],
             [(w * 0.20, h * 0.20 + i * 18) for i in range(12)],
             [(w * 0.40 + i * 15, h * 0.35 + i * 12) for i in range(14)],
             [(w * 0.65 + i * 16, h * 0.45) for i in range(10)]]
    stage.draw(pad, zhang)
    stage.tap(panel.confirm_button)
    assert panel.verdict.ok and len(signed) == 1
    signature = signed[0]
    assert len(signature.strokes) == 4 and signature.strokes[0][0].t == 0
    ts = [p.t for p in signature.points]
    assert ts == sorted(ts)
    first = signature.strokes[0][0]
    assert abs(first.x - w * 0.10) < 2 and abs(first.y - h * 0.30) < 2  # top-left origin
    doc = json.loads(signature.to_json(text_sha256("本人确认"), "张三", "2024-05-01T10:00:00+08:00"))
    assert doc["sample_count"] == 48
    stage.save("signature-pad")
    from PIL import Image

    Image.open(io.BytesIO(signature.render_png(600, 240))).save(
        stage.save("signature-pad").with_name("signature-render.png"))


def test_wrong_check_digit_shows_the_message(stage):
    from screens import theme
    from screens.inputs import Keypad

    values = []
    pad = stage.show(Keypad("id_number", values.append))
    for char in GOOD_ID[:17] + "5":
        stage.tap(pad.keys[char])
    assert pad.state.key == "id.check_digit"
    assert "校验码" in pad.message.text and pad.message.color == list(theme.DANGER)
    assert pad.keys["done"].inert
    stage.save("keypad-id-wrong")
    stage.tap(pad.keys["backspace"])
    assert pad.state.status == "incomplete"
    stage.tap(pad.keys["X"])
    assert pad.state.valid and values[-1] == GOOD_ID and not pad.keys["done"].inert


def test_case_number_keypad_with_helpers(stage):
    from screens.inputs import Keypad

    done = []
    pad = stage.show(Keypad("case_number", lambda _v: None, on_done=done.append,
                            court_codes=("豫0181", "豫01"), this_year=2024))
    stage.tap(pad.keys["year2024"])
    stage.tap(pad.keys["court:豫0181"])
    stage.tap(pad.keys["type:民初"])
    for digit in "1187":
        stage.tap(pad.keys[digit])
    assert pad.value == "（2024）豫0181民初1187" and pad.state.valid
    stage.tap(pad.keys["done"])
    assert done[0].value == "（2024）豫0181民初1187号" and done[0].parts["serial"] == 1187
    stage.save("keypad-case-number")
    stage.tap(pad.keys["backspace"])
    for _ in range(3):
        stage.tap(pad.keys["backspace"])
    stage.tap(pad.keys["backspace"])  # the type word goes in one tap, as it came
    assert pad.value == "（2024）豫0181"
    stage.tap(pad.keys["1"])
    assert pad.state.status == "invalid" and "类型代字" in pad.message.text
    stage.save("keypad-case-number-wrong")


def test_thumbnail_strip_select_move_delete(stage):
    from PIL import Image, ImageDraw

    from screens.inputs import ThumbnailStrip

    def page(number):
        image = Image.new("RGB", (210, 297), "white")
        draw = ImageDraw.Draw(image)
        for line in range(12):
            draw.line([(20, 40 + line * 20), (190, 40 + line * 20)], fill=(90, 90, 90), width=3)
        draw.rectangle([20, 10, 20 + number * 20, 28], fill=(14, 58, 120))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    events = []
    strip = stage.show(ThumbnailStrip(on_select=lambda i: events.append(("select", i)),
                                      on_move=lambda a, b: events.append(("move", a, b)),
                                      on_delete=lambda i, p: events.append(("delete", i, p))))
    strip.set_pages([(f"p{n}", page(n)) for n in range(1, 5)])
    stage.pump()
    stage.tap(strip.thumb_for("p2"))
    assert strip.selected == 1
    stage.tap(strip.right_key)
    assert strip.pages == ["p1", "p3", "p2", "p4"] and strip.selected == 2
    stage.save("thumbnail-strip")
    stage.tap(strip.delete_key)
    assert strip.pages == ["p1", "p3", "p2", "p4"] and strip.delete_key.label.text == "确认删除"
    stage.tap(strip.delete_key)
    assert strip.pages == ["p1", "p3", "p4"] and strip.selected is None
    assert events == [("select", 1), ("move", 1, 2), ("delete", 2, "p2")]
    keys = (strip.left_key, strip.right_key, strip.delete_key)
    assert all(k.height >= 110 and k.width >= 110 for k in keys)


def fits(label) -> bool:
    """The label's rendered text is inside its box: nothing cut off."""
    label.texture_update()
    return label.texture_size[0] <= label.width + 1 and label.texture_size[1] <= label.height + 1


@pytest.mark.parametrize("kind,typed", [
    ("case_number", "（2024）豫0181啊"), ("case_number", ""), ("id_number", "X"),
    ("phone", "2"), ("licence", "1234"), ("id_number", "41018119901301"),
])
def test_every_message_fits_its_box(stage, kind, typed):
    from screens.inputs import Keypad

    pad = stage.show(Keypad(kind, lambda _v: None, court_codes=("豫0181",)))
    pad.set_value(typed)
    stage.save(f"keypad-{kind}-{typed or 'empty'}")
    assert pad.message.text and fits(pad.message), (pad.message.texture_size, pad.message.size)
    assert fits(pad.display)


def test_an_engine_fault_leaves_the_keyboard_usable(stage):
    from screens.inputs import PinyinKeyboard

    def broken(keys, limit):
        raise RuntimeError("engine gone")

    board = stage.show(PinyinKeyboard(broken, lambda _t: None))
    stage.tap(board.keys["z"])
    assert board.keys_typed == "z" and board.bar.candidates == []
    stage.tap(board.keys["backspace"])
    assert board.keys_typed == ""


def test_the_editor_factory_reports_each_pick_and_delete(stage):
    from kiosk.inputs.pinyin import FakePinyin
    from screens.inputs import text_input

    value = {"text": "王"}  # the editor's own, prefilled text

    def type_text(chars):
        value["text"] += chars

    def backspace():
        value["text"] = value["text"][:-1]

    board = text_input(FakePinyin().candidates)(type_text, backspace)
    stage.show(board)
    for letter in "lisi":
        stage.tap(board.keys[letter])
    stage.tap(board.bar.key_for("李四"))
    assert value["text"] == "王李四"
    for _ in range(3):
        stage.tap(board.keys["backspace"])
    assert value["text"] == ""


def test_pressure_is_recorded_when_the_panel_gives_it(stage):
    from kivy.tests.common import UnitTestTouch

    from screens.inputs import SignaturePad

    pad = stage.show(SignaturePad(size_hint_y=None, height=300))
    stage.pump()
    ink = pad.ink
    for n, pressure in enumerate((0.3, 0.8)):
        touch = UnitTestTouch(*ink.to_window(ink.x + 100 + n * 300, ink.top - 100))
        touch.profile.append("pressure")
        touch.pressure = pressure
        touch.touch_down()
        touch.touch_move(*ink.to_window(ink.x + 300 + n * 300, ink.top - 200))
        touch.touch_up()
    stage.pump(1)
    signature = pad.signature
    assert [p.pressure for p in signature.points] == [0.3, 0.3, 0.8, 0.8]
    assert signature.has_pressure()
    assert signature.strokes[0][1].x == pytest.approx(300, abs=1.5)
    assert signature.strokes[0][1].y == pytest.approx(200, abs=1.5)


def test_a_bare_keypad_for_an_owner_with_its_own_field(stage):
    from screens.inputs import KEY, Keypad

    pad = stage.show(Keypad("licence", lambda _v: None, show_display=False, show_message=False))
    assert pad.height == 4 * KEY + 3 * 8
    for digit in "1" * 17:
        stage.tap(pad.keys[digit])
    assert pad.state.valid and pad.display.get_parent_window() is None
    assert pad.message.parent is None


def test_a_short_keyboard_fits_its_keys_and_keeps_the_writing_box_square(stage):
    """Given less height than KEY-sided keys need (elderly type under an editor's field), the
    keys shrink in height to fit, never below 15 mm, and the handwriting box stays square."""
    from kiosk.inputs.pinyin import FakePinyin
    from screens.inputs import KEY, PinyinKeyboard
    from screens.inputs.keys import key_floor

    board = stage.show(PinyinKeyboard(FakePinyin().candidates, classify=lambda *_a: [("十", 1.0)],
                                      size_hint_y=None, height=300))
    stage.tap(board.keys["handwriting"])
    stage.pump()
    assert board.side < KEY
    shown = [k for k in board.keys.values() if k.get_parent_window() is not None]
    assert shown and all(k.width >= key_floor() and k.height >= key_floor() for k in shown)
    assert all(board.y - 0.5 <= k.y and k.top <= board.top + 0.5 for k in shown)
    assert board.pad.width == pytest.approx(board.pad.height)
    assert board.pad.top <= board.top + 0.5
