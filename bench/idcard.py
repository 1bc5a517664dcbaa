"""Card on the reader → parsed card, in ms, with the simulator's realistic timing.

The limit is what the hardware itself needs: the radio read (≈ 1 s) plus 1 295 bytes at
115 200 baud (10 bits a byte). Two figures are measured over a real pty with the real adapter:

- read: one find → select → read → appended-address cycle started with the card already there;
- touch: the card laid down at a random moment while the watcher polls every ``--interval`` s,
  until the watcher emits ``CardPresented`` (what the litigant waits for).

Run: ``.venv/bin/python bench/idcard.py [--trials 8] [--interval 0.5]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.idcard.reader import SerialIdCardReader  # noqa: E402
from drivers.idcard.sim import REALISTIC, IdCardSimulator  # noqa: E402
from drivers.idcard.watcher import CardPresented, CardWatcher  # noqa: E402

READ_ANSWER_BYTES = 1295
BAUD = 115200
LIMIT_MS = REALISTIC.read * 1000 + READ_ANSWER_BYTES * 10 / BAUD * 1000


def bench_read(sim: IdCardSimulator, trials: int) -> list[float]:
    times = []
    with SerialIdCardReader(sim.path) as reader:
        for _ in range(trials):
            sim.place("resident")
            start = time.perf_counter()
            card = reader.read_once()
            times.append((time.perf_counter() - start) * 1000)
            assert card is not None and card.name == "张三丰"
    return times


def bench_touch(sim: IdCardSimulator, trials: int, interval: float) -> list[float]:
    times: list[float] = []
    presented = threading.Event()
    reader = SerialIdCardReader(sim.path)
    watcher = CardWatcher(reader, lambda e: presented.set() if isinstance(e, CardPresented) else None,
                          interval=interval, removal_s=interval, same_card_hold_s=0)
    watcher.start()
    rng = random.Random(1)
    try:
        for _ in range(trials):
            sim.remove()
            time.sleep(interval * 2.5 + rng.random() * interval)  # let the watcher see it gone
            presented.clear()
            start = time.perf_counter()
            sim.place("resident")
            if not presented.wait(10):
                raise RuntimeError("the watcher never reported the card")
            times.append((time.perf_counter() - start) * 1000)
    finally:
        watcher.stop()
        reader.close()
    return times


def summary(name: str, values: list[float]) -> str:
    mean = statistics.fmean(values)
    return (f"{name:<6} n={len(values):<3} mean {mean:7.1f} ms  median {statistics.median(values):7.1f}"
            f"  max {max(values):7.1f}  | limit {LIMIT_MS:6.1f} ms  ratio {mean / LIMIT_MS:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--interval", type=float, default=0.5, help="watcher poll interval, s")
    args = parser.parse_args()
    print(f"limit: radio read {REALISTIC.read * 1000:.0f} ms + {READ_ANSWER_BYTES} B at {BAUD} baud "
          f"{READ_ANSWER_BYTES * 10 / BAUD * 1000:.1f} ms = {LIMIT_MS:.1f} ms")
    with IdCardSimulator("resident", timing="realistic") as sim:
        print(summary("read", bench_read(sim, args.trials)))
        print(summary("touch", bench_touch(sim, args.trials, args.interval)))
    print(f"(touch includes waiting for the next poll: on average interval/2 = {args.interval * 500:.0f} ms)")


if __name__ == "__main__":
    main()
