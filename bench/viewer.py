"""Page turn in the viewer for a 200-page document: touch 下一页 → the next WATERMARKED page on
screen, on the real screens (offscreen), the PDF rendered by PDFium in the viewer's worker.

Target (issue 11/13): ≤ 150 ms with rendering ahead; peak memory ≤ 400 MB for the kiosk's whole
process tree while viewing (turning pages, then a pinch to 250 %). The named peer, in the same
run, is the same viewer without rendering ahead (only the page asked for is rendered), which is
what a reader would wait for on every turn otherwise. Also printed: the CPU time of a turn (all
threads; what the 2-core machine's load cannot change), the memory on the home screen before
viewing, and the viewing's own share.

    .venv/bin/python bench/viewer.py [--journey archive|public] [--pages 200] [--turns 30] [--shot FILE.png]
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


def tree_mb() -> tuple[float, int]:
    """(VmHWM of this process + VmHWM of every live descendant, how many descendants): the
    kiosk's process tree (issue 11: "≤ 400 MB total")."""
    import psutil

    total, children = peak_mb(), psutil.Process().children(recursive=True)
    for child in children:
        try:
            for line in Path(f"/proc/{child.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total, len(children)


def trace(stage: str) -> None:
    """``BENCH_VIEWER_TRACE=1``: the memory at each stage, on stderr (how the figures were found)."""
    if os.environ.get("BENCH_VIEWER_TRACE"):
        print(f"[trace] {stage:24} RSS {rss_mb():6.0f} MB  peak {peak_mb():6.0f} MB", file=sys.stderr, flush=True)


def cpu_ms() -> float:
    """CPU time of this process, every thread (the Kivy thread, llvmpipe's, PDFium's), in ms."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return (r.ru_utime + r.ru_stime) * 1000


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
    deliver_archive(ks, cs, pdf)
    return ks


READER_ID = "410181199003074517"


def deliver_archive(ks, cs, pdf: Path) -> str:
    """The same PDF as an approved archive for ``READER_ID`` (pages 1-10 printable), signed by
    the court as ``archives approve`` makes it, through the kiosk's real downlink inbox."""
    import json

    from court.documents import make_document
    from court.keys import court_key
    from offline_queue.canonical import b64e, canonical, sha256_hex
    from offline_queue.document import recipient_tag
    from offline_queue.downlink import DocumentInbox
    from offline_queue.service import court_public_key, open_outbox

    data = pdf.read_bytes()
    archive = {"schema": "court-kiosk/archive/v1", "packet_id": "", "case_ref": "（2024）豫0102民初1187号",
               "court": cs.court_name, "approved_at": "2026-12-01 10:00", "viewing_minutes": 30,
               "download_link": "https://court.example/a/bench", "link_expires": "2026-12-16",
               "files": [{"path": "files/01.pdf", "title": "卷宗（基准测试）", "pages": 0, "print_ranges": "1-10"}]}
    cs.broker.chunk_size = max(cs.broker.chunk_size, 1024 * 1024)
    doc = make_document(cs, court_key(cs), kiosk_id=ks.kiosk.kiosk_id, kind="archive", title="卷宗（基准测试）",
                        files=[("archive.json", json.dumps(archive, ensure_ascii=False).encode(), "archive_index",
                                "application/json"), ("files/01.pdf", data, "archive", "application/pdf")],
                        recipient=recipient_tag(READER_ID), case_ref=archive["case_ref"])
    inbox = DocumentInbox(open_outbox(ks), ks.storage.data_dir / "docs", court_public_key(ks),
                          ks.kiosk.kiosk_id, 8 * 1024 * 1024)
    inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}))
    for file_idx, chunk_idx, chunk in doc.chunks():
        inbox.on_chunk(doc.doc_id, file_idx, chunk_idx, chunk, sha256_hex(chunk))
    return doc.doc_id


def open_archive(walk) -> None:
    """卷宗查阅 → 查阅已批准的卷宗 → the reader's card → the approved archive → its file."""
    from kiosk.flows.dossier import Identity
    from kiosk.flows.events import CardRead
    from kiosk.walkthrough import open_service

    open_service(walk, "archive_viewing")
    walk.wait_screen("step.choose")
    walk.tap(next(c for c in walk.screen.cards if c.value == "archive_view"))
    walk.wait_screen("step.identify")
    walk.kiosk.controller.send(CardRead(Identity(name="张三", id_number=READER_ID)))
    walk.wait(lambda: walk.body.who != "", 10, "the card")
    walk.next()
    walk.wait_screen("step.archives")
    walk.wait(lambda: walk.body.status == "ready" and walk.screen.file_cards, 20, "the approved archive")
    kiosk = walk.kiosk
    kiosk.pump(5)
    trace("archive list")
    walk.tap(walk.screen.file_cards[0])


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


