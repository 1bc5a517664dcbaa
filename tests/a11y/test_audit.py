"""``kiosk audit-screens`` on the shell screens: it runs, it finds real defects, it passes on
the screens that are right."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.ui
DEFAULT_PIN = "246810"  # the packaged development PIN (config/settings.py)


@pytest.fixture(scope="module")
def base():
    from config.loader import load_settings

    return load_settings(None, use_site_default=False)


def test_cli_runs_the_audit_and_prints_the_table(tmp_path):
    from kiosk.cli.main import app

    result = CliRunner().invoke(app, ["audit-screens", "--screen", "idle", "--screen",
                                      "admin_pin", "--panel", "15.6in-1280x800", "--shots",
                                      str(tmp_path)])
    assert "| idle |" in result.output and "| admin_pin |" in result.output, result.output
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.png"))) == 2 * 3 * 2  # screens × modes × languages


@pytest.mark.slow  # ~3 min: 6 shell screens × 3 modes × 2 languages × 2 panels
def test_every_shell_screen_passes_in_every_mode_language_and_panel(base):
    from kiosk.a11y import audit
    from kiosk.a11y.registry import audit_targets

    names = {"attract", "home", "home.page2", "idle", "admin_pin", "admin"}  # every tile is a journey now
    shell = [t for t in audit_targets(pin=DEFAULT_PIN) if t.name in names]
    assert {t.name for t in shell} == names
    results = audit.run(base, targets=shell)
    assert len(results) == 6 * 3 * 2 * 2
    assert audit.failure_lines(results) == []


def test_journey_screens_are_audit_targets():
    from kiosk.a11y.registry import audit_targets

    assert "step.notice" in {t.name for t in audit_targets()}


def test_registered_targets_are_audited_and_defects_found(base):
    """A screen with grey-on-grey text, a small button and no voice prompt fails the audit."""
    from kiosk.a11y import audit, registry

    def bad_screen(kiosk) -> None:
        from kivy.uix.button import Button

        screen = kiosk.root.manager.current_screen
        screen.add_widget(Button(text="小", font_size=12, color=(0.8, 0.8, 0.8, 1),
                                 background_normal="", background_color=(0.85, 0.85, 0.85, 1),
                                 size_hint=(None, None), size=(40, 40), pos=(10, 10)))
        screen.voice_prompt = lambda view: ""

    registry.register("test.bad", bad_screen)
    try:
        target = next(t for t in registry.audit_targets() if t.name == "test.bad")
        result = audit.audit_one(base, target, "normal", "zh", "15.6in-1280x800", None)
    finally:
        registry._EXTRA.pop("test.bad")
    failed = {name for name, f in result.findings.items() if f.failures}
    assert {"text contrast", "touch target", "text size", "voice prompt"} <= failed
    assert result.findings["touch target"].worst < 15


def test_every_step_screen_passes_the_audit_on_the_reference_panel(base):
    """Each step kind's screen, reached through the journeys' own events, in normal mode."""
    from kiosk.a11y import audit
    from kiosk.a11y.registry import audit_targets
    from kiosk.flows.steps.registry import STEP_KINDS

    steps = [t for t in audit_targets() if t.name.startswith("step.")]
    assert {t.name for t in steps} == {f"step.{kind}" for kind in STEP_KINDS}
    results = audit.run(base, targets=steps, modes=("normal",), languages=("zh",),
                        panels=("15.6in-1280x800",))
    assert audit.failure_lines(results) == []


def test_planted_defects_in_english_and_without_the_access_bar_are_found(base):
    """The checks this issue's screens rely on still fail: a Chinese literal in English, a label
    cut off by its box, a litigant screen without the access bar; declared data passes."""
    from kiosk.a11y import audit, registry

    def planted(kiosk) -> None:
        from kivy.uix.label import Label

        from kiosk.flows.intents import ScreenTouched

        kiosk.controller.send(ScreenTouched())
        kiosk.settle()
        home = kiosk.root.screens["home"]
        home.header.access.opacity = 0  # the bar gone: 适老模式, language, volume unreachable
        literal = Label(text="请稍候", font_size=40, color=(0, 0, 0, 1), size_hint=(None, None),
                        size=(300, 60), pos=(400, 300))
        name = Label(text="张三", font_size=40, color=(0, 0, 0, 1), size_hint=(None, None),
                     size=(300, 60), pos=(400, 380))
        name.a11y_data = True  # a litigant's name stays as written
        squeezed = Label(text="A long English sentence squeezed", font_size=40, color=(0, 0, 0, 1),
                         size_hint=(None, None), size=(120, 30), pos=(400, 460))
        squeezed.text_size = squeezed.size
        for label in (literal, name, squeezed):
            home.add_widget(label)

    registry.register("test.planted", planted)
    try:
        target = next(t for t in registry.audit_targets() if t.name == "test.planted")
        result = audit.audit_one(base, target, "normal", "en", "15.6in-1280x800", None)
    finally:
        registry._EXTRA.pop("test.planted")
    assert result.findings["access bar"].failures == ["no elderly, language, volume button"]
    untranslated = result.findings["both languages"].failures
    assert any("请稍候" in f for f in untranslated) and not any("张三" in f for f in untranslated)
    assert any("A long English" in f for f in result.findings["text fits"].failures)


def test_text_size_is_read_as_drawn_in_whole_pixels():
    """SDL_ttf opens faces at whole sizes, so Kivy draws ``int(font_size)``: 6 mm asked as
    22.86 px on the reference panel is 22 px on the glass, 5.78 mm — a failure, not a pass."""
    from kivy.uix.label import Label

    from kiosk.a11y.checks import text_size
    from screens import theme

    px_per_mm = theme.REFERENCE_PANEL.px_per_mm
    nominal = Label(text="送达地址", font_size=6.0 * px_per_mm)  # 22.86 px
    finding = text_size([nominal], px_per_mm, 6.0)
    assert finding.failures and finding.worst == pytest.approx(22 / px_per_mm)
    drawn = Label(text="送达地址", font_size=theme.Theme().text_px(6.0))  # 23 px
    assert text_size([drawn], px_per_mm, 6.0).failures == []
