"""Page turn in the viewer for a 200-page document: touch 下一页 → the next WATERMARKED page on
screen, on the real screens (offscreen), the PDF rendered by PDFium in the viewer's worker.

Target (issue 11/13): ≤ 150 ms with rendering ahead; peak memory ≤ 400 MB for the whole kiosk
process. The named peer, in the same run, is the same viewer without rendering ahead (only the
page asked for is rendered), which is what a reader would wait for on every turn otherwise.

    .venv/bin/python bench/viewer.py [--pages 200] [--turns 30] [--shot docs/screenshots/pub-watermark.png]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-home-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_MS = 150.0
TARGET_MB = 400.0
WATERMARK = "张三 · 4517\n终端 kiosk-01 · 2026-12-01 10:30"


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def setup(root: Path, pages: int):
    from kiosk.bootstrap import settings_for_tests
    from kiosk.viewer.samples import long_pdf
    from tests.transport.helpers import court_settings, exchange_keys
    from court.publications import publish
    from tests.viewer.helpers import deliver_catalogue

    ks = settings_for_tests(root / "kiosk")
    cs = court_settings(root / "court", 1883)
    exchange_keys(ks, cs)
    pdf = root / "archive.pdf"
    pdf.write_bytes(long_pdf(pages))
    publish(cs, "judgment", pdf, title=f"{pages} 页的卷宗（基准测试）", case_number="（2024）豫0102民初1187号",
            cause="民间借贷纠纷", published_at="2024-05-28")
    deliver_catalogue(ks, cs)
    return ks


def watermarked_journey():
    from dataclasses import replace

    from kiosk.flows.journeys.publications import PUBLICATIONS

    library, viewer = PUBLICATIONS.steps
    return replace(PUBLICATIONS, steps=(replace(library, params={"watermark": WATERMARK}), viewer))


def on_screen(walk, page: int) -> bool:
    body = walk.body
    screen = walk.screen
    return (body.page == page and body.current is not None and body.current.page == page - 1
            and screen.area.texture is not None
            and screen.area.texture is screen.textures.get(body.current.serial))


def run(ks, turns: int, ahead: bool, shot: Path | None):
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    from kiosk.controller import ClockBridge, Controller

    from kiosk.flows.journeys import registry
    from kiosk.flows.steps import viewer as viewer_step
    from kiosk.headless import Headless
    from kiosk.walkthrough import Walk, open_service

    saved = viewer_step.AHEAD, viewer_step.BEHIND
    if not ahead:
        viewer_step.AHEAD, viewer_step.BEHIND = 0, 0
    registry.JOURNEYS["public_documents"] = watermarked_journey()
    kiosk = Headless(ks)
    walk = Walk(kiosk, None, log=lambda _m: None)
    try:
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
        open_service(walk, "public_documents")
        walk.wait_screen("step.library")
        walk.wait(lambda: walk.body.status == "ready" and walk.screen.result_cards, 15, "the results")
        walk.tap(walk.screen.result_cards[0])
        walk.wait_screen("step.viewer")
        walk.wait(lambda: on_screen(walk, 1), 20, "page 1")
        times, code = [], []
        spent = [0.0]

        def timed(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kw):
                t = time.perf_counter()
                try:
                    return fn(*args, **kw)
                finally:
                    if threading.current_thread() is threading.main_thread():
                        spent[0] += time.perf_counter() - t
            return wrapper
        Controller.send, ClockBridge._flush = timed(Controller.send), timed(ClockBridge._flush)
        for _ in range(turns):
            page = walk.body.page
            settle = time.monotonic() + 0.4  # a reader looks at each page a moment
            while time.monotonic() < settle:
                EventLoop.idle()
            glFinish()
            spent[0] = 0.0
            start = time.perf_counter()
            kiosk.tap(walk.screen.next_button)
            while not on_screen(walk, page + 1):
                EventLoop.idle()
            EventLoop.idle()  # the frame that draws it
            glFinish()  # software GL rasterises later: wait until the pixels are there
            times.append((time.perf_counter() - start) * 1000)
            code.append(spent[0] * 1000)
        if shot is not None:
            kiosk.save(shot)
        # a fast flip: ten turns without looking, then the page must still come
        for _ in range(10):
            kiosk.tap(walk.screen.next_button)
        last = walk.body.page
        walk.wait(lambda: on_screen(walk, last), 20, "the page after a fast flip")
        return times, code, walk.body.page_count
    finally:
        kiosk.close()
        viewer_step.AHEAD, viewer_step.BEHIND = saved


def one(root: Path, mode: str, turns: int, shot: Path | None) -> None:
    """One mode in this process (a fresh process per mode: each peak memory is its own)."""
    import json

    from config.loader import load_settings  # noqa: F401  (settings as the parent made them)
    from kiosk.bootstrap import settings_for_tests

    ks = settings_for_tests(root / "kiosk")
    times, code, count = run(ks, turns, mode == "ahead", shot)
    print("RESULT " + json.dumps({"times": times, "code": code, "pages": count, "peak": peak_mb()}))


def stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(values), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def main() -> int:
    import json
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--shot", type=Path, default=None)
    parser.add_argument("--mode", choices=("ahead", "cold"), default=None, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        one(args.root, args.mode, args.turns, args.shot)
        return 0
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-viewer-") as tmp:
        setup(Path(tmp), args.pages)
        for mode in ("ahead", "cold"):
            cmd = [sys.executable, __file__, "--mode", mode, "--root", tmp, "--turns", str(args.turns)]
            if args.shot and mode == "ahead":
                cmd += ["--shot", str(args.shot.resolve())]
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
            if line is None:
                print(out.stdout[-2000:], out.stderr[-3000:], file=sys.stderr)
                return 2
            results[mode] = json.loads(line[7:])
    a, c = results["ahead"], results["cold"]
    (med_a, p95_a, max_a), (med_c, p95_c, max_c) = stats(a["times"]), stats(c["times"])
    code_a = stats(a["code"])
    load = os.getloadavg()[0]
    print(f"document: {a['pages']} pages, watermarked; {args.turns} turns each, 0.4 s on every page; "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    print(f"rendering ahead:       median {med_a:6.1f} ms  p95 {p95_a:6.1f} ms  max {max_a:6.1f} ms"
          f"   (kiosk code on the Kivy thread: median {code_a[0]:.1f} ms, max {code_a[2]:.1f} ms)")
    print(f"peer, no render-ahead: median {med_c:6.1f} ms  p95 {p95_c:6.1f} ms  max {max_c:6.1f} ms")
    print(f"ratio (peer / ahead, median): {med_c / med_a:.2f}x")
    print(f"p95 with rendering ahead / target {TARGET_MS:.0f} ms: {p95_a / TARGET_MS:.2f} "
          f"({'ok' if p95_a <= TARGET_MS else 'OVER'})")
    print(f"peak memory of the kiosk process: {a['peak']:.0f} MB ahead, {c['peak']:.0f} MB peer; "
          f"/ target {TARGET_MB:.0f} MB: {a['peak'] / TARGET_MB:.2f} ({'ok' if a['peak'] <= TARGET_MB else 'OVER'})")
    return 0 if p95_a <= TARGET_MS and a["peak"] <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
