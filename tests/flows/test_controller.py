"""The controller without Kivy: effects run, sessions are wiped, views are published."""

from __future__ import annotations

import threading

import pytest

from kiosk.bootstrap import FakeClock, Services, build_kiosk, settings_for_tests
from kiosk.controller import DirectBridge
from kiosk.flows.navigation import (
    AdminTapped,
    EndTapped,
    LogoutTapped,
    PinSubmitted,
    ScreenTouched,
    TileTapped,
)
from kiosk.flows.pin import hash_pin
from kiosk.flows.view import NOT_CONNECTED, UNKNOWN

pytestmark = pytest.mark.unit

FAST_HASH = hash_pin("2468", iterations=1000)


def make(tmp_path, services=None, **ui):
    ui.setdefault("admin_pin_hash", FAST_HASH)
    settings = settings_for_tests(tmp_path, **ui)
    bridge, clock = DirectBridge(), FakeClock()
    kiosk = build_kiosk(settings, services or Services(), bridge=bridge, clock=clock)
    kiosk.controller.start()
    return kiosk.controller, bridge, clock


def test_session_lives_from_first_touch_to_end(tmp_path):
    controller, bridge, _ = make(tmp_path)
    assert bridge.last.screen == "attract" and controller.session is None
    controller.send(ScreenTouched())
    session = controller.session
    session.memory["name"] = "张三"
    scan = session.temp_dir / "page1.png"
    scan.write_bytes(b"x")
    controller.send(TileTapped("case_filing"))
    assert bridge.last.service.title == "网上立案"
    controller.send(EndTapped())
    assert controller.wait_background()
    assert controller.session is None and session.memory == {} and not scan.exists()
    assert bridge.last.screen == "attract"


def test_timeout_wipes_through_ticks(tmp_path):
    controller, bridge, clock = make(tmp_path, idle_timeout_s=30, idle_warning_s=10)
    controller.send(ScreenTouched())
    session = controller.session
    (session.temp_dir / "x").write_text("secret")
    clock.advance(30)
    controller.tick()
    assert bridge.last.warning.seconds_left == 10
    clock.advance(4)
    controller.tick()
    assert bridge.last.warning.seconds_left == 6
    clock.advance(6)
    controller.tick()
    assert controller.wait_background()
    assert bridge.last.screen == "attract" and not session.temp_path.exists()


def test_ticks_without_change_publish_nothing(tmp_path):
    controller, bridge, clock = make(tmp_path)
    controller.send(ScreenTouched())
    count = len(bridge.views)
    for _ in range(5):
        clock.advance(1)
        controller.tick()
    assert len(bridge.views) == count


def test_pin_checked_in_a_worker_then_admin_placeholders(tmp_path):
    controller, bridge, _ = make(tmp_path)
    main = threading.get_ident()
    seen = []
    original = controller._verify_pin
    controller._verify_pin = lambda pin: (seen.append(threading.get_ident()), original(pin))
    controller.send(AdminTapped())
    controller.send(PinSubmitted("2468"))
    assert controller.wait_background()
    assert seen and seen[0] != main
    admin = bridge.last.admin
    assert bridge.last.screen == "admin"
    assert admin.kiosk_id == "kiosk-dev-001" and admin.queue_depth == UNKNOWN
    assert {status for _, status in admin.devices} == {NOT_CONNECTED}
    assert ("终端编号", "kiosk-dev-001") in admin.config
    assert all("pbkdf2" not in value for _, value in admin.config)  # no secrets
    controller.send(LogoutTapped())
    assert bridge.last.screen == "attract" and bridge.last.admin.kiosk_id == UNKNOWN


def test_admin_shows_attached_providers(tmp_path):
    services = Services(device_status=lambda: {"printer": "缺纸", "idcard": "正常"},
                        queue_depth=lambda: 7)
    controller, bridge, _ = make(tmp_path, services)
    controller.send(AdminTapped())
    controller.send(PinSubmitted("2468"))
    assert controller.wait_background()
    controller.wait_background()
    devices = dict(bridge.last.admin.devices)
    assert devices["文书打印机"] == "缺纸" and devices["身份证阅读器"] == "正常"
    assert devices["扫描仪"] == NOT_CONNECTED
    assert bridge.last.admin.queue_depth == "7"


def test_failing_providers_leave_placeholders(tmp_path):
    def broken():
        raise OSError("database is locked")

    controller, bridge, _ = make(tmp_path, Services(device_status=broken, queue_depth=broken))
    controller.send(AdminTapped())
    controller.send(PinSubmitted("2468"))
    assert controller.wait_background() and controller.wait_background()
    assert bridge.last.screen == "admin" and bridge.last.admin.queue_depth == UNKNOWN


def test_voice_is_spoken_only_when_enabled(tmp_path):
    said = []
    controller, _, _ = make(tmp_path, Services(speak=said.append), voice=False)
    controller.send(ScreenTouched())
    controller.wait_background()
    assert said == []
    controller, _, _ = make(tmp_path / "v", Services(speak=said.append), voice=True)
    controller.send(ScreenTouched())
    controller.wait_background()
    assert said and "请选择" in said[0]


def test_unusable_pin_hash_keeps_the_kiosk_running(tmp_path):
    controller, bridge, _ = make(tmp_path, admin_pin_hash="garbage")
    controller.send(AdminTapped())
    controller.send(PinSubmitted("2468"))
    controller.wait_background()
    assert bridge.last.screen == "admin_pin" and bridge.last.pin.wrong


def test_waits_for_the_court_neither_hold_the_work_pool_nor_count_as_unsettled(tmp_path):
    """Four packets waiting for their receipts (a filing, a resubmission, a fee proof, a proof
    of service) once took all four workers: speech and OCR queued behind them until the court
    answered, and ``wait_background`` timed out (10 s per settle in the UI tests and the audit)."""
    import time

    from kiosk.flows import effects as fx

    said = []
    controller, _, _ = make(tmp_path, Services(speak=said.append), voice=True)
    controller.send(ScreenTouched())
    assert controller.wait_background(5)
    said.clear()
    for n in range(4):
        controller.dispatcher.run(fx.WatchPacket(f"packet-{n}"))  # no receipt comes: they wait
    controller.dispatcher.run(fx.Speak("请刷身份证"))
    started = time.monotonic()
    assert controller.wait_background(5)
    assert time.monotonic() - started < 2.0
    assert said == ["请刷身份证"]
    controller.send(EndTapped())  # the session ends: the watchers stop with it
    assert controller.wait_background(5)
    controller.shutdown()
