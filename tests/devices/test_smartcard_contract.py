"""One smart card contract: pyscard on pcscd + vpcd with a Python virtual card, and the fake."""

from __future__ import annotations

import time

import pytest

from drivers.errors import NoMedium
from drivers.smartcard import ApduError, SmartCardReader
from drivers.smartcard.fake import FakeSmartCardReader
from drivers.smartcard.pcsc import PcscReader
from drivers.smartcard.vicc import VirtualCard
from drivers.smartcard.watcher import CardInserted, CardRemoved, ReaderAdded, SmartCardWatcher

pytestmark = pytest.mark.contract

UID = bytes.fromhex("04A1B2C3D4E5F6")
AID = bytes.fromhex("D15600000101")


def badge(uid=UID):
    return VirtualCard(uid, aids={AID: b"LAWYER:A1234"})


class PcscWorld:
    def __init__(self, daemon):
        self.port = PcscReader(reader_filter="Virtual PCD")
        self.vpcd_port = daemon.vpcd_port
        self.card: VirtualCard | None = None
        self.reader = "Virtual PCD 00 00"

    def insert(self, card):
        self.card = card.insert(self.vpcd_port)
        assert _eventually(lambda: self.reader in self.port.cards())

    def remove(self):
        if self.card:
            self.card.remove()
            self.card = None
            assert _eventually(lambda: self.reader not in self.port.cards())


class FakeWorld:
    def __init__(self):
        self.port = FakeSmartCardReader(("Fake PCD 00 00",))
        self.reader = "Fake PCD 00 00"

    def insert(self, card):
        self.port.trigger_insert(card)

    def remove(self):
        self.port.trigger_remove()


@pytest.fixture(params=["pcsc", "fake"])
def world(request):
    if request.param == "pcsc":
        request.node.add_marker(pytest.mark.integration)
        w = PcscWorld(request.getfixturevalue("pcscd"))
    else:
        w = FakeWorld()
    yield w
    w.remove()


def test_satisfies_the_port(world):
    assert isinstance(world.port, SmartCardReader)
    assert world.reader in world.port.readers()


def test_no_card(world):
    assert world.port.cards() == {}
    with pytest.raises(NoMedium) as info:
        world.port.uid()
    assert info.value.code == "smartcard.no_card"


def test_badge_uid_and_atr(world):
    world.insert(badge())
    assert world.port.cards()[world.reader].startswith(b"\x3B\x8F")
    assert world.port.uid() == UID
    assert world.port.uid(world.reader) == UID


def test_apdu_exchange_and_status_word_errors(world):
    world.insert(badge())
    select = bytes([0x00, 0xA4, 0x04, 0x00, len(AID)]) + AID
    assert world.port.transmit(select) == b"LAWYER:A1234"
    with pytest.raises(ApduError) as info:
        world.port.transmit(bytes([0x00, 0xA4, 0x04, 0x00, 2, 0xAB, 0xCD]))
    assert info.value.sw == 0x6A82
    with pytest.raises(ApduError) as info:
        world.port.transmit(bytes.fromhex("80CA9F7F00"))
    assert info.value.sw == 0x6D00


def test_insert_and_remove_events(world):
    events = []
    watcher = SmartCardWatcher(world.port, events.append)
    watcher.step()
    world.insert(badge())
    watcher.step()
    world.remove()
    watcher.step()
    world.insert(badge(bytes.fromhex("08112233")))
    watcher.step()
    kinds = [type(e) for e in events if not isinstance(e, ReaderAdded) or e.reader == world.reader]
    assert kinds == [ReaderAdded, CardInserted, CardRemoved, CardInserted]
    assert world.port.uid() == bytes.fromhex("08112233")


@pytest.mark.integration
def test_stopped_service_is_unavailable(monkeypatch):
    from drivers.errors import DeviceUnavailable

    monkeypatch.setenv("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")
    import subprocess, sys  # noqa: E401  a fresh process: pcsc-lite reads the variable once
    code = ("from drivers.smartcard.pcsc import PcscReader\n"
            "from drivers.errors import DeviceUnavailable\n"
            "try:\n    PcscReader().readers()\nexcept DeviceUnavailable as e:\n    print(e.code)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "smartcard.unavailable", out.stderr
    assert DeviceUnavailable


def _eventually(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
