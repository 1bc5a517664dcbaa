"""The civil filing in 适老模式 against the same filing in normal mode, on the real parts
(simulated devices, a real Mosquitto and court gateway, real OCR): taps and seconds for a
first-time user, scripted by ``kiosk.walkthrough`` (target: the same taps as normal mode, the
one tap on 适老模式 apart).

    .venv/bin/python bench/elderly.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-home-"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def one_filing(root: Path, port: int, elderly: bool, shots: Path | None) -> tuple[int, float, str]:
    from kiosk.walkthrough import Walk, civil_filing, elderly_civil_filing
    from tests.ui.journey_rig import kiosk_and_court

    with kiosk_and_court(root, port) as (kiosk, _ks, _cs, _running):
        walk = Walk(kiosk, shots, log=lambda _m: None)
        start = time.perf_counter()
        (elderly_civil_filing if elderly else civil_filing)(walk, wait_receipt=0)
        seconds = time.perf_counter() - start
        mode = kiosk.controller.state.mode
        return walk.taps, seconds, mode


def main() -> None:
    from tests.fixtures.mosquitto import start_broker

    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    root = Path(tempfile.mkdtemp(prefix="bench-elderly-"))
    broker = start_broker(root / "broker")
    try:
        normal = one_filing(root / "normal", broker.port, False, shots and shots / "normal")
        elderly = one_filing(root / "elderly", broker.port, True, shots and shots / "elderly")
    finally:
        broker.stop()
    print(f"civil complaint, two materials, normal mode: {normal[0]} taps, {normal[1]:.1f} s "
          f"(scripted; scanning and OCR included)")
    print(f"the same in elderly mode ({elderly[2]} at the end): {elderly[0]} taps "
          f"({elderly[0] - 1} besides the one on 适老模式), {elderly[1]:.1f} s "
          f"-> {elderly[0] - 1 - normal[0]:+d} taps against normal mode (target +0)")


if __name__ == "__main__":
    main()
