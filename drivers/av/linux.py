"""The real booth on Linux: V4L2 cameras (``/dev/video*``, asked with VIDIOC_QUERYCAP whether they
capture video: a metadata node of the same camera does not), ALSA capture and playback PCMs
(``/proc/asound/pcm``, each with its ``/dev/snd/pcmC<card>D<dev>c|p`` node and whether this
user may open it). No tool needs to be installed: the kernel's own interfaces are read."""

from __future__ import annotations

import errno
import fcntl
import glob
import logging
import os
import re
import struct

from drivers.av.port import AvReport, PartCheck

log = logging.getLogger(__name__)

_CAP_STRUCT = struct.Struct("16s32s32sIII12x")  # struct v4l2_capability (104 bytes)
VIDIOC_QUERYCAP = (2 << 30) | (_CAP_STRUCT.size << 16) | (ord("V") << 8) | 0
V4L2_CAP_VIDEO_CAPTURE = 0x00000001
V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000
V4L2_CAP_DEVICE_CAPS = 0x80000000
PCM_LINE = re.compile(r"^(\d+)-(\d+):\s*([^:]*):")


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


class LinuxAv:
    def __init__(self, root: str = "/"):
        self.root = root

    def _path(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def probe(self) -> AvReport:
        return AvReport((self._camera(), *self._audio()))

    # --- camera ------------------------------------------------------------------------------
    def _camera(self) -> PartCheck:
        nodes = sorted(glob.glob(self._path("dev", "video*")))
        if not nodes:
            return PartCheck("camera", False, problem="av.camera_missing",
                             detail=f"no {self._path('dev', 'video*')} node")
        seen = []
        problem = "av.camera_missing"
        for node in nodes:
            try:
                fd = os.open(node, os.O_RDWR | os.O_NONBLOCK)
            except OSError as exc:
                seen.append(f"{node}: {exc.strerror}")
                if exc.errno in (errno.EACCES, errno.EPERM):
                    problem = "av.camera_denied"
                elif exc.errno == errno.EBUSY:
                    problem = "av.camera_busy"
                continue
            try:
                raw = fcntl.ioctl(fd, VIDIOC_QUERYCAP, bytes(_CAP_STRUCT.size))
            except OSError as exc:
                seen.append(f"{node}: not a V4L2 device ({exc.strerror})")
                continue
            finally:
                os.close(fd)
            driver, card, _bus, _version, caps, device_caps = _CAP_STRUCT.unpack(raw)
            if caps & V4L2_CAP_DEVICE_CAPS:
                caps = device_caps
            if caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE):
                return PartCheck("camera", True, f"{_text(card) or _text(driver)} ({node})",
                                 detail=f"V4L2 capture device {node}, driver {_text(driver)}")
            seen.append(f"{node}: V4L2 device without video capture (caps {caps:#x})")
        return PartCheck("camera", False, problem=problem, detail="; ".join(seen))

    # --- microphone and speaker -------------------------------------------------------------
    def _pcms(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
        """([(node, name)] capture, [(node, name)] playback, what was read)."""
        try:
            with open(self._path("proc", "asound", "pcm"), encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError as exc:
            return [], [], f"{self._path('proc', 'asound', 'pcm')}: {exc.strerror} (no ALSA sound card)"
        capture, playback = [], []
        for line in lines:
            m = PCM_LINE.match(line)
            if not m:
                continue
            card, dev, name = int(m.group(1)), int(m.group(2)), m.group(3).strip()
            if re.search(r"\bcapture \d+", line):
                capture.append((self._path("dev", "snd", f"pcmC{card}D{dev}c"), f"{name} (hw:{card},{dev})"))
            if re.search(r"\bplayback \d+", line):
                playback.append((self._path("dev", "snd", f"pcmC{card}D{dev}p"), f"{name} (hw:{card},{dev})"))
        return capture, playback, f"{len(lines)} PCM line(s) in /proc/asound/pcm"

    def _audio(self) -> tuple[PartCheck, PartCheck]:
        capture, playback, read = self._pcms()
        return (self._usable("microphone", capture, read), self._usable("speaker", playback, read))

    @staticmethod
    def _usable(part: str, found: list[tuple[str, str]], read: str) -> PartCheck:
        if not found:
            return PartCheck(part, False, problem=f"av.{part}_missing",
                             detail=f"no {'capture' if part == 'microphone' else 'playback'} PCM; {read}")
        notes = []
        for node, name in found:
            if not os.path.exists(node):
                notes.append(f"{node} missing")
                continue
            if not os.access(node, os.R_OK | os.W_OK):
                notes.append(f"{node} not readable and writable by this user")
                continue
            return PartCheck(part, True, name, detail=f"ALSA PCM {node}")
        denied = any("not readable" in n for n in notes)
        return PartCheck(part, False, problem=f"av.{part}_{'denied' if denied else 'missing'}",
                         detail="; ".join(notes))

    def close(self) -> None:
        pass
