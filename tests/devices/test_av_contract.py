"""One contract for the booth's camera, microphone and speaker, run against the real Linux adapter
(on this machine, and on a device tree built for the test: ALSA's /proc/asound/pcm and /dev/snd
nodes, /dev/video nodes that are no V4L2 device) and against the simulator."""

from __future__ import annotations

import os

import pytest

from drivers.av import AV_PARTS, AvDevices, create
from drivers.av.linux import VIDIOC_QUERYCAP, LinuxAv
from drivers.av.sim import AvSimulator

pytestmark = pytest.mark.contract

PCM = ("00-00: ALC892 Analog : ALC892 Analog : playback 1 : capture 1\n"
       "00-01: ALC892 Digital : ALC892 Digital : playback 1\n"
       "01-00: USB Audio : USB Audio : capture 1\n")


class SimWorld:
    """Every part can be there or not."""

    presentable = set(AV_PARTS)

    def __init__(self, tmp_path):
        self.av = AvSimulator()

    def unplug(self, part):
        self.av.unplug(part)

    def plug(self, part):
        self.av.plug(part)


class TreeWorld:
    """The real adapter on a tree of the kernel's files: sound cards as ALSA lists them; a camera
    node that is a plain file (no V4L2 driver behind it), so the camera is never found here."""

    presentable = {"microphone", "speaker"}

    def __init__(self, tmp_path):
        self.root = tmp_path / "root"
        (self.root / "proc" / "asound").mkdir(parents=True)
        (self.root / "dev" / "snd").mkdir(parents=True)
        (self.root / "proc" / "asound" / "pcm").write_text(PCM)
        for node in ("pcmC0D0p", "pcmC0D0c", "pcmC0D1p", "pcmC1D0c"):
            (self.root / "dev" / "snd" / node).write_bytes(b"")
        (self.root / "dev" / "video0").write_bytes(b"")
        self.av = LinuxAv(str(self.root))

    def _nodes(self, part):
        suffix = "c" if part == "microphone" else "p"
        return [p for p in (self.root / "dev" / "snd").iterdir() if p.name.endswith(suffix)]

    def unplug(self, part):
        for node in self._nodes(part):
            node.unlink()

    def plug(self, part):
        for node in ("pcmC0D0c", "pcmC1D0c") if part == "microphone" else ("pcmC0D0p", "pcmC0D1p"):
            (self.root / "dev" / "snd" / node).write_bytes(b"")


@pytest.fixture(params=[SimWorld, TreeWorld], ids=["sim", "linux-tree"])
def world(request, tmp_path):
    return request.param(tmp_path)


def test_the_adapters_are_the_port(world):
    assert isinstance(world.av, AvDevices)


def test_a_probe_names_every_part_once_and_says_why_one_is_missing(world):
    report = world.av.probe()
    assert tuple(p.part for p in report.parts) == AV_PARTS
    for part in report.parts:
        if part.present:
            assert part.name and not part.problem
        else:
            assert part.problem.startswith(f"av.{part.part}_") and part.detail
    assert set(report.missing) == set(AV_PARTS) - world.presentable
    assert report.ok == (world.presentable == set(AV_PARTS))


@pytest.mark.parametrize("part", ["microphone", "speaker"])
def test_an_unplugged_part_is_reported_missing_and_found_again(world, part):
    world.unplug(part)
    report = world.av.probe()
    assert part in report.missing and report.part(part).problem == f"av.{part}_missing"
    others = world.presentable - {part}
    assert all(report.part(p).present for p in others), "only the unplugged part is missing"
    world.plug(part)
    assert world.av.probe().part(part).present


def test_the_camera_unplugged_in_the_simulator():
    av = AvSimulator()
    av.unplug("camera")
    report = av.probe()
    assert report.missing == ("camera",) and report.part("camera").problem == "av.camera_missing"
    with pytest.raises(ValueError):
        av.unplug("projector")


def test_the_real_adapter_on_this_machine_reports_without_raising():
    report = LinuxAv().probe()
    assert tuple(p.part for p in report.parts) == AV_PARTS
    for part in report.parts:
        assert part.name if part.present else (part.problem and part.detail)
    if not any(n.startswith("video") for n in os.listdir("/dev")):
        assert "camera" in report.missing and "/dev/video" in report.part("camera").detail


def test_a_video_node_that_is_no_v4l2_device_is_not_taken_for_a_camera(tmp_path):
    world = TreeWorld(tmp_path)
    camera = world.av.probe().part("camera")
    assert not camera.present and "not a V4L2 device" in camera.detail


def test_a_sound_node_this_user_may_not_open_is_reported_denied(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may open any node")
    world = TreeWorld(tmp_path)
    for node in world._nodes("microphone"):
        node.chmod(0)
    assert world.av.probe().part("microphone").problem == "av.microphone_denied"


def test_no_alsa_at_all_says_so(tmp_path):
    report = LinuxAv(str(tmp_path)).probe()
    assert report.missing == AV_PARTS
    assert "no ALSA sound card" in report.part("microphone").detail


def test_the_ioctl_number_is_the_kernels():
    assert VIDIOC_QUERYCAP == 0x80685600  # _IOR('V', 0, struct v4l2_capability), videodev2.h


def test_create_builds_from_config():
    from config.settings import DeviceConfig

    assert isinstance(create(DeviceConfig(kind="linux")), LinuxAv)
    sim = create(DeviceConfig(kind="sim", options={"camera": False}))
    assert sim.probe().missing == ("camera",)
    with pytest.raises(ValueError):
        create(DeviceConfig(kind="serial"))
