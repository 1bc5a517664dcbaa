"""Switching mode and language on a running kiosk rebuilds its screens with the new sizes,
colours and texts; the session goes on."""

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


def test_elderly_english_then_back(kiosk):
    from screens.modes import apply_mode

    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
    session = kiosk.controller.session
    home = kiosk.root.screens["home"]
    size = home.end_button.label.font_size
    ui, window = kiosk.controller.settings.ui, tuple(kiosk.window.size)

    apply_mode(kiosk.root, ui, "elderly", "en", window)
    kiosk.pump()
    new_home = kiosk.root.screens["home"]
    assert new_home is not home and kiosk.screen == "home"
    assert new_home.end_button.label.font_size >= 1.4 * size - 0.01
    assert new_home.end_button.label.text == "Finish"
    assert kiosk.controller.session is session  # the same litigant, the same session
    from kiosk.flows.catalog import SERVICES
    from kiosk.flows.journeys.registry import JOURNEYS

    # a service still on its landing page; once every tile has a journey, a journey's first step
    landing = next((s.id for s in SERVICES if s.id not in JOURNEYS), None)
    service, screen = (landing, "service") if landing else ("archive_viewing", "step.choose")
    kiosk.tap(new_home.tiles[service])
    assert kiosk.screen == screen

    apply_mode(kiosk.root, ui, "normal", "zh", window)
    kiosk.pump()
    assert kiosk.screen == screen
    assert kiosk.root.screens[screen].end_button.label.text == "结束办理"


def test_the_a11y_bar_buttons_are_big_enough_and_call_back(kiosk):
    from screens.modes import A11yBar

    calls = []
    bar = A11yBar(on_elderly=lambda: calls.append("elderly"),
                  on_contrast=lambda: calls.append("contrast"),
                  on_language=lambda: calls.append("language"),
                  on_replay=lambda: calls.append("replay"),
                  on_volume=calls.append)
    for button in bar.buttons:
        assert min(button.size) >= theme.mm(15) - 0.5
        button.on_release()
    assert calls == ["elderly", "contrast", "language", "replay", -10, 10]
