"""A rule of law shown whole where its box holds it, without its clause where not — never
spilling out of the box (the court step's rule line, the longest being 70 characters)."""

from __future__ import annotations

import pytest

from kiosk.flows.rules.case_types import CASE_TYPES

pytestmark = pytest.mark.ui
LONGEST = CASE_TYPES["admin_nonlitigation_enforcement"]
WHOLE = f"{LONGEST.rule_text}（{LONGEST.rule_source}）"


def _label(width: float, height: float):
    from screens import theme
    from screens.steps.fitting import BriefWhenLong

    label = BriefWhenLong("", max_size=theme.FINE, min_size=theme.FINE, colour=theme.TEXT,
                          halign="left", size_hint=(None, None), size=(width, height))
    label.show(WHOLE, LONGEST.rule_text)
    return label


def _drawn_height(label) -> float:
    label.texture_update()
    return label.texture_size[1]


def test_the_whole_rule_where_it_fits_the_brief_one_where_not_and_back(kiosk):
    from screens import theme

    roomy = _label(736, theme.lines_h(theme.FINE, 3))
    assert roomy.text == WHOLE and _drawn_height(roomy) <= roomy.height
    tight = _label(736, theme.lines_h(theme.FINE, 2))
    assert tight.text == LONGEST.rule_text and _drawn_height(tight) <= tight.height
    tight.height = theme.lines_h(theme.FINE, 3)  # the box grows: the whole rule comes back
    assert tight.text == WHOLE and _drawn_height(tight) <= tight.height


def test_the_court_step_shows_the_brief_rule_in_elderly_type_and_says_it_whole(tmp_path):
    """Elderly type on the reference panel: the rule's two lines cannot hold the clause, so the
    screen shows the rule alone, and the voice says it whole when the court is chosen."""
    from kiosk.a11y.audit import settings_for
    from kiosk.a11y.registry import audit_targets
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless, sample_services
    from screens import theme

    settings = settings_for(settings_for_tests(tmp_path), "elderly", "15.6in-1280x800",
                            "巩义市人民法院", tmp_path / "data")
    services, spoken = sample_services(), []
    services.speak = spoken.append
    kiosk = Headless(settings, services)
    try:
        next(t for t in audit_targets() if t.name == "court.long_rule").reach(kiosk)
        kiosk.settle()
        kiosk.pump(4)
        rule = kiosk.root.manager.current_screen.rule
        assert rule.text == LONGEST.rule_text
        assert _drawn_height(rule) <= rule.height and rule.font_size == theme.FINE
        assert any(LONGEST.rule_source in said for said in spoken), spoken
    finally:
        kiosk.close()
