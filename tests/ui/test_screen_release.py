"""A step screen is let go as soon as the journey leaves it (the next step, the home screen, the
session's end); the screens dropped are collected (their textures with them) and built afresh
when needed again. The shell's screens stay."""

from __future__ import annotations

import gc
import weakref

import pytest

from kiosk.bootstrap import settings_for_tests

pytestmark = pytest.mark.ui


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


def _collected(ref, kiosk=None) -> bool:
    """Collected within a second, as the next between-sessions collection would (it unfreezes
    first): a scroller's bar fading out (Kivy keeps running animations in a class-level set) may
    hold a dropped screen for 0.5 s, and the collection at the session's end may fall inside it
    and freeze the screen until the next one. A leak holds it for good."""
    import time

    deadline = time.monotonic() + 1.0
    while True:
        gc.unfreeze()
        gc.collect()
        if ref() is None:
            return True
        if time.monotonic() > deadline:
            return False
        if kiosk is not None:
            kiosk.pump(2)
        time.sleep(0.05)


def test_the_session_end_drops_the_step_screens_and_they_are_collected(kiosk):
    notice = _to_notice(kiosk)
    screen_ref, texture_ref = weakref.ref(notice), weakref.ref(notice.label.texture)
    del notice
    kiosk.tap(kiosk.root.screens["step.notice"].end_button)  # 结束办理: the session ends
    kiosk.settle()
    assert kiosk.screen == "attract"
    assert set(kiosk.root.screens) == {"attract", "home"}
    assert set(kiosk.root.manager.screen_names) == {"attract", "home"}
    assert _collected(screen_ref, kiosk), "the notice screen is still referenced somewhere"
    assert _collected(texture_ref, kiosk), "the notice's text texture is still alive"
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
    assert _collected(ref, kiosk)


@pytest.mark.parametrize("name", ["step.materials", "step.identify"])
def test_other_step_screens_are_collected_after_the_session(tmp_path, name):
    """Reached as the audit reaches them. The materials screen made a Widget subclass per screen
    for its page strip, which Kivy's Factory keeps for good: every one built stayed alive."""
    from kiosk.a11y.registry import audit_targets
    from kiosk.flows.intents import EndTapped
    from kiosk.headless import Headless, sample_services

    kiosk = Headless(settings_for_tests(tmp_path), sample_services())
    try:
        next(t for t in audit_targets() if t.name == name).reach(kiosk)
        kiosk.settle()
        kiosk.pump(3)
        assert kiosk.screen == name
        ref = weakref.ref(kiosk.root.screens[name])
        kiosk.controller.send(EndTapped())
        kiosk.settle()
        kiosk.pump(3)
        assert kiosk.screen == "attract"
        assert _collected(ref, kiosk), f"{name} is still referenced after the session"
    finally:
        kiosk.close()


def test_the_next_step_drops_the_one_left_and_back_builds_it_again(kiosk):
    notice = _to_notice(kiosk)
    ref = weakref.ref(notice)
    from kiosk.flows.intents import ScrolledToEnd

    kiosk.controller.send(ScrolledToEnd())  # read to its end: 我已阅读并同意 wakes
    kiosk.settle()
    del notice
    kiosk.tap(kiosk.root.screens["step.notice"].primary)  # 我已阅读并同意
    kiosk.settle()
    assert kiosk.screen == "step.identify"
    assert [name for name in kiosk.root.screens if name.startswith("step.")] == ["step.identify"]
    assert _collected(ref, kiosk)
    kiosk.tap(kiosk.root.screens["step.identify"].back_button)
    kiosk.settle()
    assert kiosk.screen == "step.notice"
    again = kiosk.root.screens["step.notice"]
    assert again.label.text and again.title.text  # what the view says, on a screen built anew
