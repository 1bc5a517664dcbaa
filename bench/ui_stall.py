"""Kivy-thread stalls while the controller checks admin PINs and wipes sessions.

DESIGN.md's goal: no main-thread stall over 50 ms. Measured on the real root widget, offscreen:
frames are pumped continuously while (a) the admin PIN (PBKDF2, 200 000 rounds) is checked five
times and (b) five sessions with 200 scan files each are wiped. Two figures: the longest time the
Kivy thread spent in kiosk code (sending the intent, rendering the view state) — what our design
controls — and the longest whole frame including the GL draw, which on a machine without a GPU
(llvmpipe) is software rendering competing with the worker for the same cores. The named peer, in
the same run, is the same work done inline on the Kivy thread, which is what the worker pool avoids.

    .venv/bin/python bench/ui_stall.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-home-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMIT_MS = 50.0
ROUNDS = 5
FILES = 200


def timed(fn, into: list[float]):
    def wrapper(*args):
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            into.append((time.perf_counter() - start) * 1000)
    return wrapper


def frames_while(kiosk, work) -> list[float]:
    """Frame durations (ms) from starting ``work`` until the controller is idle again."""
    from kivy.base import EventLoop

    durations = []
    work()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        start = time.perf_counter()
        EventLoop.idle()
        durations.append((time.perf_counter() - start) * 1000)
        if not kiosk.controller._pending and len(durations) > 5:
            break
    return durations


def fill(session) -> None:
    for i in range(FILES):
        (session.temp_dir / f"page-{i:03d}.png").write_bytes(os.urandom(20_000))


def main() -> None:
    from kiosk.bootstrap import settings_for_tests
    from kiosk.flows.navigation import AdminTapped, BackTapped, EndTapped, PinSubmitted, ScreenTouched
    from kiosk.flows.pin import verify_pin
    from kiosk.headless import Headless

    tmp = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    kiosk = Headless(settings_for_tests(tmp, admin_max_attempts=20))
    in_code: list[float] = []
    send = timed(kiosk.controller.send, in_code)
    kiosk.app.kiosk.bridge.attach(timed(kiosk.root.render, in_code))
    encoded = kiosk.controller.settings.ui.admin_pin_hash.get_secret_value()
    kiosk.pump(10)

    ours, peer = [], []
    for _ in range(ROUNDS):
        send(AdminTapped())
        kiosk.pump(5)  # the screen change is drawing work, measured apart from the PIN check
        ours += frames_while(kiosk, lambda: send(PinSubmitted("135790")))
        send(BackTapped())
        send(ScreenTouched())
        fill(kiosk.controller.session)
        kiosk.pump(5)
        ours += frames_while(kiosk, lambda: send(EndTapped()))
        # peer: the same work inline on the Kivy thread
        start = time.perf_counter()
        verify_pin("135790", encoded)
        peer.append((time.perf_counter() - start) * 1000)
        send(ScreenTouched())
        session = kiosk.controller.session
        fill(session)
        start = time.perf_counter()
        session.wipe()
        peer.append((time.perf_counter() - start) * 1000)
        send(EndTapped())
        kiosk.controller.wait_background()
    from kivy.base import EventLoop
    from kivy.graphics.opengl import GL_RENDERER, glFinish, glGetString

    renderer = glGetString(GL_RENDERER).decode(errors="replace")
    raster = []
    for _ in range(5):  # what one full redraw costs this GL, with nothing else running
        kiosk.window.canvas.ask_update()
        EventLoop.idle()
        start = time.perf_counter()
        glFinish()
        raster.append((time.perf_counter() - start) * 1000)
    kiosk.close()

    code, frame, inline = max(in_code), max(ours), max(peer)
    print(f"Kivy thread while {ROUNDS} PIN checks and {ROUNDS} wipes of {FILES} files run "
          f"({len(ours)} frames, {os.cpu_count()} cores, GL: {renderer})")
    print(f"  ours, kiosk code on the Kivy thread: longest {code:6.1f} ms "
          f"(median {statistics.median(in_code):.1f} ms)")
    print(f"  ours, whole frame incl. GL draw:     longest {frame:6.1f} ms "
          f"(median {statistics.median(ours):.1f} ms)")
    print(f"  peer, same work inline:              longest {inline:6.1f} ms")
    print(f"  (one full redraw on this GL, idle:   median {statistics.median(raster):6.1f} ms; a frame that "
          "changes a label waits for it)")
    print(f"kiosk code {code:.1f} ms vs limit {LIMIT_MS:.0f} ms -> {code / LIMIT_MS:.2f} of the limit "
          f"({'OK' if code <= LIMIT_MS else 'OVER'}); inline peer {inline / LIMIT_MS:.2f}; "
          f"whole frame {frame / LIMIT_MS:.2f}")


if __name__ == "__main__":
    main()
