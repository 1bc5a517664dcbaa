"""Test configuration: hermetic environment, server fixtures (real processes on loopback)."""

from __future__ import annotations

import os
import tempfile

# Hermetic Kivy and OCR settings before anything imports them.
_KIVY_HOME = tempfile.mkdtemp(prefix="kivy-home-")
os.environ.setdefault("KIVY_HOME", _KIVY_HOME)
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MESA_SHADER_CACHE_DISABLE", "true")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.pop("KIOSK_CONFIG", None)

pytest_plugins = [
    "tests.fixtures.mosquitto",
    "tests.fixtures.cups",
    "tests.fixtures.pcscd",
    "tests.capture.sane_fixture",
]
