"""Cold start to the home screen with every journey registered, and peak memory, against the
targets (≤ 1.5 s, ≤ 400 MB).

Each run is a fresh Python process (warm disk cache) that builds the kiosk from settings, draws the
attract screen, takes a first touch and draws the home screen. The named peer, measured in the
same run, is the smallest Kivy program that draws one Chinese label: the floor Kivy itself sets.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 1.5  # with every journey registered (issue 9)
TARGET_MB = 400.0

KIOSK_CHILD = """
import resource, sys
from kiosk.bootstrap import settings_for_tests
from kiosk.headless import Headless
kiosk = Headless(settings_for_tests(sys.argv[1]))
kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height / 2))
assert kiosk.screen == "home", kiosk.screen
kiosk.pump()
print("READY", flush=True)
print("RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""

PEER_CHILD = """
import os, resource, sys
os.environ.setdefault("KIVY_NO_ARGS", "1")
from kivy.config import Config
Config.set("graphics", "width", "1280"); Config.set("graphics", "height", "800")
from kivy.core.text import LabelBase
LabelBase.register("Roboto", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
from kivy.base import EventLoop
from kivy.uix.label import Label
EventLoop.ensure_window()
EventLoop.window.add_widget(Label(text="巩义市人民法院", font_size=64))
for _ in range(3):
    EventLoop.idle()
print("READY", flush=True)
print("RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def one_run(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from spawn to READY, peak RSS in MB) of one fresh process."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, tmp], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        elapsed, rss_kb = None, None
        for line in proc.stdout:
            if line.startswith("READY") and elapsed is None:
                elapsed = time.perf_counter() - start
            elif line.startswith("RSS_KB"):
                rss_kb = int(line.split()[1])
        proc.wait(60)
        if proc.returncode != 0 or elapsed is None or rss_kb is None:
            raise SystemExit(f"benchmark child failed (exit {proc.returncode})")
        return elapsed, rss_kb / 1024


def measure(name: str, code: str, runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = [one_run(code, env) for _ in range(runs)]
    seconds = statistics.median(s for s, _ in samples)
    peak_mb = max(m for _, m in samples)
    print(f"  {name:<34} {seconds:6.2f} s   peak {peak_mb:6.1f} MB   "
          f"(runs: {', '.join(f'{s:.2f}' for s, _ in samples)})")
    return seconds, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_LOG_MODE": "PYTHON",
           "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": root,
           "KIVY_HOME": tempfile.mkdtemp(prefix="bench-kivy-home-")}
    display = "window on " + env["DISPLAY"] if env.get("DISPLAY") else "offscreen (no DISPLAY)"
    print(f"Cold start to home screen, median of {args.runs} fresh processes, {display}, "
          f"{os.cpu_count()} cores")
    one_run(PEER_CHILD, env)  # warm-up: fonts, shaders and modules into the page cache
    peer_s, peer_mb = measure("peer: bare Kivy, one Chinese label", PEER_CHILD, args.runs, env)
    ours_s, ours_mb = measure("kiosk: attract -> touch -> home", KIOSK_CHILD, args.runs, env)
    print()
    print(f"start-up: {ours_s:.2f} s vs target {TARGET_S:.1f} s -> {ours_s / TARGET_S:.2f} of the limit "
          f"({'OK' if ours_s <= TARGET_S else 'OVER'}); {ours_s / peer_s:.2f}x bare Kivy")
    print(f"memory:   {ours_mb:.0f} MB vs target {TARGET_MB:.0f} MB -> {ours_mb / TARGET_MB:.2f} of the limit "
          f"({'OK' if ours_mb <= TARGET_MB else 'OVER'}); {ours_mb / peer_mb:.2f}x bare Kivy")


if __name__ == "__main__":
    main()
