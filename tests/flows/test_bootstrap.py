"""The composition root and its test twin; set-up problems get clear messages."""

from __future__ import annotations

import os
import sys
import subprocess

import pytest

from kiosk.app import find_font
from kiosk.bootstrap import FakeClock, Services, build_kiosk, build_test_app, settings_for_tests

pytestmark = pytest.mark.unit


def test_test_twin_is_hermetic(tmp_path):
    clock = FakeClock(50.0)
    app = build_test_app(tmp_path, clock, idle_timeout_s=15)
    settings = app.kiosk.settings
    assert settings.ui.voice is False and settings.ui.idle_timeout_s == 15
    assert settings.temp_dir.is_relative_to(tmp_path) and settings.temp_dir.is_dir()
    assert app.kiosk.controller.clock is clock and app.fullscreen is False


def test_services_default_to_not_attached(tmp_path):
    kiosk = build_kiosk(settings_for_tests(tmp_path))
    assert kiosk.services == Services()


def test_leftover_session_dirs_are_purged_at_build(tmp_path):
    settings = settings_for_tests(tmp_path)
    stale = settings.temp_dir / "session-deadbeef"
    stale.mkdir(parents=True)
    (stale / "id-front.png").write_bytes(b"x")
    build_kiosk(settings)
    assert not stale.exists()


def test_missing_font_falls_back_to_an_installed_cjk_font(tmp_path):
    font = find_font(tmp_path / "nope.ttc")
    assert font is not None and font.is_file()


def test_run_explains_an_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    site = tmp_path / "kiosk.toml"
    site.write_text(f'[storage]\ndata_dir = "{blocker}"\n[broker]\nplain_mqtt_dev = true\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk.cli.main", "run", "--windowed",
                             "--config", str(site)], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DISPLAY": ""})
    assert result.returncode == 1
    assert "cannot prepare the kiosk's data folders" in result.stderr


def test_cli_and_core_import_without_kivy():
    code = ("import sys, kiosk.cli.main, kiosk.bootstrap, kiosk.controller, kiosk.headless; "
            "sys.exit(any(m == 'kivy' or m.startswith('kivy.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
