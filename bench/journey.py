"""The filing journey at the screen, measured on the real parts (simulated devices, a real
Mosquitto and court gateway, real OCR), each figure against its limit or peer in the same run:

- taps besides scanning for a standard civil complaint with two materials (limit 25);
- card on the reader → the applicant shown on the identify screen, against the reader's own read
  (radio + serial) timed in the same run;
- last page scanned → the material ready for the list, against the OCR of that page alone;
- peak memory of the kiosk's process tree through a filing with 50 scanned pages (limit 400 MB),
  and the longest time kiosk code held the Kivy thread meanwhile (limit 50 ms), next to one page
  recognised inline on the Kivy thread (the peer the capture worker avoids).

    .venv/bin/python bench/journey.py [--pages 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-home-"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TAPS_LIMIT = 25
STALL_LIMIT_MS = 50.0
MEMORY_LIMIT_MB = 400.0


class PeakRss(threading.Thread):
    """Samples the RSS of this process and its children every 50 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.stop = threading.Event()

    def run(self):
        import psutil

        me = psutil.Process()
        while not self.stop.wait(0.05):
            total = 0
            for proc in [me] + me.children(recursive=True):
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)


def timed(fn, into: list[float]):
    def wrapper(*args):
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            into.append((time.perf_counter() - start) * 1000)
    return wrapper


def card_latency(walk) -> tuple[float, float]:
    """(card placed → applicant on screen, the reader's own read), seconds."""
    from kiosk.walkthrough import to_materials

    kiosk = walk.kiosk
    to_materials(walk, card=False)
    walk.wait_screen("step.identify")
    reader = kiosk.app.kiosk.runtime.devices["idcard"]
    simulator = reader.simulator
    start = time.perf_counter()
    simulator.place("resident")
    walk.wait(lambda: walk.screen.who.text.startswith("居民身份证："), 20, "the applicant on screen")
    shown = time.perf_counter() - start
    watcher = kiosk.app.kiosk.runtime.watcher
    watcher.stop()
    simulator.remove()
    time.sleep(0.3)
    simulator.place("resident")
    start = time.perf_counter()
    reader.read_card(timeout=10)
    read = time.perf_counter() - start
    return shown, read


def one_page_ocr(settings, image_path: Path) -> float:
    from kiosk.capture.pipeline import CapturePipeline

    with CapturePipeline(settings, workers=1) as pipeline:
        pipeline.process_material([image_path], out_dir=image_path.parent / "warm", name="warm")
        start = time.perf_counter()
        pipeline.process_material([image_path], out_dir=image_path.parent / "peer", name="peer")
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    from kiosk.walkthrough import Walk, civil_filing, scan_material, to_materials
    from tests.fixtures.mosquitto import start_broker
    from tests.ui.journey_rig import kiosk_and_court

    root = Path(tempfile.mkdtemp(prefix="bench-journey-"))
    broker = start_broker(root / "broker")
    try:
        with kiosk_and_court(root / "a", broker.port) as (kiosk, ks, cs, running):
            walk = Walk(kiosk, None, log=lambda _m: None)
            civil_filing(walk)
            taps = walk.taps
        with kiosk_and_court(root / "b", broker.port) as (kiosk, ks, cs, running):
            shown, read = card_latency(Walk(kiosk, None, log=lambda _m: None))
        with kiosk_and_court(root / "c", broker.port, kinds=["民事起诉状"]) as (kiosk, ks, cs, running):
            walk = Walk(kiosk, None, log=lambda _m: None)
            in_code: list[float] = []
            frames: list[float] = []
            kiosk.app.kiosk.bridge.attach(timed(kiosk.root.render, in_code))
            to_materials(walk)
            pump = kiosk.pump
            kiosk.pump = lambda n=3: [timed(pump, frames)(1) for _ in range(n)]
            rss = PeakRss()
            rss.start()
            in_code.clear()
            scan_material(walk, "complaint", args.pages, timeout=900)
            rss.stop.set()
            rss.join()
            dossier = kiosk.controller.state.journey.dossier
            material = dossier.materials[-1]
            recognised = [e["at"] for e in dossier.audit if e["event"] == "material_recognised"][-1]
            ready_after = recognised - material.scanned_at  # from the last PageScanned (wall clock)
            stall, frame = max(in_code), max(frames)
            image = Path(material.pages[-1].path)
            peer_ocr = one_page_ocr(ks, image)
    finally:
        broker.stop()
    print(f"taps besides scanning, civil complaint with two materials: {taps} "
          f"(limit {TAPS_LIMIT}) -> {taps / TAPS_LIMIT:.2f} of the limit")
    print(f"card on the reader -> applicant on screen: {shown * 1000:.0f} ms; the reader's own read "
          f"{read * 1000:.0f} ms -> {shown / read:.2f}x the read")
    print(f"last page scanned -> material ready ({material.page_count} pages): {ready_after * 1000:.0f} ms; "
          f"OCR of that page alone {peer_ocr * 1000:.0f} ms -> {ready_after / peer_ocr:.2f}x")
    print(f"peak memory, kiosk process tree, {args.pages}-page material: {rss.peak / 2**20:.0f} MB "
          f"(limit {MEMORY_LIMIT_MB:.0f}) -> {rss.peak / 2**20 / MEMORY_LIMIT_MB:.2f} of the limit")
    print(f"longest kiosk code (rendering view states) on the Kivy thread while {args.pages} pages "
          f"were scanned and OCR'd: {stall:.1f} ms (limit {STALL_LIMIT_MS:.0f}) -> "
          f"{stall / STALL_LIMIT_MS:.2f}; whole frame incl. software GL {frame:.0f} ms; the same OCR "
          f"inline would hold it {peer_ocr * 1000:.0f} ms per page -> {peer_ocr * 1000 / STALL_LIMIT_MS:.1f}")


if __name__ == "__main__":
    main()
