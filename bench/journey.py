"""The filing journey at the screen, measured on the real parts (simulated devices, a real
Mosquitto and court gateway, real OCR), each figure against its limit or peer in the same run:

- taps besides scanning for a standard civil complaint with two materials (limit 25);
- card on the reader → the applicant shown on the identify screen, with the simulator's realistic
  reader timing, against the hardware's own need (radio ≈ 1 s + 1 295 bytes at 115 200 baud);
- last page scanned → the material ready for the list, against the OCR of that page alone;
- peak memory of the kiosk's process tree (the kiosk and its OCR workers; the embedded court's
  broker and gateway run as their own processes and are left out) through a filing with 50 pages
  fed at 60 pages a minute (limit 400 MB), and the longest time kiosk code held the Kivy thread
  meanwhile (limit 50 ms), next to one page recognised inline on the Kivy thread (the peer the
  capture worker avoids).

    .venv/bin/python bench/journey.py [--pages 50] [--ocr-workers N]
    .venv/bin/python bench/journey.py --phase scan      # only the 50-page phase (JSON)
    .venv/bin/python bench/journey.py --phase bare      # only the bare-Kivy floor (JSON)
"""

from __future__ import annotations

import argparse
import gc
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

from drivers.idcard.sim import REALISTIC  # noqa: E402

TAPS_LIMIT = 25
STALL_LIMIT_MS = 50.0
MEMORY_LIMIT_MB = 400.0
CARD_LIMIT_S = 1.0 + 1295 * 10 / 115200  # radio read + the answer over the serial line


class PeakRss(threading.Thread):
    """Samples the RSS of this process and its children every 50 ms."""

    def __init__(self, exclude: set[int] = frozenset()):
        super().__init__(daemon=True)
        self.peak = 0
        self.main_peak = 0
        self.workers_peak = 0
        self.exclude = set(exclude)
        self.stop = threading.Event()

    def run(self):
        import psutil

        me = psutil.Process()
        own = me.cmdline()
        while not self.stop.wait(0.05):
            total = 0
            skip = set()
            for proc in me.children(recursive=True):
                if proc.pid in self.exclude:
                    skip |= {proc.pid} | {c.pid for c in proc.children(recursive=True)}
                try:
                    if proc.ppid() == me.pid and proc.cmdline() == own:
                        # forked, not yet exec'd (a worker being spawned): its pages are ours,
                        # counting them again counted the kiosk twice (1.13 GB in one run)
                        skip.add(proc.pid)
                except psutil.Error:
                    skip.add(proc.pid)
            workers = 0
            for proc in [me] + me.children(recursive=True):
                if proc.pid in skip:
                    continue
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                if proc is me:
                    self.main_peak = max(self.main_peak, rss)
                else:
                    workers += rss
            self.peak = max(self.peak, total)
            self.workers_peak = max(self.workers_peak, workers)


def timed(fn, into: list[float]):
    def wrapper(*args):
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            into.append((time.perf_counter() - start) * 1000)
    return wrapper


def card_latency(walk, trials: int = 5) -> list[float]:
    """Card placed → applicant on the identify screen, seconds, a fresh session each time."""
    from kiosk.walkthrough import to_materials

    kiosk = walk.kiosk
    simulator = kiosk.app.kiosk.runtime.devices["idcard"].simulator
    found = []
    for _ in range(trials):
        to_materials(walk, card=False)
        walk.wait_screen("step.identify")
        start = time.perf_counter()
        simulator.place("resident")
        walk.wait(lambda: walk.screen.who.text.startswith("居民身份证："), 20, "the applicant on screen")
        found.append(time.perf_counter() - start)
        walk.tap(walk.screen.end_button)
        walk.wait_screen("attract")
        simulator.remove()
        time.sleep(7.5)  # gone after 2 s unseen, and not the same touch again within 5 s
    return found


def one_page_ocr(settings, image_path: Path) -> float:
    from kiosk.capture.pipeline import CapturePipeline

    with CapturePipeline(settings, workers=1) as pipeline:
        pipeline.process_material([image_path], out_dir=image_path.parent / "warm", name="warm")
        start = time.perf_counter()
        pipeline.process_material([image_path], out_dir=image_path.parent / "peer", name="peer")
        return time.perf_counter() - start


class gc_pauses:
    """The longest garbage collections (ms, by generation) while it is installed: a collection
    falls inside whatever render is running, so a long one shows up as a Kivy-thread stall."""

    def __init__(self):
        self.longest: dict[int, float] = {}
        self._start = 0.0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            took = (time.perf_counter() - self._start) * 1000
            generation = info["generation"]
            self.longest[generation] = max(self.longest.get(generation, 0.0), took)

    def worst(self) -> dict[str, float]:
        return {f"gen{g}": round(ms, 1) for g, ms in sorted(self.longest.items())}


