"""Sizes in millimetres per panel and mode, palettes that meet their contrast, the SC face
taken out of the Noto collection, bold that is bold, and a long court name that fits."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from kiosk.a11y.contrast import over, ratio
from kiosk.fonts import _checksum, extract_face, face_offsets, family_name, single_face
from screens import theme

NOTO_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
LONG_COURT = "新疆生产建设兵团第八师中级人民法院"


@pytest.fixture(autouse=True)
def reference_theme():
    yield
    theme.activate()


def test_sizes_follow_the_panel_in_millimetres():
    ref = theme.activate(theme.PANELS["15.6in-1280x800"])
    assert ref.px_per_mm == pytest.approx(3.809, abs=0.001)
    assert theme.BODY == 30  # 7.9 mm = 30.09 px, to a whole pixel (SDL_ttf draws int(size))
    assert theme.FINE == 23  # 6.0 mm = 22.86 px: the floor, rounded up (22 px would be 5.8 mm)
    assert theme.mm(15) == pytest.approx(57.1, abs=0.1)
    assert theme.pt(72) == pytest.approx(theme.mm(25.4))
    big = theme.activate(theme.PANELS["21.5in-1920x1080"])
    assert big.px_per_mm == pytest.approx(4.034, abs=0.001)
    assert theme.BODY == 32 and theme.FINE == 25  # 31.87 px to the nearest; 24.2 px up
    for name, value in theme.TYPE_MM.items():  # within half a pixel, never under the floor
        assert abs(getattr(theme, name) - big.mm(value)) <= 0.5 or name == "FINE"
        assert getattr(theme, name) / big.px_per_mm >= theme.MIN_TEXT_MM
    assert theme.activate(theme.PanelSize(1920, 1080, dpi=254)).px_per_mm == pytest.approx(10)


def test_elderly_type_is_at_least_1_4_times_and_8_mm():
    normal = dict(theme.activate(mode="normal").names())
    elderly = theme.activate(mode="elderly")
    for name in theme.TYPE_MM:
        assert getattr(theme, name) >= 1.4 * normal[name] - 1e-9
    assert theme.FINE / elderly.px_per_mm >= theme.MIN_TEXT_ELDERLY_MM
    assert normal["FINE"] / elderly.px_per_mm >= theme.MIN_TEXT_MM
    with pytest.raises(ValueError):
        theme.activate(mode="giant")


def test_every_old_module_name_still_exists():
    for name in ("COURT_BLUE", "COURT_BLUE_DARK", "BLUE", "BLUE_PRESSED", "BLUE_PALE", "PAGE",
                 "CARD", "CARD_PRESSED", "TEXT", "TEXT_MUTED", "WHITE", "WHITE_SOFT", "GOLD",
                 "NEUTRAL", "NEUTRAL_PRESSED", "DANGER", "DANGER_PALE", "OK_GREEN", "SCRIM",
                 "HUGE", "TITLE", "HEADING", "BODY", "SMALL", "FINE", "HEADER_H", "BUTTON_H",
                 "RADIUS"):
        assert getattr(theme, name) is not None
    with pytest.raises(AttributeError):
        theme.NO_SUCH_NAME  # noqa: B018


@pytest.mark.parametrize("mode", ["normal", "high_contrast"])
def test_palette_pairs_meet_their_contrast(mode):
    t = theme.activate(mode=mode)
    need = t.mode.min_text_contrast
    text_pairs = [(theme.TEXT, theme.PAGE), (theme.TEXT, theme.CARD), (theme.TEXT_MUTED, theme.CARD),
                  (theme.TEXT_MUTED, theme.PAGE), (theme.WHITE, theme.BLUE),
                  (theme.WHITE_SOFT, theme.COURT_BLUE), (theme.DANGER, theme.CARD),
                  (theme.OK_GREEN, theme.CARD), (theme.TEXT, theme.NEUTRAL),
                  (theme.COURT_BLUE_DARK, theme.BLUE_PALE), (theme.COURT_BLUE, theme.PAGE)]
    for fg, bg in text_pairs:
        assert ratio(over(fg, bg), bg) >= need, (fg, bg)
    for edge, bg in [(theme.BORDER, theme.PAGE), (theme.BORDER, theme.CARD),
                     (theme.BORDER_ON_DARK, theme.COURT_BLUE), (theme.BLUE, theme.PAGE)]:
        assert ratio(edge, bg) >= 3.0, (edge, bg)


@pytest.mark.skipif(not NOTO_BOLD.is_file(), reason="fonts-noto-cjk missing")
def test_the_sc_face_comes_out_of_the_collection_as_a_valid_font(tmp_path):
    blob = NOTO_BOLD.read_bytes()
    families = [family_name(blob, offset) for offset in face_offsets(blob)]
    assert families[0] == "Noto Sans CJK JP" and "Noto Sans CJK SC" in families
    out = single_face(NOTO_BOLD, "Noto Sans CJK SC", tmp_path)
    font = out.read_bytes()
    assert font[:4] == b"OTTO" and family_name(font, 0) == "Noto Sans CJK SC"
    assert _checksum(font) == 0xB1B0AFBA  # head.checkSumAdjustment makes the whole file sum right
    assert single_face(NOTO_BOLD, "Noto Sans CJK SC", tmp_path) == out  # cached
    with pytest.raises(LookupError):
        single_face(NOTO_BOLD, "No Such Family", tmp_path)
    assert extract_face(blob, face_offsets(blob)[2])[:4] == struct.pack(">4s", b"OTTO")


def _ink(text: str, bold: bool, font_name: str = "Roboto") -> tuple[int, bytes]:
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text=text, font_size=60, bold=bold, font_name=font_name)
    label.refresh()
    pixels = label.texture.pixels
    return sum(1 for a in pixels[3::4] if a > 128), pixels


@pytest.fixture
def kiosk(tmp_path):
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless

    settings = settings_for_tests(tmp_path)
    settings = settings.model_copy(update={"kiosk": settings.kiosk.model_copy(
        update={"court_name": LONG_COURT})})
    headless = Headless(settings)
    yield headless
    headless.close()


def test_bold_is_heavier_and_glyphs_are_simplified_chinese(kiosk):
    regular, _ = _ink("诉讼服务", bold=False)
    bold, _ = _ink("诉讼服务", bold=True)
    assert bold > regular * 1.3
    # 直 differs between the Japanese face (face 0, what Kivy would open) and the SC face.
    from kivy.core.text import LabelBase

    LabelBase.register("NotoFace0", str(NOTO_BOLD))
    assert _ink("直", True)[1] != _ink("直", False, "NotoFace0")[1]


def test_a_long_court_name_fits_the_header_on_one_line_above_the_floor(kiosk):
    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
    court = kiosk.root.screens["home"].header.court
    kiosk.pump(3)
    court.texture_update()
    assert court.text == LONG_COURT
    assert court.texture_size[0] <= court.width + 1 and court.texture_size[1] <= court.height + 1
    assert theme.SMALL <= court.font_size <= theme.HEADING
    assert court.font_size * 1.6 > court.texture_size[1]  # one line, not two


@pytest.mark.parametrize("height, size", [(118, 40), (200, 60)])
def test_fit_label_wraps_into_balanced_lines_when_one_line_cannot_fit(kiosk, height, size):
    """One line would need 17 × 38 px > 560 px even at the floor, so it wraps: at the floor in a
    box two floor-lines high, at full size in a box two full lines high. Both sizes are those
    of the theme's ladder below 40 and 60 px (HEADING 38.1 px, 14.5 mm = 55.2 px)."""
    from screens.widgets import fit_text

    label = fit_text(LONG_COURT, 60, 40, (0, 0, 0, 1), size_hint=(None, None),
                     size=(560, height))
    label.texture_update()
    assert label.font_size == pytest.approx(theme.font_px(size))
    lines = label._label._cached_lines
    assert len(lines) == 2 and label.texture_size[1] <= height
    widths = [line.w for line in lines]
    assert min(widths) > 0.6 * max(widths)  # balanced: no character alone on the last line


def test_fit_label_never_breaks_an_english_word(kiosk):
    from screens.widgets import fit_text

    label = fit_text("Preservation appraisal", 60, 40, (0, 0, 0, 1), size_hint=(None, None),
                     size=(330, 200))
    label.texture_update()
    words = [w.text.strip() for line in label._label._cached_lines for w in line.words]
    assert " ".join(words).split() == ["Preservation", "appraisal"]
