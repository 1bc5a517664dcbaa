"""The access bar on a running kiosk: 适老模式, English and volume are one tap away on every
litigant screen; a tap rebuilds the screens in the new mode or language and the session and the
journey step go on. There is no 管理 button: five taps in a hidden corner open the PIN pad."""

from __future__ import annotations

import pytest

from kiosk import texts
from kiosk.bootstrap import settings_for_tests
from screens import theme

pytestmark = pytest.mark.ui


@pytest.fixture
def kiosk(tmp_path):
    from kiosk.headless import Headless

    headless = Headless(settings_for_tests(tmp_path))
    yield headless
    headless.close()
    theme.activate()
    texts.set_language("zh")


def bar(kiosk):
    return kiosk.root.manager.current_screen.header.access


def test_elderly_english_then_back_on_a_journey_step(kiosk):
    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
    session = kiosk.controller.session
    kiosk.tap(kiosk.root.screens["home"].tiles["case_filing"])
    assert kiosk.screen == "step.notice"
    notice = kiosk.root.screens["step.notice"]
    size, step = notice.title.max_size, kiosk.controller.state.journey.step

    kiosk.tap(bar(kiosk).elderly)
    kiosk.settle()
    elderly = kiosk.root.screens["step.notice"]
    assert elderly is not notice and kiosk.screen == "step.notice"
    assert elderly.title.max_size >= 1.4 * size - 0.01 and theme.ACTIVE.mode.name == "elderly"
    assert bar(kiosk).elderly.label.text == "标准字号"  # the same button turns it off

    kiosk.tap(bar(kiosk).language)
    kiosk.settle()
    english = kiosk.root.screens["step.notice"]
    assert english.end_button.label.text == "Finish" and english.title.text.isascii()
    assert bar(kiosk).language.label.text == "中文"
    assert kiosk.controller.session is session  # the same litigant, the same session ...
    assert kiosk.controller.state.journey.step == step  # ... on the same step

    kiosk.tap(bar(kiosk).elderly)
    kiosk.tap(bar(kiosk).language)
    kiosk.settle()
    assert theme.ACTIVE.mode.name == "normal" and texts.language() == "zh"
    assert kiosk.root.screens["step.notice"].end_button.label.text == "结束办理"


def test_every_bar_button_is_big_enough_and_reaches_the_voice(kiosk):
    from kiosk.flows.shell import TuneVoice

    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
    effects = []
    real = kiosk.controller.dispatcher.run
    kiosk.controller.dispatcher.run = lambda effect: (effects.append(effect), real(effect))
    access = bar(kiosk)
    for button in access.buttons:
        assert min(button.size) >= theme.mm(15) - 0.5
    kiosk.tap(access.quieter)
    kiosk.tap(access.louder)
    assert [e for e in effects if isinstance(e, TuneVoice)] == [TuneVoice("zh", "normal", -10),
                                                                TuneVoice("zh", "normal", 10)]
    kiosk.tap(kiosk.root.screens["home"].contrast_button)
    kiosk.settle()
    assert theme.ACTIVE.mode.high_contrast and kiosk.controller.state.mode == "high_contrast"
    kiosk.tap(bar(kiosk).language)
    kiosk.settle()
    assert TuneVoice("en", "high_contrast", 0) in effects and texts.language() == "en"


def test_attract_has_no_admin_button_and_the_corner_needs_five_quick_taps(kiosk):
    from kivy.uix.behaviors import ButtonBehavior

    from kiosk.a11y.checks import visible_widgets

    attract = kiosk.root.screens["attract"]
    buttons = [w for w in visible_widgets(attract) if isinstance(w, ButtonBehavior)]
    labels = {b.label.text for b in buttons}
    assert "管理" not in labels and not hasattr(attract, "admin_button")
    assert {getattr(b, "a11y_intent", None) for b in buttons} >= {"elderly", "language", "volume"}
    for _ in range(4):
        kiosk.tap(attract.staff_corner)
    kiosk.settle()
    assert kiosk.screen == "attract" and kiosk.controller.session is None  # swallowed, nothing
    kiosk.tap(attract.staff_corner)
    kiosk.settle()
    assert kiosk.screen == "admin_pin"


class RecordingEngine:
    """The voice port's engine, recording instead of synthesising (what was said, in order)."""

    def __init__(self):
        self.said = []

    def speak(self, u) -> None:
        self.said.append((u.text, u.lang, u.rate_wpm))

    def stop(self) -> None:
        pass


def test_the_session_opens_with_the_welcome_offering_elderly_mode(tmp_path):
    """The speaker unmutes when the session starts, before its first sentence (it was unmuted
    only when home was drawn, after the welcome had been dropped); it mutes when it ends."""
    from kiosk.bootstrap import Services
    from kiosk.headless import Headless
    from kiosk.voice import Voice

    engine = RecordingEngine()
    voice = Voice(engine)
    kiosk = Headless(settings_for_tests(tmp_path, voice=True), Services(speak=voice.say, voice=voice))
    try:
        assert voice.muted  # the attract screen is silent
        kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
        kiosk.settle()
        assert voice.wait_idle(10)
        assert engine.said and "适老模式" in engine.said[0][0]
        kiosk.tap(kiosk.root.screens["home"].header.access.elderly)
        kiosk.settle()
        assert voice.rate_wpm == 120  # elderly mode speaks slower
        kiosk.tap(kiosk.root.screens["home"].end_button)
        kiosk.settle()
        assert voice.muted and voice.rate_wpm == 150 and voice.last is None
    finally:
        kiosk.close()
        voice.close()
        theme.activate()
        texts.set_language("zh")
