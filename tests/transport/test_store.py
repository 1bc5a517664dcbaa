"""Stores opened by several processes at once on a fresh database: gateway members sharing the
court's store, and the kiosk app beside `kiosk sender run` on one outbox."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.unit

OPEN_AT = """
import sys, time
from pathlib import Path
from court.store import open_store
from offline_queue.outbox import Outbox
start = float(sys.argv[3])
while time.time() < start:
    pass
if sys.argv[1] == "court":
    open_store("sqlite:///" + sys.argv[2])
else:
    Outbox(Path(sys.argv[2]), Path(sys.argv[2]).parent / "spool")
print("opened")
"""


@pytest.mark.parametrize("store", ["court", "outbox"])
def test_processes_opening_one_fresh_store_together_all_open_it(tmp_path, store):
    """Two processes create the tables of one new SQLite file at the same instant, three times over;
    before the retry the loser died with "table ... already exists"."""
    for round_ in range(3):
        path = tmp_path / f"{store}-{round_}.sqlite"
        start = time.time() + 1.5  # both interpreters are up and spinning before this instant
        procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT, store, str(path), str(start)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [p.communicate(timeout=60) for p in procs]
        for proc, (out, err) in zip(procs, results):
            assert proc.returncode == 0 and out.strip() == "opened", err[-2000:]
