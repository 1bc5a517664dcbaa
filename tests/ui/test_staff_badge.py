"""A staff badge on the smart card reader opens the admin screen; a card that is not a badge,
or a badge of another court's key, is logged and dropped. Real pcscd + vpcd with a virtual card
(the session's one pcscd, ``tests.fixtures.pcscd``), and the in-memory reader."""

from __future__ import annotations

import logging
import time

import pytest

from kiosk.bootstrap import settings_for_tests
from kiosk.staff import virtual_badge

pytestmark = pytest.mark.ui
SECRET = bytes.fromhex("8f3c2a1b9d7e6f5a4c3b2a1908f7e6d5")
UID = bytes.fromhex("04A1B2C3D4E5F6")


@pytest.fixture(params=["fake", "pcsc"])
def rig(request, tmp_path):
    from pydantic import SecretStr

    from kiosk.headless import Headless

    settings = settings_for_tests(tmp_path, staff_badge_secret=SecretStr(SECRET.hex()))
    vpcd = None
    if request.param == "pcsc":
        request.node.add_marker(pytest.mark.integration)
        vpcd = request.getfixturevalue("pcscd").vpcd_port
        smartcard = settings.devices.smartcard.model_copy(
            update={"kind": "pcsc", "options": {"reader_filter": "Virtual PCD", "poll_interval_s": 0.1}})
    else:
        smartcard = settings.devices.smartcard.model_copy(update={"options": {"poll_interval_s": 0.05}})
    settings = settings.model_copy(update={"devices": settings.devices.model_copy(
        update={"smartcard": smartcard})})
    kiosk = Headless(settings, with_runtime=True)
    port = kiosk.app.kiosk.runtime.devices["smartcard"]
    cards = []

    def lay(card):
        if vpcd is not None:
            cards.append(card.insert(vpcd))
        else:
            port.trigger_insert(card)

    def lift():
        if vpcd is not None:
            cards.pop().remove()
        else:
            port.trigger_remove()
        watcher = kiosk.app.kiosk.runtime.badge_watcher
        assert wait(lambda: not port.cards() and not watcher._cards)  # the watcher saw it go

    yield kiosk, lay, lift
    for card in cards:
        card.remove()
    kiosk.close()


def wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_staff_badge_opens_admin_and_strangers_are_dropped(rig, caplog):
    kiosk, lay, lift = rig
    assert kiosk.app.kiosk.runtime.badge_watcher is not None
    caplog.set_level(logging.INFO, logger="kiosk.staff")

    lay(virtual_badge(bytes(16), UID))  # a badge of another key: refused, logged
    assert wait(lambda: "answered the challenge wrongly" in caplog.text)
    kiosk.pump()
    assert kiosk.screen == "attract"
    lift()

    from drivers.smartcard.vicc import VirtualCard

    lay(VirtualCard(bytes.fromhex("0102030405")))  # a bank or transit card: not a badge at all
    assert wait(lambda: "is not a staff badge" in caplog.text)
    kiosk.pump()
    assert kiosk.screen == "attract"
    lift()

    lay(virtual_badge(SECRET, UID))
    assert kiosk.wait_for(lambda: kiosk.screen == "admin", 10), caplog.text
    kiosk.settle()
    assert kiosk.root.screens["admin"].kiosk_id.text
    assert f"staff badge {UID.hex()} accepted" in caplog.text
