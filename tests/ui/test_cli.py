"""The UI commands as a court IT person runs them: separate processes, real files, real window."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.fixtures.procs import ManagedProcess, wait_until

pytestmark = pytest.mark.ui

KIOSK = [sys.executable, "-m", "kiosk.cli.main"]


def kiosk(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run([*KIOSK, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def site(tmp_path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\ndata_dir = "{tmp_path / "data"}"\n[ui]\nvoice = false\n'
                      'fullscreen = false\n[broker]\nplain_mqtt_dev = true\n', encoding="utf-8")
    return config


def test_screenshot_renders_a_screen_to_png(tmp_path, site):
    out = tmp_path / "idle.png"
    result = kiosk("screenshot", "idle", "--out", str(out), "--state", "sample", "--config", str(site))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    with Image.open(out) as image:
        assert image.size == (1280, 800)
        assert len(set(image.convert("RGB").getdata())) > 50  # a drawn screen, not a blank one


@pytest.mark.parametrize("args, complaint", [
    (["screenshot", "lobby", "--out", "x.png"], "unknown screen 'lobby'"),
    (["screenshot", "home", "--out", "x.jpg"], "must end in .png"),
    (["screenshot", "home", "--out", "x.png", "--state", "full"], "unknown state 'full'"),
])
def test_screenshot_bad_arguments_are_explained(args, complaint):
    result = kiosk(*args)
    assert result.returncode == 2
    assert complaint in re.sub(r"[\s│]+", " ", result.stderr)  # typer boxes and wraps errors


def test_admin_screenshot_needs_the_right_pin(tmp_path, site):
    out = tmp_path / "admin.png"
    result = kiosk("screenshot", "admin", "--out", str(out), "--pin", "1111", "--config", str(site))
    assert result.returncode == 1 and "PIN was not accepted" in result.stderr
    assert not out.exists()
    result = kiosk("screenshot", "admin", "--out", str(out), "--config", str(site),
                   env={"KIOSK_ADMIN_PIN": "246810"})
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_demo_writes_one_png_per_step_and_names_the_folder(tmp_path, site):
    """The short demo (filing and transfer); the whole one is tests/ui/test_demo_court_cli.py's."""
    out = tmp_path / "journey"
    result = kiosk("demo", "--out", str(out), "--config", str(site), "--demo-court", "--short", timeout=300)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    steps = [name.split("-", 1)[1] for name in names]
    assert steps[:4] == ["attract.png", "home.png", "notice.png", "identify.png"], steps
    for step in ("court.png", "materials.png", "parties.png", "material-list.png", "check.png",
                 "sign.png", "pushed.png", "transfer-case-number.png", "idle-warning.png"):
        assert step in steps, (step, steps)
    assert "received.png" in steps and "transfer-received.png" in steps  # the court's receipts
    assert steps[-1] == "attract-again.png"
    assert not any(step.startswith(("q-", "fees-", "documents", "transcript-")) for step in steps), steps
    assert "审计链：已验证" in result.stdout  # the judge's review of the filing, printed
    assert result.stdout.strip().splitlines()[-1].endswith(str(out.resolve()))
    # the journey ends where it started: the attract screen, freshly drawn
    first, last = (Image.open(out / n).convert("RGB") for n in (names[0], names[-1]))
    assert list(first.getdata()) == list(last.getdata())


def test_run_opens_fullscreen_and_stops_on_sigterm(tmp_path, site):
    xvfb = ManagedProcess(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                           "-nolisten", "tcp"], tmp_path / "xvfb.log").start()
    try:
        assert wait_until(lambda: re.search(r"^\d+$", xvfb.log(), re.M), timeout=10), xvfb.log()
        display = ":" + re.search(r"^(\d+)$", xvfb.log(), re.M).group(1)
        app = ManagedProcess([*KIOSK, "run", "--config", str(site)], tmp_path / "kiosk.log",
                             env={"DISPLAY": display, "KIOSK_UI__FULLSCREEN": "true"}).start()
        try:
            assert wait_until(lambda: "kiosk window open (1280x800)" in app.log(), timeout=30), \
                app.log()[-3000:]
            assert app.running
            app.proc.send_signal(signal.SIGTERM)  # as systemd stops it
            assert app.proc.wait(15) == 0
            assert "kiosk stopped" in app.log()
        finally:
            app.stop()
    finally:
        xvfb.stop()
