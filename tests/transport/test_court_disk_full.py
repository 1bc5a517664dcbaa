"""The court gateway on a full disk, for both chunk stores: a batch that cannot be stored is rolled
back and nothing of it confirmed; a packet that cannot be recorded stays unrecorded (no receipt, no
staging left); one clear log line each; once space is back the kiosk's resend completes every packet
exactly once, byte-identical. ENOSPC / SQLITE_FULL are injected at the narrowest point, in process."""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import subprocess
import threading
import time

import pytest
from sqlalchemy import event
from sqlmodel import Session, func, select

from court.gateway import Gateway
from court.keys import court_key
from court.store import InChunk, InPacket, open_store
from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue import topics
from offline_queue.service import open_outbox
from tests.transport.helpers import VENV_BIN, clean_env, court_env, court_settings, packet_messages, wait_for
from tests.transport.test_link import assert_identical_at_court

pytestmark = pytest.mark.faults

FULL = "database or disk is full"


class Court:
    """A gateway that is never connected: batches go through ``Gateway.process`` (its logging
    included) and receipts from the assembly threads are collected instead of published."""

    def __init__(self, ks, cs):
        self.ks, self.cs = ks, cs
        self.engine = open_store(cs.store_url)
        self.gateway = Gateway(cs, self.engine, court_key(cs))
        self.delivered: list[dict] = []
        self._lock = threading.Lock()
        self.gateway.receiver.deliver = self._deliver

    def _deliver(self, topic: str, payload: bytes) -> None:
        with self._lock:
            self.delivered.append(json.loads(payload))

    def process(self, batch) -> list[dict]:
        return [json.loads(payload) for _topic, payload in self.gateway.process(batch)]

    def receipts(self) -> list[dict]:
        with self._lock:
            return [a for a in self.delivered if a.get("state") == "received"]

    def idle(self) -> bool:
        return not self.gateway.receiver._finalizing

    def chunk_rows(self) -> int:
        with Session(self.engine) as s:
            return s.exec(select(func.count()).select_from(InChunk)).one()

    def packet_state(self, pid: str) -> str | None:
        with Session(self.engine) as s:
            row = s.get(InPacket, (self.ks.kiosk.kiosk_id, pid))
            return row.state if row else None


@pytest.fixture
def court(pair):
    made = []

    def make(store: str, material_bytes: int = 40_000):
        ks, cs = pair(chunk_store=store)
        pid = seal_session(ks, sample_filing(material_bytes=material_bytes), outbox=open_outbox(ks))
        made.append(Court(ks, cs))
        return made[-1], pid

    yield make
    for c in made:
        c.gateway.finalizer.shutdown(wait=True)
        c.engine.dispose()


def fin(ks, pid):
    return (topics.parse(topics.up_fin(ks.kiosk.kiosk_id, pid)), b"", None)


def full_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "court store disk full" in r.getMessage()]


def fail_sql(engine, prefix: str, armed: threading.Event):
    """SQLite's SQLITE_FULL for statements starting with ``prefix`` while ``armed`` is set."""

    def hook(_conn, _cursor, statement, *_rest):
        if armed.is_set() and statement.lstrip().upper().startswith(prefix):
            raise sqlite3.OperationalError(FULL)

    event.listen(engine, "before_cursor_execute", hook)
    return lambda: event.remove(engine, "before_cursor_execute", hook)


def fail_commit(engine, armed: threading.Event):
    def hook(_conn):
        if armed.is_set():
            raise sqlite3.OperationalError(FULL)

    event.listen(engine, "commit", hook)
    return lambda: event.remove(engine, "commit", hook)


