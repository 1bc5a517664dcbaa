"""The composition root with its runtime: simulated devices, card watcher, outbox, admin providers."""

from __future__ import annotations

import pytest

from kiosk.bootstrap import FakeClock, attach_runtime, build_kiosk, settings_for_tests
from kiosk.controller import DirectBridge
from kiosk.flows.navigation import EndTapped
from tests.fixtures.procs import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def kiosk(tmp_path):
    settings = settings_for_tests(tmp_path)
    settings.devices.idcard.options["poll_interval_s"] = 0.1
    kiosk = build_kiosk(settings, bridge=DirectBridge(), clock=FakeClock())
    kiosk.controller.start()
    attach_runtime(kiosk, start_sender=False)
    yield kiosk
    kiosk.close()
    kiosk.controller.shutdown()


def test_a_card_on_the_simulated_reader_starts_a_session_holding_the_card(kiosk):
    assert kiosk.controller.state.screen == "attract"
    kiosk.runtime.devices["idcard"].simulator.place("resident")
    assert wait_until(lambda: kiosk.controller.state.screen == "home", timeout=10)
    identity = kiosk.controller.state.identity  # the card travels as an event into the state
    assert identity is not None and identity.id_number and identity.name
    assert identity.source == "chip"
    kiosk.controller.send(EndTapped())
    assert kiosk.controller.state.identity is None  # and goes with the session


def test_admin_providers_report_devices_and_an_empty_queue(kiosk):
    status = kiosk.services.device_status()
    assert status["idcard"] == "正常"
    assert set(status) >= {"idcard", "printer", "receipt_printer", "scanner", "qr_scanner"}
    assert kiosk.services.queue_depth() == 0
    assert kiosk.runtime.problems == []
