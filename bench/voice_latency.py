"""Time from a screen asking for its prompt to speech starting (target ≤ 300 ms), off the
caller's thread: ``Voice.say`` → the worker starts espeak-ng → espeak-ng's first audio bytes.

Run: .venv/bin/python bench/voice_latency.py [--runs 10]. Real espeak-ng; audio goes to a pipe
(--stdout) and is read as it comes, which is when a sound card would start playing it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import threading
import time

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
        proc = subprocess.Popen(self.command(u), stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        proc.stdout.read(44 + 4410)  # past the WAV header: the first 0.1 s of samples
        self.first_at = time.perf_counter()
        self.first_byte.set()
        proc.stdout.read()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
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
        p95 = sorted(starts)[max(0, round(0.95 * len(starts)) - 1)]
        print(f"{lang}: say() returns in {statistics.median(returns):.2f} ms (median); "
              f"first audio after {statistics.median(starts):.0f} ms median, {p95:.0f} ms p95 "
              f"(target <= 300 ms): {'ok' if p95 <= 300 else 'SLOW'}")


if __name__ == "__main__":
    main()
