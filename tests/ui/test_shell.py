"""The real Kivy screens, headless, driven by touch events on the real widgets."""

from __future__ import annotations

import pytest

from kiosk.bootstrap import settings_for_tests
from kiosk.flows.catalog import SERVICES
from kiosk.flows.pin import hash_pin

pytestmark = pytest.mark.ui

PIN = "2468"
FAST_HASH = hash_pin(PIN, iterations=1000)
IDLE_S, WARNING_S = 30, 10


@pytest.fixture
def kiosk(tmp_path):
    from kiosk.headless import Headless

    settings = settings_for_tests(tmp_path, admin_pin_hash=FAST_HASH, idle_timeout_s=IDLE_S,
                                  idle_warning_s=WARNING_S, admin_max_attempts=5,
                                  admin_lockout_s=60)
    headless = Headless(settings)
    yield headless
    headless.close()


def start(kiosk):
    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height * 0.6))
    assert kiosk.screen == "home"


def test_window_and_font_are_set_up_for_chinese(kiosk):
    from kivy.core.text import DEFAULT_FONT, LabelBase

    assert tuple(kiosk.window.size) == (1280, 800)
    regular, _italic, bold, _bold_italic = LabelBase._fonts[DEFAULT_FONT]
    assert "NotoSansCJK-Regular-NotoSansCJKSC" in regular and regular.endswith(".otf")
    assert "NotoSansCJK-Bold-NotoSansCJKSC" in bold  # bold=True draws a heavier face
    court = kiosk.root.screens["attract"].court
    assert court.text == "巩义市人民法院"
    court.texture_update()
    assert court.texture_size[0] > 7 * 40  # seven full-width glyphs, not empty boxes of width 0


def test_first_touch_starts_a_session(kiosk):
    assert kiosk.screen == "attract" and kiosk.controller.session is None
    start(kiosk)
    assert kiosk.controller.session is not None


def test_tapping_each_home_tile_opens_its_journey_or_service_screen(kiosk):
    from kiosk.flows.journeys.registry import JOURNEYS

    start(kiosk)
    home = kiosk.root.screens["home"]
    for service in SERVICES:
        while home.page != home.page_of(service.id):  # a tile on a further page: 更多服务
            kiosk.tap(home.next_button if home.page < home.page_of(service.id) else home.prev_button)
        tile = home.tiles[service.id]
        assert tile.parent is not None, f"{service.id}'s tile is on screen"
        assert tile.height >= 120 and tile.width >= 120  # a finger, at 1280×800
        kiosk.tap(tile)
        if service.id in JOURNEYS:  # a journey opens on its first step, 返回 leaves it
            first = JOURNEYS[service.id].steps[0].kind
            assert kiosk.screen == f"step.{first}", service.id
            screen = kiosk.root.screens[kiosk.screen]
            assert screen.header.title.text == service.title
        else:
            assert kiosk.screen == "service", service.id
            screen = kiosk.root.screens["service"]
            assert screen.title.text == service.title
        kiosk.tap(screen.back_button)
        assert kiosk.screen == "home"


def test_idle_countdown_then_attract_with_session_wiped(kiosk, tmp_path):
    start(kiosk)
    kiosk.tap(kiosk.root.screens["home"].tiles["archive_viewing"])
    session = kiosk.controller.session
    session.memory["id_card"] = {"name": "张三", "number": "410181199001011234"}
    scan = session.temp_dir / "page-01.png"
    scan.write_bytes(b"\x89PNG fake scan")
    overlay = kiosk.root.overlay

    kiosk.advance(IDLE_S - 1)
    assert overlay.parent is None
    kiosk.advance(1)
    assert overlay.parent is not None and overlay.countdown.text == str(WARNING_S)
    kiosk.save(tmp_path / "warning.png")
    kiosk.advance(3)
    assert overlay.countdown.text == str(WARNING_S - 3)
    kiosk.advance(WARNING_S - 3)

    assert kiosk.screen == "attract" and overlay.parent is None
    assert session.memory == {} and kiosk.controller.session is None
    assert kiosk.controller.wait_background()
    assert not scan.exists() and not session.temp_path.exists()
    assert (tmp_path / "warning.png").stat().st_size > 10_000


