"""One contract for every ID card reader: the real adapter over the pty simulator, and the fake."""

from __future__ import annotations

import pytest

from drivers.errors import DeviceError, DeviceUnavailable, NoMedium
from drivers.idcard import IdCardReader
from drivers.idcard.fake import FakeIdCardReader
from drivers.idcard.reader import SerialIdCardReader
from drivers.idcard.sim import IdCardSimulator

pytestmark = pytest.mark.contract


class SimWorld:
    """Drives the simulated reader hardware (a card laid down, the cable pulled)."""

    def __init__(self, tmp_path):
        self.sim = IdCardSimulator(None, link=str(tmp_path / "ttyIDCARD")).start()
        self.reader = SerialIdCardReader(self.sim.path, poll_interval=0.02, probe_timeout=0.2,
                                         command_timeout=0.3)

    def place(self, name): self.sim.place(name)
    def remove(self): self.sim.remove()
    def fail_sam(self): self.sim.faults.sam_failure = True
    def remove_mid_read(self): self.sim.faults.remove_mid_read = True
    def unplug(self): self.sim.pty.unplug()
    def replug(self): self.sim.pty.replug()

    def close(self):
        self.reader.close()
        self.sim.stop()


class FakeWorld:
    def __init__(self, tmp_path):
        self.reader = FakeIdCardReader(poll_interval=0.02)

    def place(self, name): self.reader.trigger_place(name)
    def remove(self): self.reader.trigger_remove()
    def fail_sam(self): self.reader.sam_ok = False

    def remove_mid_read(self):
        from drivers.idcard.codec import status_error
        self.reader.trigger_error(status_error(0x41, "read card"))
        self.reader.trigger_remove()

    def unplug(self): self.reader.trigger_unplug()
    def replug(self): self.reader.trigger_replug()
    def close(self): self.reader.close()


@pytest.fixture(params=["sim", "fake"])
def world(request, tmp_path):
    w = {"sim": SimWorld, "fake": FakeWorld}[request.param](tmp_path)
    yield w
    w.close()


def test_satisfies_the_port(world):
    assert isinstance(world.reader, IdCardReader)


def test_reads_each_card_type(world):
    for name, kind in [("resident", "resident"), ("hmt_residence_permit", "hmt_residence_permit"),
                       ("foreign_permanent_2017", "foreign_permanent_2017"),
                       ("foreign_permanent_2023", "foreign_permanent_2023")]:
        world.place(name)
        card = world.reader.read_card(timeout=1)
        assert card.card_type == kind and card.id_number_valid
        assert len(card.photo_wlt) == 1024


def test_appended_address_is_read_when_present(world):
    world.place("resident")
    assert world.reader.read_card(1).new_address == "河南省郑州市金水区花园路9号"
    world.place("resident_no_new_address")
    assert world.reader.read_card(1).new_address is None


def test_no_card_gives_none_then_no_medium_after_timeout(world):
    assert world.reader.read_once() is None
    with pytest.raises(NoMedium) as info:
        world.reader.read_card(timeout=0.1)
    assert info.value.code == "idcard.no_card"


def test_status_reports_sam_and_its_failure(world):
    status = world.reader.status()
    assert status.ok and status.sam_id.startswith("05.01-")
    world.fail_sam()
    assert not world.reader.status().ok
    world.place("resident")
    with pytest.raises(DeviceError):
        world.reader.read_once()


def test_card_removed_mid_read_is_an_error_then_no_card(world):
    world.place("resident")
    world.remove_mid_read()
    with pytest.raises(DeviceError) as info:
        world.reader.read_once()
    assert info.value.code == "idcard.read_failed"
    assert world.reader.read_once() is None


def test_unplugged_reader_is_reported_and_recovers(world):
    world.place("resident")
    assert world.reader.read_once() is not None
    world.unplug()
    with pytest.raises(DeviceUnavailable):
        world.reader.read_once()
    world.replug()
    world.place("long_term")
    assert world.reader.read_card(1).name == "王德福"
