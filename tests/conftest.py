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
# The explicit development switch: the suite's brokers are plain MQTT on loopback (TLS tests set
# broker.tls themselves; tests of the refusal remove the switch).
os.environ.setdefault("KIOSK_BROKER__PLAIN_MQTT_DEV", "true")
os.environ.setdefault("COURT_BROKER__PLAIN_MQTT_DEV", "true")

pytest_plugins = [
    "tests.fixtures.mosquitto",
    "tests.fixtures.cups",
    "tests.fixtures.pcscd",
    "tests.capture.sane_fixture",
]
