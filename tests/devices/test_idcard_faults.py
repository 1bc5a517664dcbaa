"""The serial adapter against a misbehaving simulated reader; the watcher's debounce and recovery."""

from __future__ import annotations

import time

import pytest

from drivers.errors import DeviceUnavailable
from drivers.idcard import codec
from drivers.idcard.fake import FakeIdCardReader
from drivers.idcard.reader import SerialIdCardReader
from drivers.idcard.sim import Faults, IdCardSimulator
from drivers.idcard.watcher import (CardPresented, CardReadFailed, CardRemoved, CardWatcher,
                                    ReaderLost, ReaderRecovered)

pytestmark = pytest.mark.faults


def _reader(sim, **kw):
    kw.setdefault("probe_timeout", 0.2)
    kw.setdefault("command_timeout", 0.5)
    return SerialIdCardReader(sim.path, **kw)


@pytest.mark.parametrize("faults", [["stray_bytes"], ["split_writes"], ["bad_checksum"],
                                    ["stray_bytes", "split_writes", "bad_checksum"]])
def test_reads_through_line_faults(faults):
    with IdCardSimulator("resident", faults=faults, seed=7) as sim:
        with _reader(sim) as reader:
            for _ in range(3):
                sim.place("resident")
                assert reader.read_card(1).name == "张三丰"


def test_corrupted_answer_is_asked_again_not_swallowed():
    with IdCardSimulator("resident") as sim, _reader(sim) as reader:
        sim.faults.bad_checksum = 1
        assert reader.read_card(1).id_number_valid
        assert sim.commands.count(codec.FIND_CARD) == 2  # the corrupted "found" was resent
        sim.faults.bad_checksum = 10  # more than the retries: the error surfaces
        with pytest.raises(codec.ChecksumError):
            reader.read_once()


def test_host_frame_corrupted_on_the_line_is_resent():
    with IdCardSimulator("resident") as sim, _reader(sim) as reader:
        reader._port.write(codec.command(codec.FIND_CARD)[:-1] + b"\x00")  # reader answers SW3=10
        time.sleep(0.05)
        assert reader.read_card(1).name == "张三丰"


def test_probes_the_line_speed_115200_first():
    with IdCardSimulator("resident", baud=38400) as sim:
        with _reader(sim, probe_timeout=0.15) as reader:
            assert reader.baudrate == 38400
            assert reader.read_card(1).name == "张三丰"


def test_silent_reader_is_unavailable_with_a_clear_message():
    with IdCardSimulator("resident", faults=["silent"]) as sim:
        reader = _reader(sim, probe_timeout=0.05, baudrates=(115200, 9600))
        with pytest.raises(DeviceUnavailable, match="no reader answers"):
            reader.open()


def test_missing_port_is_unavailable():
    with pytest.raises(DeviceUnavailable) as info:
        SerialIdCardReader("/dev/does-not-exist").open()
    assert info.value.code == "idcard.unavailable"


def test_slow_radio_within_the_read_allowance():
    with IdCardSimulator("resident", faults={"slow_radio_s": 0.6}) as sim:
        with _reader(sim, read_timeout=1.0) as reader:
            assert reader.read_card(2).name == "张三丰"
        with _reader(sim, read_timeout=0.3) as reader:
            sim.place("resident")
            with pytest.raises(Exception) as info:
                reader.read_once()
            assert info.value.code == "idcard.timeout"


def test_unknown_fault_names_are_rejected():
    with pytest.raises(ValueError, match="unknown simulator fault"):
        Faults.from_options(["stray_byte"])


class Clock:
    def __init__(self): self.t = 0.0
    def __call__(self): return self.t


def test_watcher_debounces_a_halted_card_and_reports_removal_once():
    reader, clock, events = FakeIdCardReader(), Clock(), []
    watcher = CardWatcher(reader, events.append, removal_s=2, same_card_hold_s=5, clock=clock)
    reader.trigger_place("resident")
    watcher.step()
    reader.trigger_remove()            # halted card: the reader says "no card" ...
    for _ in range(3):
        clock.t += 0.5
        watcher.step()
    reader.trigger_place("resident")   # ... then finds the same card again
    clock.t += 0.5
    watcher.step()
    assert [type(e) for e in events] == [CardPresented]
    reader.trigger_remove()
    for _ in range(5):
        clock.t += 0.5
        watcher.step()
    assert [type(e) for e in events] == [CardPresented, CardRemoved]
    reader.trigger_place("hmt_residence_permit")
    clock.t += 0.5
    watcher.step()
    assert isinstance(events[-1], CardPresented) and events[-1].card.card_type == "hmt_residence_permit"


def test_watcher_reports_a_lost_reader_once_and_its_recovery_once():
    reader, clock, events = FakeIdCardReader(), Clock(), []
    watcher = CardWatcher(reader, events.append, clock=clock)
    watcher.step()
    reader.trigger_unplug()
    for _ in range(3):
        watcher.step()
    reader.trigger_replug()
    reader.trigger_place("resident")
    watcher.step()
    assert [type(e) for e in events] == [ReaderLost, ReaderRecovered, CardPresented]


def test_watcher_reports_a_failed_read_once():
    reader, events = FakeIdCardReader(), []
    watcher = CardWatcher(reader, events.append, clock=Clock())
    for _ in range(2):
        reader.trigger_error(codec.status_error(0x41, "read"))
        watcher.step()
    assert [type(e) for e in events] == [CardReadFailed]


def test_watcher_thread_over_the_simulator_survives_an_unplug(tmp_path):
    events = []
    with IdCardSimulator("resident", link=str(tmp_path / "ttyID")) as sim:
        reader = _reader(sim, command_timeout=0.3)
        watcher = CardWatcher(reader, events.append, interval=0.05, removal_s=10).start()
        try:
            assert _wait(lambda: CardPresented in map(type, events))
            sim.pty.unplug()
            assert _wait(lambda: ReaderLost in map(type, events))
            sim.pty.replug()
            sim.place("foreign_permanent_2023")
            assert _wait(lambda: ReaderRecovered in map(type, events)
                         and events[-1] == CardPresented(events[-1].card)
                         and events[-1].card.card_type == "foreign_permanent_2023")
        finally:
            watcher.stop()
            reader.close()
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["CardPresented", "ReaderLost", "ReaderRecovered", "CardRemoved", "CardPresented"]


def _wait(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except (IndexError, AttributeError):
            pass
        time.sleep(0.02)
    return False


def test_a_late_answer_to_a_timed_out_read_is_not_taken_for_the_next_answer():
    with IdCardSimulator("resident", faults={"slow_radio_s": 0.5}) as sim:
        with _reader(sim, read_timeout=0.2, command_timeout=1.5) as reader:
            with pytest.raises(Exception) as info:
                reader.read_once()
            assert info.value.code == "idcard.timeout"
            sim.faults.slow_radio_s = 0
            sim.place("hmt_residence_permit")
            assert reader.read_once().card_type == "hmt_residence_permit"


def test_a_line_that_echoes_our_commands_is_not_a_reader():
    reader = SerialIdCardReader("loop://", probe_timeout=0.05, baudrates=(115200, 9600))
    with pytest.raises(DeviceUnavailable, match="no reader answers"):
        reader.open()
