"""Fixtures the UI tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def kiosk(tmp_path):
    """A headless kiosk on the test settings (modules needing other settings define their own)."""
    from kiosk.bootstrap import settings_for_tests
    from kiosk.headless import Headless

    headless = Headless(settings_for_tests(tmp_path))
    yield headless
    headless.close()
