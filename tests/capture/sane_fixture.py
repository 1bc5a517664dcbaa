"""A private SANE configuration with only the ``test`` backend (no network probing, no real devices).

SANE reads ``SANE_CONFIG_DIR`` once, at ``sane_init``; the scanner adapter initialises SANE lazily,
so the variable is set here, before any test opens a scanner in this process.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def sane_test_backend(tmp_path_factory) -> str:
    """The device name of SANE's test backend, with SANE_CONFIG_DIR pointing at a private dll.conf."""
    pytest.importorskip("sane")
    conf = tmp_path_factory.mktemp("sane")
    (conf / "dll.conf").write_text("test\n")
    # The test backend's own config (test.conf) keeps its defaults: 10 sheets in the feeder.
    os.environ["SANE_CONFIG_DIR"] = str(conf)  # no trailing ':' -> no system dirs, no 3.5 s probe
    return "test"
