"""The font-size ladder: text is drawn at a dozen sizes per mode and panel, not at every pixel a
fitted label shrank through (each distinct size is a FreeType face SDL_ttf keeps, ≈2.55 MB)."""

from __future__ import annotations

import pytest

from screens import theme


@pytest.fixture(autouse=True)
def reference_theme():
    yield
    theme.activate()


@pytest.mark.parametrize("panel", list(theme.PANELS))
@pytest.mark.parametrize("mode", list(theme.MODES))
def test_the_ladder_holds_the_named_sizes_within_each_modes_floor(panel, mode):
    t = theme.activate(theme.PANELS[panel], mode)
    rungs = t.ladder
    assert 8 <= len(rungs) <= 12
    assert list(rungs) == sorted(set(rungs))
    assert all(r == int(r) for r in rungs)  # SDL_ttf draws int(size): drawn as named
    for name in theme.TYPE_MM:
        assert getattr(theme, name) in rungs, name  # FINE … HUGE are rungs, to the bit
    assert rungs[0] / t.px_per_mm >= t.mode.min_text_mm - 1e-9  # the foot is legible litigant text
    normal = theme.Theme(t.panel, theme.MODES["normal"]).ladder
    assert all(r >= 1.4 * n - 1e-9 for r, n in zip(rungs, normal)) or t.mode.type_scale == 1


def test_sizes_snap_down_to_the_ladder_and_none_below_its_foot():
    theme.activate()
    assert theme.font_px(theme.BODY) == theme.BODY
    assert theme.font_px(theme.BODY + 0.5) == theme.BODY
    assert theme.font_px(theme.BODY - 0.01) == theme.ACTIVE.text_px(7.1) == 27  # 27.05 px
    assert theme.font_px(1000) == theme.ACTIVE.ladder[-1]
    assert theme.font_px(theme.FINE - 1) == theme.FINE - 1  # staff detail: left as it is


def test_fitted_labels_take_only_ladder_sizes(kiosk):
    """A long name fitted into boxes from wide to narrow shrinks rung by rung; before the ladder
    it took a new whole-pixel size (a new face) at almost every width."""
    from screens.widgets import fit_text

    sizes = set()
    for width in range(300, 1300, 20):
        label = fit_text("新疆生产建设兵团第八师中级人民法院", theme.HUGE, theme.FINE, (0, 0, 0, 1),
                         size_hint=(None, None), size=(width, theme.HUGE * 1.6))
        label.texture_update()
        sizes.add(label.font_size)
    assert sizes <= set(theme.ACTIVE.ladder)
    assert len(sizes) >= 4  # it did shrink through the range


def test_the_filing_screens_open_one_face_per_ladder_size(tmp_path):
    """Home and the notice, identify and materials steps, reached as the audit reaches them: every
    face SDL_ttf is asked for is a ladder size (or below its foot), and no two faces share a pixel
    size (22.86 and 23.0 were two faces of 22 px)."""
    from bench import faces
    from kiosk.a11y.registry import audit_targets
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless

    faces.install()
    faces.KEYS.clear()
    wanted = {"home", "step.notice", "step.identify", "step.materials"}
    for target in (t for t in audit_targets() if t.name in wanted):
        kiosk = Headless(settings_for_tests(tmp_path / target.name))
        try:
            target.reach(kiosk)
            kiosk.settle()
            kiosk.pump(3)
            assert kiosk.screen == target.name
        finally:
            kiosk.close()
    opened = faces.opened()
    assert opened, "no text was drawn"
    assert len({(int(s), f, b) for s, f, b in opened}) == len(opened)
    rungs = set(theme.ACTIVE.ladder)
    off = [size for size, _font, _bold in opened if size not in rungs and size >= theme.FINE]
    assert not off, f"sizes off the ladder: {sorted(set(off))}"
