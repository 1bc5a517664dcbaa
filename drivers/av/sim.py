"""The booth simulated: parts present or unplugged at will (tests, the demo, kiosks without a booth
set ``kind = "sim"`` with the parts they do not have set to false)."""

from __future__ import annotations

import threading

from drivers.av.port import AV_PARTS, AvReport, PartCheck

NAMES = {"camera": "模拟摄像头 (sim:video0)", "microphone": "模拟麦克风 (sim:hw:0,0)",
         "speaker": "模拟扬声器 (sim:hw:0,0)"}


class AvSimulator:
    def __init__(self, camera: bool = True, microphone: bool = True, speaker: bool = True):
        self._present = {"camera": camera, "microphone": microphone, "speaker": speaker}
        self._lock = threading.Lock()
        self.probes = 0

    def unplug(self, part: str) -> None:
        self._set(part, False)

    def plug(self, part: str) -> None:
        self._set(part, True)

    def _set(self, part: str, present: bool) -> None:
        if part not in AV_PARTS:
            raise ValueError(f"no such part {part!r}: expected one of {AV_PARTS}")
        with self._lock:
            self._present[part] = present

    def probe(self) -> AvReport:
        with self._lock:
            self.probes += 1
            present = dict(self._present)
        return AvReport(tuple(
            PartCheck(p, True, NAMES[p], detail="simulated") if present[p]
            else PartCheck(p, False, problem=f"av.{p}_missing", detail=f"simulated {p} unplugged")
            for p in AV_PARTS))

    def close(self) -> None:
        pass
