"""``court.status_reader`` on a real SQLite store: a repeated, unchanged status is not written
again, a changed one is, ordering and replays still hold; the file lock elects one reader."""

from __future__ import annotations

import json

from sqlmodel import Session

from court import status_reader
from court.status_reader import FileLeaderLock, StatusReader
from court.store import KioskFleet, KioskStatus, open_store
from offline_queue.ack import sign_status
from offline_queue.crypto import generate_key

KID = "kiosk-test-01"


def reader(tmp_path):
    key = generate_key("ed25519")
    engine = open_store(f"sqlite:///{tmp_path / 'court.sqlite'}")
    return key, engine, StatusReader(engine, {KID: key.public_key()}, "", "court-gw-1")


def status(key, at, seq=0, queue=0, online=True):
    return sign_status(key, KID, {"online": online, "queue_depth": queue, "at": at, "seq": seq, "session": "s1"})


def stored(engine):
    with Session(engine) as s:
        fleet, row = s.get(KioskFleet, KID), s.get(KioskStatus, KID)
        return fleet.at, fleet.online, row.queue_depth, json.loads(row.raw)["at"]


def test_an_unchanged_status_is_not_written_again_and_a_changed_one_is(tmp_path):
    key, engine, r = reader(tmp_path)
    assert r.status(KID, status(key, 100))
    assert r.status(KID, status(key, 130))  # the same but for its time: verified, not written
    assert (r.recorded, r.unchanged) == (1, 1) and stored(engine) == (100, True, 0, 100)
    assert r.status(KID, status(key, 160, queue=2))  # changed: written
    assert (r.recorded, stored(engine)) == (2, (160, True, 2, 160))
    assert not r.status(KID, status(key, 130))  # a replay of the skipped one: dropped
    assert not r.status(KID, status(key, 100))  # and of an older one
    assert stored(engine) == (160, True, 2, 160)
    assert r.status(KID, status(key, 190, online=False))  # an offline status is always written
    assert stored(engine)[:2] == (190, False)


def test_an_unchanged_status_is_written_again_after_the_refresh_interval(tmp_path, monkeypatch):
    key, engine, r = reader(tmp_path)
    assert r.status(KID, status(key, 100))
    monkeypatch.setattr(status_reader, "REFRESH_S", 0.0)
    assert r.status(KID, status(key, 130))
    assert (r.recorded, r.unchanged, stored(engine)[0]) == (2, 0, 130)


def test_an_empty_or_forged_status_changes_nothing(tmp_path):
    key, engine, r = reader(tmp_path)
    assert r.status(KID, status(key, 100, queue=1))
    assert not r.status(KID, b"")
    assert not r.status(KID, status(generate_key("ed25519"), 500, queue=9))
    assert stored(engine) == (100, True, 1, 100)


def test_the_file_lock_elects_one_holder_and_frees_on_release(tmp_path):
    a, b = FileLeaderLock(tmp_path / "lock"), FileLeaderLock(tmp_path / "lock")
    assert a.try_acquire() and not b.try_acquire()
    a.release()
    assert b.try_acquire()
    b.release()