def run(ks, turns: int, ahead: bool, shot: Path | None, zoom: bool = True, journey: str = "archive"):
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    from kiosk.controller import ClockBridge, Controller

    from kiosk.flows.journeys import registry
    from kiosk.flows.steps import viewer as viewer_step
    from kiosk.headless import Headless
    from kiosk.walkthrough import Walk, open_service

    from bench import faces

    faces.install()
    saved = viewer_step.AHEAD, viewer_step.BEHIND
    if not ahead:
        viewer_step.AHEAD, viewer_step.BEHIND = 0, 0
    registry.JOURNEYS["public_documents"] = watermarked_journey()
    kiosk = Headless(ks)
    walk = Walk(kiosk, None, log=lambda _m: None)
    frames = [0]
    window_class = type(kiosk.window)
    drawn = window_class.on_draw

    def counted(self):  # frames the window really drew (Kivy skips a frame with nothing new)
        frames[0] += 1
        return drawn(self)
    window_class.on_draw = counted
    try:
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
        kiosk.pump(10)
        home = rss_mb()
        trace("home")
        if journey == "archive":
            from offline_queue.service import open_outbox

            outbox = open_outbox(ks)  # no runtime here: the downlink inbox's store, as the runtime gives it
            kiosk.controller.ports.outbox = lambda: outbox
            open_archive(walk)
            walk.wait_screen("step.archive_viewer")
        else:
            open_service(walk, "public_documents")
            walk.wait_screen("step.library")
            walk.wait(lambda: walk.body.status == "ready" and walk.screen.result_cards, 15, "the results")
            kiosk.pump(5)
            trace("library")
            walk.tap(walk.screen.result_cards[0])
            walk.wait_screen("step.viewer")
        walk.wait(lambda: on_screen(walk, 1), 20, "page 1")
        trace("page 1")
        times, code, cpu, drawn_frames, main_cpu = [], [], [], [], []
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
        from kiosk.scripted_touch import ScriptedTouch

        for _ in range(turns):
            page = walk.body.page
            settle = time.monotonic() + 0.4  # a reader looks at each page a moment
            while time.monotonic() < settle:
                EventLoop.idle()
            # A finger rests on 下一页 a moment (the pressed colour drawn), and the button acts
            # when it lifts: the turn is timed from the lift. A touch down and up at the same
            # instant made Kivy hold the pressed colour min_state_time (35 ms) longer and redraw
            # the whole window once more inside the turn, which no finger does.
            x, y = walk.screen.next_button.to_window(*walk.screen.next_button.center)
            finger = ScriptedTouch(x, y)
            finger.touch_down()
            pressed = time.monotonic() + 0.08
            while time.monotonic() < pressed:
                EventLoop.idle()
            glFinish()
            spent[0] = 0.0
            frames[0] = 0
            used, used_main = cpu_ms(), time.thread_time() * 1000
            start = time.perf_counter()
            finger.touch_up()
            while not on_screen(walk, page + 1):
                EventLoop.idle()
            # The idle that put the texture on the page area drew the frame too (Kivy runs the
            # clock, then draws); one more frame only if something it shows is still to be drawn.
            if EventLoop.window.canvas.needs_redraw:
                EventLoop.idle()
            glFinish()  # software GL rasterises later: wait until the pixels are there
            times.append((time.perf_counter() - start) * 1000)
            code.append(spent[0] * 1000)
            drawn_frames.append(frames[0])
            main_cpu.append(time.thread_time() * 1000 - used_main)
            cpu.append(cpu_ms() - used)
            if len(cpu) % 5 == 0:
                trace(f"turn {len(cpu)}")
        # a fast flip: ten turns without looking, then the page must still come
        for _ in range(10):
            kiosk.tap(walk.screen.next_button)
        last = walk.body.page
        walk.wait(lambda: on_screen(walk, last), 20, "the page after a fast flip")
        turns_peak = peak_mb()
        trace("after the fast flip")
        if zoom:  # reading closely: pinched to the largest zoom, the page rendered at 2150 px
            for _ in range(3):  # ＋ three times: 150 %, 200 %, 250 %
                kiosk.tap(walk.screen.zoom_in)
            walk.wait(lambda: walk.body.current is not None and walk.body.current.width > 2000, 30,
                      "the page at 250 %")
            kiosk.pump(5)
        trace("zoomed")
        tree, children = tree_mb()
        if shot is not None:  # after the figures: the screenshot's own buffers are not the viewer's
            for _ in range(4):
                kiosk.tap(walk.screen.zoom_out)
            walk.wait(lambda: walk.body.zoom == 1 and walk.body.current is not None, 20, "100 % again")
            kiosk.save(shot)
        return {"times": times, "code": code, "cpu": cpu, "frames": drawn_frames, "main_cpu": main_cpu,
                "pages": walk.body.page_count, "home": home,
                "turns_peak": turns_peak, "peak": peak_mb(), "tree": tree, "children": children,
                "faces": faces.summary()}
    finally:
        window_class.on_draw = drawn
        kiosk.close()
        viewer_step.AHEAD, viewer_step.BEHIND = saved