def inject_store_failure(monkeypatch, court: Court, how: str, armed: threading.Event):
    """Arm one way a batch's storing meets a full disk; returns the undo."""
    if how == "insert":
        return fail_sql(court.engine, "INSERT INTO COURT_CHUNK", armed)
    if how == "commit":
        return fail_commit(court.engine, armed)
    if how == "pwrite":  # the second chunk gets half its bytes written, then the disk is full
        real, calls = os.pwrite, []

        def pwrite(fd, data, offset):
            if armed.is_set():
                calls.append(offset)
                if len(calls) == 2:
                    real(fd, bytes(data)[: len(data) // 2], offset)
                    raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, data, offset)

        monkeypatch.setattr(os, "pwrite", pwrite)
    elif how == "fdatasync":
        real_sync = os.fdatasync

        def fdatasync(fd):
            if armed.is_set():
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_sync(fd)

        monkeypatch.setattr(os, "fdatasync", fdatasync)
    return lambda: None


@pytest.mark.parametrize("store,how", [("db", "insert"), ("db", "commit"), ("files", "pwrite"),
                                       ("files", "fdatasync")])
def test_disk_full_while_storing_a_batch_confirms_nothing_and_loses_nothing(court, monkeypatch, caplog, store, how):
    caplog.set_level(logging.INFO)
    c, pid = court(store)
    head, chunks = packet_messages(c.ks, pid)
    half = len(chunks) // 2
    first = c.process([head] + chunks[:half])
    assert {tuple(g) for g in first[0]["got"]} == {(t.file, t.chunk) for t, _p, _s in chunks[:half]}
    stored_before = c.chunk_rows()
    assert stored_before == half

    armed = threading.Event()
    undo = inject_store_failure(monkeypatch, c, how, armed)
    armed.set()
    rest = chunks[half:] + [fin(c.ks, pid)]
    assert c.process(rest) == []  # no "got": the kiosk sends all of them again
    lines = full_lines(caplog)
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR and lines[0].exc_info is None
    assert f"{len(rest)} messages not stored; the kiosks will send them again" in lines[0].getMessage()
    assert c.chunk_rows() == stored_before  # rolled back: partial bytes have no rows, so do not count
    assert c.packet_state(pid) == "receiving" and c.receipts() == []

    armed.clear()
    undo()
    again = c.process(rest)  # the kiosk's resend, space back
    assert {tuple(g) for g in again[0]["got"]} == {(t.file, t.chunk) for t, _p, _s in chunks[half:]}
    assert wait_for(lambda: len(c.receipts()) == 1 and c.idle(), 5)
    assert_identical_at_court(c.ks, c.engine, [pid])
    answer = c.process([fin(c.ks, pid)])[0]  # what the kiosk hears when it asks again
    assert answer["state"] == "received" and answer["receipt"] == c.receipts()[0]["receipt"]
    assert answer["receipt"]["receipt"]["packet_id"] == pid
    assert len(c.receipts()) == 1 and c.chunk_rows() == 0
    assert not any(r.exc_info for r in caplog.records)


def inject_record_failure(monkeypatch, court: Court, how: str, armed: threading.Event):
    """Arm a full disk for the assembly threads only: while writing the record's files, or when
    the record's row is written."""
    if how == "record":
        return fail_sql(court.engine, "UPDATE COURT_PACKET", armed)
    real = os.write

    def write(fd, data):
        if armed.is_set() and threading.current_thread().name.startswith("court-assemble"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    return lambda: None


@pytest.mark.parametrize("store,how", [("db", "files"), ("files", "files"), ("db", "record"), ("files", "record")])
def test_disk_full_while_recording_a_packet_then_the_next_fin_completes_it(court, monkeypatch, caplog, store, how):
    caplog.set_level(logging.INFO)
    c, pid = court(store)
    head, chunks = packet_messages(c.ks, pid)
    armed = threading.Event()
    undo = inject_record_failure(monkeypatch, c, how, armed)
    armed.set()
    answers = c.process([head] + chunks + [fin(c.ks, pid)])
    assert answers[0]["state"] == "receiving" and len(answers[0]["got"]) == len(chunks)  # stored: confirmed
    assert wait_for(lambda: full_lines(caplog) and c.idle(), 5)
    lines = full_lines(caplog)
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR and lines[0].exc_info is None
    assert pid in lines[0].getMessage() and "not recorded" in lines[0].getMessage()
    assert c.receipts() == [] and c.packet_state(pid) == "receiving"
    packets = c.cs.packets_dir
    assert not (packets / c.ks.kiosk.kiosk_id / pid).exists()
    assert not (packets / ".staging").exists() or list((packets / ".staging").iterdir()) == []
    assert c.chunk_rows() == len(chunks)  # the chunks wait for the next attempt

    armed.clear()
    undo()
    c.process([fin(c.ks, pid)])  # the kiosk asks again
    assert wait_for(lambda: len(c.receipts()) == 1 and c.idle(), 5)
    assert_identical_at_court(c.ks, c.engine, [pid])
    answer = c.process([fin(c.ks, pid)])[0]
    assert answer["state"] == "received" and answer["receipt"] == c.receipts()[0]["receipt"]
    with Session(c.engine) as s:
        assert s.exec(select(func.count()).select_from(InPacket)).one() == 1
    assert len(c.receipts()) == 1 and c.chunk_rows() == 0


def court_cli(cs, *args, **env):
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args],
                          env={**clean_env(), **court_env(cs), **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", [["run"], ["review", "list"], ["keys", "export"]])
def test_cli_on_a_store_that_cannot_be_opened_says_why_in_one_line(tmp_path, command):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    cs = court_settings(tmp_path / "court", 1, db_url=f"sqlite:///{blocker}/court.sqlite")
    result = court_cli(cs, *command)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"court store sqlite:///{blocker}/court.sqlite cannot be opened: ")
    assert "not-a-directory" in lines[0]


def test_cli_with_a_data_dir_that_is_a_file_and_an_unreachable_postgresql(tmp_path):
    data_file = tmp_path / "data"
    data_file.write_text("x")
    cs = court_settings(data_file, 1)
    result = court_cli(cs, "run")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert f"court store sqlite:///{data_file}/court.sqlite cannot be opened" in result.stderr

    cs = court_settings(tmp_path / "court", 1, db_url="postgresql+psycopg://court:secret@127.0.0.1:1/court")
    result = court_cli(cs, "run")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    line = result.stderr.strip()
    assert line.startswith("court store postgresql+psycopg://court:***@127.0.0.1:1/court cannot be opened: ")
    assert "secret" not in line and "refused" in line.lower()


def test_files_store_disk_full_on_chunks_before_their_manifest_leaves_no_partial_chunk(court, monkeypatch, caplog):
    """With several members a chunk can arrive before its manifest and wait in its own file: a
    half-written one is removed with its batch, so it cannot overwrite the resent chunk later."""
    caplog.set_level(logging.INFO)
    c, pid = court("files")
    head, chunks = packet_messages(c.ks, pid)
    real, calls = os.write, []

    def write(fd, data):
        calls.append(fd)
        if len(calls) == 3:
            real(fd, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    assert c.process(chunks[:4]) == []
    monkeypatch.setattr(os, "write", real)
    assert len(full_lines(caplog)) == 1 and c.chunk_rows() == 0
    assert [p for p in (c.cs.data_dir / "chunks").rglob("*") if p.is_file()] == []
    c.process([head] + chunks + [fin(c.ks, pid)])
    assert wait_for(lambda: len(c.receipts()) == 1 and c.idle(), 5)
    assert_identical_at_court(c.ks, c.engine, [pid])
    assert not any("do not match" in r.getMessage() for r in caplog.records)


class Message:
    def __init__(self, topic: str, payload: bytes):
        self.topic, self.payload, self.properties = topic, payload, None


def test_kiosk_status_on_a_full_store_is_one_line_and_the_gateway_goes_on(court, caplog):
    c, _pid = court("db", material_bytes=1000)
    armed = threading.Event()
    undo = fail_commit(c.engine, armed)
    armed.set()
    from offline_queue.ack import sign_status
    from offline_queue.crypto import ensure_private_key

    signed = sign_status(ensure_private_key(c.ks.kiosk_key_file), c.ks.kiosk.kiosk_id,
                         {"online": True, "queue_depth": 3, "at": int(time.time()), "session": "s1"})
    status = Message(topics.up_status(c.ks.kiosk.kiosk_id), signed)
    c.gateway._on_message(status)  # the link's callback: must not raise for a full disk
    lines = full_lines(caplog)
    assert len(lines) == 1 and lines[0].exc_info is None and "not stored" in lines[0].getMessage()
    armed.clear()
    undo()
    c.gateway._on_message(status)
    assert c.gateway.kiosks_online == {c.ks.kiosk.kiosk_id}
