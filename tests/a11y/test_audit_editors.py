"""``kiosk audit-screens`` on the editing states (kiosk.a11y.editor_targets): each value editor
opened on its step with a value typed, candidates showing for pinyin and handwriting. Every
check passes; the form's case-number keypad sits under the step title in elderly type on both
panels, its keys sized from the room (never below 15 mm)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui
TARGETS = ("edit.id_number", "edit.phone", "edit.amount", "edit.licence", "edit.case_number",
           "edit.case_step", "edit.pickup_code", "edit.pinyin", "edit.handwriting")
PANELS = ("15.6in-1280x800", "21.5in-1920x1080")


@pytest.fixture(scope="module")
def base():
    from config.loader import load_settings

    return load_settings(None, use_site_default=False)


def _targets(names=TARGETS):
    from kiosk.a11y.registry import audit_targets

    found = [t for t in audit_targets() if t.name in names]
    assert {t.name for t in found} == set(names)
    return found


def test_every_editor_passes_in_elderly_english_on_the_reference_panel(base):
    """Elderly type in English is the tightest: the longest labels in the largest type."""
    from kiosk.a11y import audit

    results = audit.run(base, targets=_targets(), modes=("elderly",), languages=("en",),
                        panels=(PANELS[0],))
    assert len(results) == len(TARGETS)
    assert audit.failure_lines(results) == []


def _window_rect(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


@pytest.mark.parametrize("panel", PANELS)
def test_the_form_case_number_keypad_sits_under_the_title_in_elderly_type(base, panel):
    """The bug: keys were a fixed 110 px, so in elderly type the keypad pushed up over the step
    title and 再听一遍. Now every key is under the field, inside the window, ≥ 15 mm a side."""
    from kiosk.a11y import audit
    from kiosk.headless import Headless, sample_services
    from screens import theme

    target = _targets(("edit.case_number",))[0]
    with tempfile.TemporaryDirectory(prefix="kiosk-editors-") as tmp:
        settings = audit.settings_for(base, "elderly", panel, audit.LONG_COURT, Path(tmp) / "data")
        kiosk = Headless(settings, sample_services())
        try:
            target.reach(kiosk)
            kiosk.pump(4)
            screen = kiosk.root.manager.current_screen
            keys = [k for k in screen.keypad.keys.values() if k.get_parent_window() is not None]
            assert len(keys) >= 20  # digits, brackets, helpers, 退格 清空 完成
            title_bottom = min(_window_rect(w)[1] for w in (screen.title, screen.replay_button))
            # what is typed so far, then the field, then the keys: all under the title
            assert _window_rect(screen.status_line)[3] <= title_bottom + 0.5
            assert _window_rect(screen.case_head)[3] <= _window_rect(screen.status_line)[1] + 0.5
            head_bottom = _window_rect(screen.case_head)[1]
            floor = theme.mm(15) - 0.5
            for key in keys:
                x0, y0, x1, y1 = _window_rect(key)
                assert y1 <= head_bottom + 0.5, (key.name, y1, head_bottom)
                assert y0 >= -0.5 and x0 >= -0.5 and x1 <= kiosk.window.width + 0.5, key.name
                assert key.width >= floor and key.height >= floor, (key.name, key.size)
        finally:
            kiosk.close()


@pytest.mark.slow  # ~11 min: 9 targets × 3 modes × 2 languages × 2 panels
def test_every_editor_passes_in_every_mode_language_and_panel(base):
    from kiosk.a11y import audit

    results = audit.run(base, targets=_targets())
    assert len(results) == len(TARGETS) * 12
    assert audit.failure_lines(results) == []
