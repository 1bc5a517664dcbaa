"""A kiosk on simulated devices, a real Mosquitto and a real court gateway, for journey UI tests."""

from __future__ import annotations

import contextlib
import subprocess

from kiosk.bootstrap import settings_for_tests
from tests.transport.helpers import (VENV_BIN, Running, clean_env, court_env, court_settings,
                                     exchange_keys)


def journey_settings(root, port, *, pinyin: bool = False, **scanner_options):
    ks = settings_for_tests(root, pinyin=pinyin)
    broker = ks.broker.model_copy(update={"port": port, "keepalive_s": 5, "chunk_size": 65536})
    storage = ks.storage.model_copy(update={"disk_high_water_mb": 0, "disk_hard_limit_mb": 0})
    ks = ks.model_copy(update={"broker": broker, "storage": storage})
    ks.devices.idcard.options["poll_interval_s"] = 0.1
    ks.devices.scanner.options.update({"sheets": 0, "kinds": ["民事起诉状", "民事起诉状", "借条"], **scanner_options})
    ks.ocr.workers = 2
    return ks


@contextlib.contextmanager
def kiosk_and_court(tmp_path, broker_port, *, gateway: bool = True, pinyin: bool = False, **scanner_options):
    """``pinyin``: the kiosk opens librime (one engine per process: for tests that type Chinese)."""
    from kiosk.headless import Headless

    ks = journey_settings(tmp_path / "kiosk", broker_port, pinyin=pinyin, **scanner_options)
    cs = court_settings(tmp_path / "court", broker_port)
    exchange_keys(ks, cs)
    kiosk = Headless(ks, with_runtime=True, start_sender=False)
    try:
        with Running(ks, cs, gateway=gateway, sender=True) as running:
            kiosk.controller.ports.link_up = running.sender.link.connected.is_set
            kiosk.controller.ports.ask = running.sender.queries.ask  # live questions share its session
            yield kiosk, ks, cs, running
    finally:
        kiosk.close()


def court_cli(cs, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args], env={**clean_env(), **court_env(cs)},
                          capture_output=True, text=True, timeout=60)
