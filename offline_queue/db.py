"""One place for SQLite discipline: WAL, synchronous=FULL, foreign keys, busy timeout on every
connection, and a commit counter (for the benchmark's commits-per-packet figure)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, create_engine

_commits: dict[int, int] = {}
_lock = threading.Lock()


def _count_commit(engine_id: int) -> None:
    with _lock:
        _commits[engine_id] = _commits.get(engine_id, 0) + 1


def apply_sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, *, page_size: int | None = None) -> Engine:
    """An engine for ``url``; SQLite connections get the pragmas above, others use the server's.
    ``page_size`` (SQLite, effective for a new file) suits stores of large blobs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        if page_size:
            event.listen(engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA page_size={int(page_size)}"))
        event.listen(engine, "connect", apply_sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    engine_id = id(engine)
    event.listen(engine, "commit", lambda _conn: _count_commit(engine_id))
    return engine


def create_tables(engine: Engine, models, attempts: int = 5) -> None:
    """Create the missing tables of ``models``. Processes started together on a fresh store race
    here ("table already exists", or a unique violation in PostgreSQL's catalogue): the loser looks again."""
    for attempt in range(attempts):
        try:
            SQLModel.metadata.create_all(engine, tables=[m.__table__ for m in models])
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def sqlite_engine(path: Path) -> Engine:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return make_engine(f"sqlite:///{Path(path)}")


def commit_count(engine: Engine) -> int:
    """Commits made through ``engine`` so far (reads the counter without advancing it)."""
    return _commits.get(id(engine), 0)