def test_more_time_keeps_the_session(kiosk):
    start(kiosk)
    session = kiosk.controller.session
    kiosk.advance(IDLE_S)
    kiosk.tap(kiosk.root.overlay.more_button)
    assert kiosk.root.overlay.parent is None and kiosk.screen == "home"
    assert kiosk.controller.session is session
    kiosk.advance(IDLE_S - 1)
    assert kiosk.root.overlay.parent is None


def test_warning_blocks_the_screen_beneath(kiosk):
    start(kiosk)
    kiosk.advance(IDLE_S)
    tile = kiosk.root.screens["home"].tiles["case_filing"]
    kiosk.tap(tile)  # lands on the overlay: counts as "I am here", opens nothing
    assert kiosk.screen == "home" and kiosk.root.overlay.parent is None


def open_pin_pad(kiosk):
    """Staff's fallback to a badge: five quick taps on the attract screen's bottom-right corner."""
    corner = kiosk.root.screens["attract"].staff_corner
    for _ in range(5):
        kiosk.tap(corner)
    kiosk.settle()


def enter_pin(kiosk, pin):
    pad = kiosk.root.screens["admin_pin"]
    for digit in pin:
        kiosk.tap(pad.keys[digit])
    kiosk.tap(pad.keys["done"])
    kiosk.settle()
    return pad


def test_five_wrong_pins_lock_the_admin_screen(kiosk):
    open_pin_pad(kiosk)
    assert kiosk.screen == "admin_pin"
    for attempt in range(1, 5):
        pad = enter_pin(kiosk, "1111")
        assert f"还可尝试 {5 - attempt} 次" in pad.message.text
    pad = enter_pin(kiosk, "1111")
    assert "已锁定" in pad.message.text
    assert all(button.inert for button in pad.keys.values()) and pad.pad.opacity < 1

    enter_pin(kiosk, PIN)  # taps on a locked pad do nothing
    assert kiosk.screen == "admin_pin" and pad.dots.text == ""

    kiosk.tap(pad.back_button)
    open_pin_pad(kiosk)
    assert "已锁定" in pad.message.text  # leaving does not unlock

    kiosk.tap(pad.back_button)
    kiosk.advance(61)
    open_pin_pad(kiosk)
    assert not pad.keys["1"].inert
    enter_pin(kiosk, PIN)
    assert kiosk.screen == "admin"


def test_right_pin_opens_admin_and_logout_wipes(kiosk):
    open_pin_pad(kiosk)
    enter_pin(kiosk, PIN)
    kiosk.settle()
    admin = kiosk.root.screens["admin"]
    assert kiosk.screen == "admin"
    assert admin.queue_depth.text == "—"
    assert "kiosk-dev-001" in admin.kiosk_id.text
    values = [child.text for child in admin.device_rows.children]
    assert "未连接" in values
    kiosk.tap(admin.logout_button)
    assert kiosk.screen == "attract" and kiosk.controller.session is None


def test_pin_digits_do_not_survive_the_session(kiosk):
    open_pin_pad(kiosk)
    pad = kiosk.root.screens["admin_pin"]
    for digit in "135":
        kiosk.tap(pad.keys[digit])
    assert pad.dots.text == "●●●"
    kiosk.tap(pad.back_button)
    assert pad.digits == "" and pad.dots.text == ""


def test_worker_events_reach_the_screen_only_on_the_kivy_thread(kiosk):
    import threading

    from kiosk.flows.navigation import CardTapped

    rendered_on = []
    render = kiosk.root.render
    kiosk.app.kiosk.bridge.attach(lambda view: (rendered_on.append(threading.get_ident()),
                                                render(view)))
    reader = threading.Thread(target=kiosk.controller.send, args=(CardTapped(),))
    reader.start()
    reader.join()
    assert rendered_on == []  # nothing drawn from the reader's thread
    assert kiosk.wait_for(lambda: kiosk.screen == "home")
    assert set(rendered_on) == {threading.main_thread().ident}
