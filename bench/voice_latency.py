"""Time from a screen appearing to its voice prompt starting (target ≤ 300 ms), with speech
synthesised off the Kivy thread. Two measures, real espeak-ng (audio to a pipe with --stdout,
read as it comes, which is when a sound card would start playing it):

1. the port alone: ``Voice.say`` → the worker starts espeak-ng → the first 0.1 s of audio;
2. the kiosk end to end (``--screens``): a real touch on the real widgets, the controller's
   ``Speak`` effect, the view rendered on the Kivy thread (the screen appears) → the first
   audio of that screen's prompt, and the thread espeak-ng was driven from (never the Kivy one).

Run: .venv/bin/python bench/voice_latency.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import subprocess
import threading
import time

from pathlib import Path

from kiosk.voice import EspeakEngine, Utterance, Voice

PROMPTS = {"zh": "请把身份证放在读卡区。律师请点击“律师通道”。",
           "en": "Please place your ID card on the reader."}


class FirstByteEngine(EspeakEngine):
    """espeak-ng writing WAV to stdout; records when its first audio byte arrives."""

    def __init__(self):
        super().__init__(extra_args=("--stdout",))
        self.first_byte = threading.Event()
        self.call_returned = 0.0
        self.first_at = 0.0

    def speak(self, u: Utterance) -> None:
        """The first 0.1 s of samples is timed by a small process of its own (``head``, then
        ``date``), as a sound card hears it: a read in this process would wait for the
        interpreter lock while the Kivy thread draws the new screen, which espeak-ng playing
        to the speaker never does."""
        self.thread = threading.current_thread().name
        proc = subprocess.Popen(self.command(u), stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        timer = subprocess.Popen(["sh", "-c", f"head -c {44 + 4410} >/dev/null && date +%s.%N && cat >/dev/null"],
                                 stdin=proc.stdout, stdout=subprocess.PIPE)
        proc.stdout.close()
        wall = float(timer.stdout.readline() or 0)
        self.first_at = wall - (time.time() - time.perf_counter())
        self.first_byte.set()
        timer.stdout.read()
        timer.wait()
        proc.wait()


def p95(values):
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def screens_to_voice(runs: int) -> None:
    """Attract → home (welcome) → 网上立案 (the notice's prompt), a fresh session each run."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from kiosk.bootstrap import Services, settings_for_tests
    from kiosk.headless import Headless
    from kiosk.voice import session_muting

    engine = FirstByteEngine()
    voice = Voice(engine)
    kiosk = Headless(settings_for_tests(Path(tempfile.mkdtemp(prefix="bench-voice-")), voice=True),
                     Services(speak=voice.say, voice=voice))
    appeared: dict[str, float] = {}
    kivy_thread = threading.current_thread().name

    def render(view) -> None:
        kiosk.root.render(view)
        appeared.setdefault(view.screen, time.perf_counter())

    kiosk.app.kiosk.bridge.attach(session_muting(voice, render))
    late: dict[str, list[float]] = {"home": [], "step.notice": []}
    threads = set()
    try:
        for _ in range(runs):
            for screen, act in (("home", lambda: kiosk.tap(pos=(kiosk.window.width / 2,
                                                                  kiosk.window.height / 2))),
                                ("step.notice", lambda: kiosk.tap(
                                    kiosk.root.screens["home"].tiles["case_filing"]))):
                appeared.pop(screen, None)
                engine.first_byte.clear()
                act()
                while not engine.first_byte.is_set() or screen not in appeared:
                    kiosk.pump(1)
                late[screen].append(max(0.0, engine.first_at - appeared[screen]) * 1000)
                threads.add(engine.thread)
                voice.wait_idle()
            kiosk.controller.send(__import__("kiosk.flows.intents", fromlist=["EndTapped"]).EndTapped())
            kiosk.settle()
    finally:
        kiosk.close()
        voice.close()
    for screen, values in late.items():
        print(f"{screen} appears -> its prompt's first audio: {statistics.median(values):.0f} ms "
              f"median, {p95(values):.0f} ms p95 over {len(values)} sessions (target <= 300 ms): "
              f"{'ok' if p95(values) <= 300 else 'SLOW'}; each: {', '.join(f'{v:.0f}' for v in values)}")
    print(f"espeak-ng driven from thread(s) {sorted(threads)}; the Kivy thread is {kivy_thread!r}: "
          f"{'off the Kivy thread' if kivy_thread not in threads else 'ON THE KIVY THREAD'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-screens", action="store_true", help="the voice port alone")
    args = parser.parse_args()
    for lang, text in PROMPTS.items():
        engine = FirstByteEngine()
        voice = Voice(engine)
        returns, starts = [], []
        for _ in range(args.runs):
            engine.first_byte.clear()
            t0 = time.perf_counter()
            voice.say(text, lang)
            returns.append((time.perf_counter() - t0) * 1000)
            engine.first_byte.wait(10)
            starts.append((engine.first_at - t0) * 1000)
            voice.wait_idle()
        voice.close()
        print(f"{lang}: say() returns in {statistics.median(returns):.2f} ms (median); "
              f"first audio after {statistics.median(starts):.0f} ms median, {p95(starts):.0f} ms p95 "
              f"(target <= 300 ms): {'ok' if p95(starts) <= 300 else 'SLOW'}")
    if not args.no_screens:
        screens_to_voice(args.runs)


if __name__ == "__main__":
    main()
