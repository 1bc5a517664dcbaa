"""``kiosk audit-screens`` on the document, equipment, fee, served, transcript and sign step
screens (and the idle warning): every check passes, in the mode and language where they used to
fail (elderly type, English), and in every mode × language × panel in the slow run."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui
TARGETS = ("step.documents", "step.served", "served.failed", "step.equipment", "step.transcript",
           "step.fee_notice", "step.fee_status", "step.sign", "idle")


@pytest.fixture(scope="module")
def base():
    from config.loader import load_settings

    return load_settings(None, use_site_default=False)


def _targets():
    from kiosk.a11y.registry import audit_targets

    found = [t for t in audit_targets() if t.name in TARGETS]
    assert {t.name for t in found} == set(TARGETS)
    return found


# The ones that reach their screen quickly (the status pages wait on their packet watchers).
QUICK = ("step.documents", "served.failed", "step.equipment", "step.transcript", "step.fee_notice",
         "idle")


def test_these_screens_pass_in_elderly_english_on_the_reference_panel(base):
    from kiosk.a11y import audit

    results = audit.run(base, targets=[t for t in _targets() if t.name in QUICK],
                        modes=("elderly",), languages=("en",), panels=("15.6in-1280x800",))
    assert len(results) == len(QUICK)
    assert audit.failure_lines(results) == []


@pytest.mark.slow  # ~4 min: 9 targets × 3 modes × 2 languages × 2 panels
def test_these_screens_pass_in_every_mode_language_and_panel(base):
    from kiosk.a11y import audit

    results = audit.run(base, targets=_targets())
    assert len(results) == len(TARGETS) * 12
    assert audit.failure_lines(results) == []