def scan_phase(pages: int, workers: int = 0) -> dict:
    """The 50-page material in a process of its own (a fresh kiosk, as at the hall), so what the
    earlier phases left in memory does not count: peak memory, the Kivy-thread figures."""
    from kiosk.demo_court import DemoCourt
    from kiosk.headless import Headless
    from kiosk.walkthrough import Walk, scan_material, to_materials
    from bench import faces
    from tests.ui.journey_rig import journey_settings

    faces.install()
    root = Path(tempfile.mkdtemp(prefix="bench-journey-scan-"))
    settings = journey_settings(root / "c", 0, kinds=["民事起诉状"], page_delay_s=1.0)
    if workers:
        settings.ocr.workers = workers
    else:
        from config.settings import OCR

        settings.ocr.workers = OCR().workers  # the kiosk's default, not the test rig's two
    with DemoCourt(settings, fresh_kiosk_data=False) as court:
        kiosk = Headless(court.apply(settings), with_runtime=True, start_sender=True)
        try:
            ks = kiosk.app.kiosk.settings
            walk = Walk(kiosk, None, log=lambda _m: None)
            in_code: list[float] = []
            frames: list[float] = []
            kiosk.app.kiosk.bridge.attach(timed(kiosk.root.render, in_code))
            to_materials(walk)
            pump = kiosk.pump
            kiosk.pump = lambda n=3: [timed(pump, frames)(1) for _ in range(n)]
            rss = PeakRss({p.pid for p in court.processes.values()})
            rss.start()
            in_code.clear()
            pauses = gc_pauses()
            scan_material(walk, "complaint", pages, timeout=900)
            rss.stop.set()
            rss.join()
            gc.callbacks.remove(pauses.callback)
            dossier = kiosk.controller.state.journey.dossier
            material = dossier.materials[-1]
            recognised = [e["at"] for e in dossier.audit if e["event"] == "material_recognised"][-1]
            image = Path(material.pages[-1].path)
            result = {"ready_after": recognised - material.scanned_at, "pages": material.page_count,
                      "stall": max(in_code), "renders": len(in_code), "frame": max(frames),
                      "peak": rss.peak, "main_peak": rss.main_peak, "workers_peak": rss.workers_peak,
                      "workers": ks.ocr.workers or "auto", "peer_ocr": one_page_ocr(ks, image),
                      "faces": faces.summary(), "gc_pauses_ms": pauses.worst()}
        finally:
            kiosk.close()
    return result


def bare_phase() -> dict:
    """The floor under the kiosk's own memory: the same Kivy, fonts and software GL showing one
    screen of text, nothing of the kiosk."""
    import psutil

    from kiosk.app import kivy_environment

    kivy_environment()
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from config.settings import KioskSettings
    from kiosk.app import register_fonts

    register_fonts(KioskSettings().ui)
    Window.add_widget(Label(text="巩义市人民法院 网上立案 扫描材料 下一步", font_size=40))
    for _ in range(10):
        EventLoop.idle()
    return {"rss": psutil.Process().memory_info().rss}


def in_child(phase: str, *args: str) -> dict:
    import json
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--phase", phase, *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--phase", choices=("all", "scan", "bare"), default="all")
    parser.add_argument("--ocr-workers", type=int, default=0,
                        help="OCR processes for the 50-page phase (0: the kiosk's default, ocr.workers)")
    args = parser.parse_args()
    import json
    import statistics

    if args.phase != "all":
        print(json.dumps(scan_phase(args.pages, args.ocr_workers) if args.phase == "scan" else bare_phase()))
        return
    from kiosk.walkthrough import Walk, civil_filing
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
            kiosk.app.kiosk.runtime.devices["idcard"].simulator.timing = REALISTIC
            shown = card_latency(Walk(kiosk, None, log=lambda _m: None))
    finally:
        broker.stop()
    scan = in_child("scan", "--pages", str(args.pages), "--ocr-workers", str(args.ocr_workers))
    bare = in_child("bare")
    mb = 2 ** 20
    print(f"taps besides scanning, civil complaint with two materials: {taps} "
          f"(limit {TAPS_LIMIT}) -> {taps / TAPS_LIMIT:.2f} of the limit")
    med = statistics.median(shown)
    print(f"card on the reader -> applicant on screen (realistic reader, {len(shown)} sessions): "
          f"median {med * 1000:.0f} ms, worst {max(shown) * 1000:.0f} ms; the hardware's own "
          f"{CARD_LIMIT_S * 1000:.0f} ms (radio + serial) -> {med / CARD_LIMIT_S:.2f}x")
    print(f"last page scanned -> material ready ({scan['pages']} pages): {scan['ready_after'] * 1000:.0f} ms; "
          f"OCR of that page alone {scan['peer_ocr'] * 1000:.0f} ms -> {scan['ready_after'] / scan['peer_ocr']:.2f}x")
    print(f"peak memory, kiosk process tree, {args.pages}-page material (a fresh kiosk process): "
          f"{scan['peak'] / mb:.0f} MB (limit {MEMORY_LIMIT_MB:.0f}) -> {scan['peak'] / mb / MEMORY_LIMIT_MB:.2f} "
          f"of the limit; the kiosk process {scan['main_peak'] / mb:.0f} MB, its OCR workers together "
          f"{scan['workers_peak'] / mb:.0f} MB ({scan['workers']} workers); the floor: Kivy with the "
          f"fonts and software GL showing one label {bare['rss'] / mb:.0f} MB; font faces opened "
          f"{scan['faces']['faces']} (≈2.55 MB each)")
    print(f"longest kiosk code (rendering view states) on the Kivy thread while {args.pages} pages "
          f"were scanned and OCR'd: {scan['stall']:.1f} ms over {scan['renders']} renders (limit "
          f"{STALL_LIMIT_MS:.0f}) -> {scan['stall'] / STALL_LIMIT_MS:.2f}; whole frame incl. software GL "
          f"{scan['frame']:.0f} ms; the same OCR inline would hold it {scan['peer_ocr'] * 1000:.0f} ms per "
          f"page -> {scan['peer_ocr'] * 1000 / STALL_LIMIT_MS:.1f}")


if __name__ == "__main__":
    main()
