"""The audit's idle target judges the idle warning itself (its labels, its buttons, its voice
prompt), in every mode: the warning, not the step it covers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def base():
    from config.loader import load_settings

    return load_settings(None, use_site_default=False)


def _idle():
    from kiosk.a11y.registry import audit_targets

    return next(t for t in audit_targets() if t.name == "idle")


@pytest.mark.parametrize("mode", ["normal", "elderly"])
def test_the_idle_target_audits_the_warning_overlay(base, mode):
    """Elderly mode waits twice as long before the warning: reached with the base timeout, the
    audit used to judge the notice step under it (and passed it as "idle")."""
    from kiosk.a11y import audit

    result = audit.audit_one(base, _idle(), mode, "zh", "15.6in-1280x800", None)
    assert result.checked == "IdleOverlay"
    assert result.findings["voice prompt"].worst and result.findings["voice prompt"].worst > 0
    assert result.findings["touch target"].worst >= 15  # its two buttons, not the step's
    assert audit.failure_lines([result]) == []


def test_an_overlay_target_whose_overlay_never_shows_fails(base):
    from kiosk.a11y import audit, registry

    def only_home(kiosk) -> None:
        from kiosk.flows.intents import ScreenTouched

        kiosk.controller.send(ScreenTouched())
        kiosk.settle()

    target = registry.Target("test.no_warning", only_home, overlay="overlay")
    result = audit.audit_one(base, target, "normal", "zh", "15.6in-1280x800", None)
    assert result.checked != "IdleOverlay"
    assert any("expected the overlay on screen" in f for f in audit.failure_lines([result]))
