"""The court store when several gateway members start at once on a fresh database."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.unit

OPEN_AT = """
import sys, time
from court.store import open_store
start = float(sys.argv[2])
while time.time() < start:
    pass
open_store(sys.argv[1])
print("opened")
"""


def test_members_starting_together_on_a_fresh_store_both_open_it(tmp_path):
    """Two processes create the tables of one new SQLite store at the same instant, three times over;
    before the retry the loser died with "table ... already exists"."""
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'court-{round_}.sqlite'}"
        start = time.time() + 1.5  # both interpreters are up and spinning before this instant
        procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT, url, str(start)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [p.communicate(timeout=60) for p in procs]
        for proc, (out, err) in zip(procs, results):
            assert proc.returncode == 0 and out.strip() == "opened", err[-2000:]
