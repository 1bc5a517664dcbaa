"""The kiosk's fin while a transfer is stalled: backed off (doubling, jittered, capped) while the
court answers none, back to ``ack_timeout`` as soon as it answers (``Transfer.fin_due``/``fin_sent``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from offline_queue import transfer as transfer_mod
from offline_queue.bitmap import Bitmap
from offline_queue.transfer import FileState, Transfer

ACK = 3.0


@pytest.fixture
def clock(monkeypatch):
    now = [transfer_mod.time.monotonic()]  # a Transfer's last_progress starts from the real clock
    monkeypatch.setattr(transfer_mod.time, "monotonic", lambda: now[0])
    return now


def stalled_transfer(clock) -> Transfer:
    t = Transfer("p", "d", b"", b"", [FileState(0, Path("unused"), 40, 10, Bitmap(4))])
    t.last_progress = clock[0]
    return t


def run(t: Transfer, clock, seconds: float, rng) -> list[float]:
    """Step the sender's control loop every 50 ms; the court answers nothing."""
    fins, start = [], clock[0]
    while clock[0] - start < seconds:
        due, stalled = t.fin_due(clock[0], ACK)
        if due:
            t.fin_sent(clock[0], f"n{len(fins)}", stalled, ACK, rng)
            fins.append(clock[0] - start)
        clock[0] += 0.05
    return fins


def test_fins_of_a_stalled_transfer_back_off_to_the_cap(clock):
    fins = run(stalled_transfer(clock), clock, 300, random.Random(1))
    gaps = [b - a for a, b in zip(fins, fins[1:])]
    assert 3.0 <= fins[0] <= 3.2  # the first stall is noticed after ack_timeout, as before
    assert gaps[0] == pytest.approx(ACK, abs=0.1)  # unanswered from here on: each wait doubles
    assert 3.0 <= gaps[1] <= 6.1 and 6.0 <= gaps[2] <= 12.1 and 12.0 <= gaps[3] <= 24.1
    assert all(gap <= ACK * transfer_mod.FIN_CAP_FACTOR + 0.1 for gap in gaps)
    assert all(gap >= 15.0 for gap in gaps[4:])  # at the cap: between half of it and all of it
    assert len(fins) <= 16, fins  # a fixed 3 s fin would have asked 99 times in these 300 s


def test_jitter_keeps_stalled_kiosks_out_of_step(clock):
    start = clock[0]
    a = run(stalled_transfer(clock), clock, 120, random.Random(1))
    clock[0] = start
    b = run(stalled_transfer(clock), clock, 120, random.Random(2))
    assert a[:1] == b[:1] and a[2:] != b[2:]


def test_an_answer_from_the_court_resets_the_wait_at_once(clock):
    t = stalled_transfer(clock)
    fins = run(t, clock, 60, random.Random(3))
    assert fins[-1] - fins[-2] > 6.0  # backed off
    assert t.fin_misses >= 3
    t.apply({"state": "receiving", "got": [[0, 0]]})  # the court answers
    assert (t.fin_misses, t.fin_wait) == (0, 0.0)
    fins = run(t, clock, 10, random.Random(3))
    assert fins[0] == pytest.approx(ACK, abs=0.1), fins  # stalled again: asked after 3 s, not 15-30
    assert fins[1] - fins[0] == pytest.approx(ACK, abs=0.1)


def test_a_reconnect_asks_at_once_and_forgets_the_back_off(clock):
    t = stalled_transfer(clock)
    run(t, clock, 60, random.Random(4))
    t.resync()
    due, _ = t.fin_due(clock[0], ACK)
    assert due and t.fin_misses == 0 and t.fin_wait == 0.0
