"""Sessions keep nothing once wiped: memory, temp files, and leftovers from a crash."""

from __future__ import annotations

import stat

import pytest

from kiosk.session import Session, SessionClosed, purge_stale_sessions

pytestmark = pytest.mark.unit


def test_temp_dir_is_private_and_created_on_first_use(tmp_path):
    session = Session(tmp_path)
    assert not session.temp_path.exists()
    path = session.temp_dir
    assert path.is_dir() and path.parent == tmp_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o700


def test_wipe_clears_memory_and_files(tmp_path):
    session = Session(tmp_path)
    session.memory["id_number"] = "410181199001011234"
    (session.temp_dir / "scan-01.png").write_bytes(b"\x89PNG")
    (session.temp_dir / "sub").mkdir()
    (session.temp_dir / "sub" / "ocr.txt").write_text("起诉状")
    session.wipe()
    assert session.memory == {} and session.closed
    assert not session.temp_path.exists()


def test_a_wiped_session_accepts_no_new_files(tmp_path):
    session = Session(tmp_path)
    session.forget()
    with pytest.raises(SessionClosed):
        _ = session.temp_dir


def test_sessions_do_not_share_directories(tmp_path):
    assert Session(tmp_path).temp_dir != Session(tmp_path).temp_dir


def test_stale_session_dirs_are_purged_at_start(tmp_path):
    leftover = Session(tmp_path)
    (leftover.temp_dir / "scan.png").write_bytes(b"x")
    unrelated = tmp_path / "keep-me"
    unrelated.mkdir()
    assert purge_stale_sessions(tmp_path) == 1
    assert not leftover.temp_path.exists() and unrelated.exists()
    assert purge_stale_sessions(tmp_path / "missing") == 0
