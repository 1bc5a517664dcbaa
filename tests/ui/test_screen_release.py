"""The step screens a journey built are let go when it is over: when the litigant is back on the
home screen and when the session ends; the screens dropped are collected (their textures with
them), and built afresh for the next litigant. The shell's screens stay."""

from __future__ import annotations

import gc
import weakref

import pytest

from kiosk.bootstrap import settings_for_tests

pytestmark = pytest.mark.ui


@pytest.fixture
def kiosk(tmp_path):
    from kiosk.headless import Headless

    headless = Headless(settings_for_tests(tmp_path))
    yield headless
    headless.close()


def _to_notice(kiosk):
    if kiosk.screen == "attract":
        kiosk.tap(kiosk.root.screens["attract"])
    assert kiosk.screen == "home"
    kiosk.tap(kiosk.root.screens["home"].tiles["case_filing"])
    kiosk.settle()
    assert kiosk.screen == "step.notice"
    notice = kiosk.root.screens["step.notice"]
    kiosk.pump(2)
    assert notice.label.texture is not None and notice.label.texture.width > 500
    return notice


def _collected(ref) -> bool:
    for _ in range(3):
        gc.collect()
        if ref() is None:
            return True
    return False


def test_the_session_end_drops_the_step_screens_and_they_are_collected(kiosk):
    notice = _to_notice(kiosk)
    screen_ref, texture_ref = weakref.ref(notice), weakref.ref(notice.label.texture)
    del notice
    kiosk.tap(kiosk.root.screens["step.notice"].end_button)  # 结束办理: the session ends
    kiosk.settle()
    assert kiosk.screen == "attract"
    assert set(kiosk.root.screens) == {"attract", "home"}
    assert set(kiosk.root.manager.screen_names) == {"attract", "home"}
    assert _collected(screen_ref), "the notice screen is still referenced somewhere"
    assert _collected(texture_ref), "the notice's text texture is still alive"
    fresh = _to_notice(kiosk)  # the next litigant gets the screen built anew, from the top
    assert fresh.scroller.scroll_y == 1 and fresh.label.text


def test_a_journey_left_for_the_home_screen_drops_its_step_screens(kiosk):
    notice = _to_notice(kiosk)
    ref = weakref.ref(notice)
    del notice
    kiosk.tap(kiosk.root.screens["step.notice"].back_button)
    kiosk.settle()
    assert kiosk.screen == "home"
    assert not [name for name in kiosk.root.screens if name.startswith("step.")]
    assert "home" in kiosk.root.manager.screen_names
    assert _collected(ref)