def one(root: Path, mode: str, turns: int, shot: Path | None, journey: str) -> None:
    """One mode in this process (a fresh process per mode: each peak memory is its own)."""
    import json

    from config.loader import load_settings  # noqa: F401  (settings as the parent made them)
    from kiosk.bootstrap import settings_for_tests

    ks = settings_for_tests(root / "kiosk")
    print("RESULT " + json.dumps(run(ks, turns, mode == "ahead", shot, journey=journey)))


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
    parser.add_argument("--journey", choices=("archive", "public"), default="archive",
                        help="archive: 卷宗查阅 (card, approved archive); public: 文书公开 (library search)")
    parser.add_argument("--mode", choices=("ahead", "cold"), default=None, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        one(args.root, args.mode, args.turns, args.shot, args.journey)
        return 0
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-viewer-") as tmp:
        setup(Path(tmp), args.pages)
        for mode in ("ahead", "cold"):
            cmd = [sys.executable, __file__, "--mode", mode, "--root", tmp, "--turns", str(args.turns),
                   "--journey", args.journey]
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
    code_a, cpu_a = stats(a["code"]), stats(a["cpu"])
    load = os.getloadavg()[0]
    print(f"journey: {args.journey}; document: {a['pages']} pages, watermarked; {args.turns} turns each, 0.4 s on every page; "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    print(f"rendering ahead:       median {med_a:6.1f} ms  p95 {p95_a:6.1f} ms  max {max_a:6.1f} ms"
          f"   (kiosk code on the Kivy thread: median {code_a[0]:.1f} ms, max {code_a[2]:.1f} ms)")
    print(f"peer, no render-ahead: median {med_c:6.1f} ms  p95 {p95_c:6.1f} ms  max {max_c:6.1f} ms")
    print(f"CPU per turn, all threads (load-independent): median {cpu_a[0]:.0f} ms, p95 {cpu_a[1]:.0f} ms; "
          f"wall / CPU (median) {med_a / max(cpu_a[0], 0.1):.2f}")
    main_a = stats(a["main_cpu"])
    twice = sum(1 for f in a["frames"] if f > 1)
    print(f"Kivy thread's CPU per turn (the frame: llvmpipe rasterises on it): median {main_a[0]:.0f} ms, "
          f"p95 {main_a[1]:.0f} ms; frames drawn per turn: 1 in {a['frames'].count(1)} turns, "
          f"more in {twice} (a second frame: something else on screen changed during the turn)")
    print(f"ratio (peer / ahead, median): {med_c / med_a:.2f}x")
    print(f"p95 with rendering ahead / target {TARGET_MS:.0f} ms: {p95_a / TARGET_MS:.2f} "
          f"({'ok' if p95_a <= TARGET_MS else 'OVER'})")
    print(f"memory of the kiosk: {a['home']:.0f} MB on the home screen before viewing; peak while turning "
          f"{a['turns_peak']:.0f} MB, with a zoom to 250 % {a['peak']:.0f} MB (peer {c['peak']:.0f} MB)")
    print(f"peak of the process tree ({a['children']} child processes) / target {TARGET_MB:.0f} MB: "
          f"{a['tree']:.0f} MB, {a['tree'] / TARGET_MB:.2f} ({'ok' if a['tree'] <= TARGET_MB else 'OVER'}); "
          f"viewing's own share {a['tree'] - a['home']:.0f} MB")
    print(f"font faces SDL_ttf opened (≈2.55 MB each): {a['faces']['faces']} keys, "
          f"{a['faces']['pixel_faces']} pixel sizes × weights; sizes {a['faces']['sizes']}")
    return 0 if p95_a <= TARGET_MS and a["tree"] <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
