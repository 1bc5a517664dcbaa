"""Keys made on first use, by processes that start together (the court's enrolment service and its
gateway share one data directory): every process must end up with the same key, none with an error.
Before the fix both wrote one temporary name and one rename found it gone (ENOENT, CI of stop 17),
or each kept its own key while the file held the other's."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from offline_queue.crypto import ensure_private_key, key_id
from offline_queue.fsutil import atomic_write, create_once

RACERS = 8


def _make_key(path: str, start, out) -> None:
    start.wait()
    try:
        out.put(("ok", key_id(ensure_private_key(Path(path), "p256").public_key())))
    except Exception as exc:  # report it to the parent: the assertion shows which racer failed how
        out.put(("error", repr(exc)))


def _replace(path: str, start, out, n: int) -> None:
    start.wait()
    try:
        for i in range(50):
            atomic_write(Path(path), f"{n}:{i}".encode())
        out.put(("ok", n))
    except Exception as exc:
        out.put(("error", repr(exc)))


def _race(target, args_for) -> list[tuple[str, object]]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(RACERS), ctx.Queue()
    procs = [ctx.Process(target=target, args=args_for(n, start, out)) for n in range(RACERS)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(10)
    return results


def test_processes_creating_one_key_together_all_get_the_same_key(tmp_path):
    path = tmp_path / "keys" / "court.key"
    results = _race(_make_key, lambda n, start, out: (str(path), start, out))
    assert [kind for kind, _ in results] == ["ok"] * RACERS, results
    on_disk = key_id(ensure_private_key(path, "p256").public_key())
    assert {kid for _, kid in results} == {on_disk}
    assert sorted(p.name for p in path.parent.iterdir()) == ["court.key"], "a temporary file was left"


def test_concurrent_replacers_never_lose_the_file(tmp_path):
    path = tmp_path / "state.json"
    results = _race(_replace, lambda n, start, out: (str(path), start, out, n))
    assert [kind for kind, _ in results] == ["ok"] * RACERS, results
    writer, _, last = path.read_text().partition(":")
    assert int(writer) in range(RACERS) and last == "49"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_create_once_keeps_the_first_file(tmp_path):
    path = tmp_path / "at-rest.key"
    assert create_once(path, b"first") is True
    assert create_once(path, b"second") is False
    assert path.read_bytes() == b"first"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["at-rest.key"]
