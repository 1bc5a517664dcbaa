"""The library, viewer, form, query, compose and archive screens under ``kiosk audit-screens``:
they pass in elderly mode in English on the reference panel (the hardest combination; every
combination in the slow variant); the library's keypad and filters each show on their own in
large type and still search; a fast drag no longer flings the form past its end (it showed
blank)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

TARGETS = ("step.library", "library.number", "library.filters", "step.viewer", "viewer.print", "step.form",
           "step.query", "step.compose", "step.archives", "step.archive_viewer")


@pytest.fixture(scope="module")
def base():
    from config.loader import load_settings

    return load_settings(None, use_site_default=False)


def _targets():
    from kiosk.a11y.registry import audit_targets

    found = [t for t in audit_targets() if t.name in TARGETS]
    assert sorted(t.name for t in found) == sorted(TARGETS)
    return found


BUSIEST = ("library.number", "library.filters", "step.viewer", "step.form")


def test_the_busiest_pass_the_audit_in_elderly_english(base):
    """~25 s; every target in every combination below (slow)."""
    from kiosk.a11y import audit

    results = audit.run(base, targets=[t for t in _targets() if t.name in BUSIEST],
                        modes=("elderly",), languages=("en",), panels=("15.6in-1280x800",))
    assert len(results) == len(BUSIEST)
    assert audit.failure_lines(results) == []
    sizes = [r.findings["text size"].worst for r in results]
    assert min(sizes) >= 8.0  # the elderly floor, measured on every label shown


@pytest.mark.slow  # ~12 min: 10 targets × 3 modes × 2 languages × 2 panels
def test_these_screens_pass_the_audit_everywhere(base):
    from kiosk.a11y import audit

    results = audit.run(base, targets=_targets())
    assert len(results) == len(TARGETS) * 3 * 2 * 2
    assert audit.failure_lines(results) == []


def _kiosk(base, mode: str, lang: str, tmp: str):
    from kiosk.a11y import audit
    from kiosk.headless import Headless, sample_services

    kiosk = Headless(audit.settings_for(base, mode, "15.6in-1280x800", audit.LONG_COURT,
                                        Path(tmp) / "data"), sample_services())
    if lang != "zh":
        from kiosk.flows.intents import LanguageChosen

        kiosk.controller.send(LanguageChosen(lang))
        kiosk.settle()
    return kiosk


@pytest.fixture
def restore():
    yield
    from kiosk import texts
    from screens import theme

    texts.set_language("zh")
    theme.activate()


def test_large_type_library_searches_one_part_at_a_time(base, restore):
    """Elderly English: the results, then 按案号查找 (the keypad alone), digits, 查看结果 (the
    results narrowed), then the filters alone; every part a tap away."""
    from kiosk.a11y.viewer_targets import _to

    with tempfile.TemporaryDirectory() as tmp:
        kiosk = _kiosk(base, "elderly", "en", tmp)
        try:
            _to(kiosk, "library")
            screen = kiosk.root.manager.current_screen
            assert screen.large and screen.pane == "results" and len(screen.result_cards) == 2
            assert screen.keypad.parent is None and screen.filter_scroller.parent is None
            kiosk.tap(screen.to_number)
            assert screen.pane == "number" and screen.keypad.get_root_window() is not None
            assert screen.scroller.parent is None  # the keypad alone
            for digit in "455":
                kiosk.tap(screen.keys[digit])
            kiosk.settle()
            assert kiosk.controller.view.step.body.query == "455" and screen.query.text == "455"
            kiosk.tap(screen.to_results)
            assert screen.pane == "results"
            assert [c.item_id for c in screen.result_cards] == ["j2"]  # （2023）豫0181民初455号
            kiosk.tap(screen.to_filters)
            assert screen.pane == "filters" and screen.keypad.parent is None
            assert ("court", "豫0181") in screen.chips
        finally:
            kiosk.close()


def test_a_fast_drag_leaves_the_form_showing(base, restore):
    """Touch moves that arrive together (a busy Kivy thread, a scripted walk) used to fling the
    petition form's list far past its end: the form showed blank until touched again."""
    from kiosk.a11y.registry import audit_targets
    from kiosk.scripted_touch import ScriptedTouch

    target = next(t for t in audit_targets() if t.name == "step.form")
    with tempfile.TemporaryDirectory() as tmp:
        kiosk = _kiosk(base, "normal", "zh", tmp)
        try:
            target.reach(kiosk)
            kiosk.settle()
            kiosk.pump(4)  # laid out as the litigant sees it
            screen = kiosk.root.manager.current_screen
            assert kiosk.screen == "step.form" and screen.rows.height > screen.scroller.height
            x, y = screen.scroller.to_window(*screen.scroller.center)
            time.sleep(0.5)  # the litigant reads, then drags
            touch = ScriptedTouch(x, y - 100)
            touch.touch_down()
            for i in range(1, 11):
                touch.touch_move(x, y - 100 + i * 30)
                kiosk.pump(1)
            touch.touch_up()
            kiosk.pump(30)
            assert 0.0 <= screen.scroller.scroll_y <= 1.0, screen.scroller.scroll_y
            sx, sy = screen.scroller.to_window(*screen.scroller.pos)
            shown = [row for row in screen.rows.children
                     if row.to_window(*row.pos)[1] < sy + screen.scroller.height
                     and row.to_window(*row.pos)[1] + row.height > sy]
            assert shown, "no row of the form is inside its scroller"
        finally:
            kiosk.close()
