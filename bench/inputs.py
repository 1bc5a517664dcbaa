"""Pinyin candidates per keystroke, and handwriting candidates per stroke, in ms, against 50 ms.

The keyboard asks for candidates on the Kivy thread after every key, so each call must stay well
inside the 50 ms a frame may be held (DESIGN.md, Threading). 20 keystroke sequences (names,
addresses, court words, initials) are typed letter by letter through the real librime engine;
each prefix is one measured call (``candidates(prefix, 12)``, font filter included). Engine start
(a private user directory, schema redeployed with learning off) is reported beside it, and zinnia
on the stroke fixtures likewise.

Run: ``.venv/bin/python bench/inputs.py [--rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.inputs.handwriting import HandwritingRecognizer  # noqa: E402
from kiosk.inputs.pinyin import RimePinyin  # noqa: E402

LIMIT_MS = 50.0
SEQUENCES = (
    "zhangsan", "lisi", "wangxiaoming", "zs", "pjs", "qsz", "susong", "fayuan", "yuangao",
    "beigao", "minjianjiedai", "mjjdjf", "henanshengzhengzhoushi", "gongyishi", "zhongyuanlu",
    "ouyangxiu", "zhuge", "lvshi", "shenfenzheng", "xinhuajie",
)
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "inputs" / "fixtures" / "strokes.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def bench_pinyin(rounds: int) -> tuple[list[float], float]:
    start = time.perf_counter()
    engine = RimePinyin()
    opened_ms = (time.perf_counter() - start) * 1000
    times = []
    try:
        for _ in range(rounds):
            for keys in SEQUENCES:
                for n in range(1, len(keys) + 1):
                    begin = time.perf_counter()
                    found = engine.candidates(keys[:n], 12)
                    times.append((time.perf_counter() - begin) * 1000)
                    assert found, keys[:n]
    finally:
        engine.close()
    return times, opened_ms


def bench_handwriting(rounds: int) -> list[float]:
    data = json.loads(FIXTURES.read_text(encoding="utf-8"))
    times = []
    with HandwritingRecognizer() as engine:
        for _ in range(rounds):
            for strokes in data["characters"].values():
                for n in range(1, len(strokes) + 1):  # after each lift, as the pad asks
                    begin = time.perf_counter()
                    engine.classify(strokes[:n], data["width"], data["height"], 10)
                    times.append((time.perf_counter() - begin) * 1000)
    return times


def report(name: str, times: list[float]) -> bool:
    p50, p99 = statistics.median(times), percentile(times, 99)
    ok = p99 <= LIMIT_MS
    print(f"{name:<24} calls {len(times):>5}  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
          f"max {max(times):6.2f} ms  limit {LIMIT_MS:.0f} ms  p99/limit {p99 / LIMIT_MS:.3f}  "
          f"{'OK' if ok else 'OVER'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pinyin, opened_ms = bench_pinyin(args.rounds)
    print(f"librime engine start (private dir, learning off): {opened_ms:.0f} ms")
    ok = report("pinyin per keystroke", pinyin)
    ok = report("handwriting per stroke", bench_handwriting(args.rounds)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
