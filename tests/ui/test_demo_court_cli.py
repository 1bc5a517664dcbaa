"""`kiosk run --demo-court` and `kiosk demo --demo-court` (what scripts/demo.sh runs): the embedded
court starts, the kiosk's sender reaches its broker, and the court stops with the kiosk."""

from __future__ import annotations

import re
import signal

import psutil
import pytest

from tests.fixtures.procs import ManagedProcess, wait_until
from tests.ui.test_cli import KIOSK, kiosk, site  # noqa: F401 - the site fixture

pytestmark = pytest.mark.ui


def _court_processes(root: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "cwd", "status"]):
        try:
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if root in " ".join(proc.info["cmdline"] or []) or (proc.info["cwd"] or "") == root:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _root(text: str) -> str:
    match = re.search(r"demo court running: broker 127\.0\.0\.1:(\d+) \(mutual TLS\), .* files in (\S+)", text)
    assert match, text[-3000:]
    return match.group(2)


@pytest.mark.slow  # the whole headless demo: filing, transfer and the court's answers (minutes)
def test_headless_demo_with_the_court_leaves_nothing_running(tmp_path, site):  # noqa: F811
    out = tmp_path / "shots"
    result = kiosk("demo", "--out", str(out), "--config", str(site), "--demo-court", timeout=1500)
    assert result.returncode == 0, result.stderr
    root = _root(result.stdout)
    assert not _court_processes(root)
    assert not psutil.os.path.exists(root)
    # after the transfer, each journey the court answers, in this order, one PNG per step
    steps = [p.name.split("-", 1)[1] for p in sorted(out.glob("*.png"))]
    walked = ["q-my-cases.png", "q-my-filings.png", "fees-notice.png", "fees-proof.png", "fees-received.png",
              "fees-confirmed.png", "documents.png", "documents-case-number.png",
              "documents-form.png", "documents-sign.png", "documents-requested.png", "documents-sent.png",
              "documents-preview.png", "documents-print-choices.png",
              "documents-printed.png", "documents-proof.png", "documents-served.png", "transcript-list.png",
              "transcript-read.png", "transcript-sign.png", "transcript-signed.png", "archive-way.png",
              "archive-case.png", "archive-form.png", "archive-received.png", "archive-approved.png",
              "archive-list.png", "archive-viewer.png", "archive-printed.png",
              "preservation-kind.png", "preservation-form-filled.png", "preservation-received.png",
              "preservation-decided.png", "judge-conversation.png", "judge-compose.png",
              "judge-message-received.png", "judge-reply.png", "petition-form.png", "petition-filled.png",
              "petition-received.png", "petition-answered.png", "public-library.png", "public-search.png",
              "public-viewer.png", "public-next-page.png", "public-zoomed.png", "public-print-choices.png",
              "public-printed.png", "public-guides.png", "public-templates.png"]
    at = [steps.index(step) for step in walked]
    assert at == sorted(at) and at[0] > steps.index("transfer-received.png"), steps
    assert steps[-2:] == ["idle-warning.png", "attract-again.png"], steps
    text = result.stdout
    assert "confirmed: notice" in text and "slip JF" in text  # the clerk matched and confirmed the fee
    assert re.search(r"served\s+\S+ \S+\s+张三丰：", text), "the judgment served, signed for by the card holder"
    assert re.search(r"\ssigned\s+调解笔录", text), "the transcript recorded as signed at the court"
    assert re.search(r"archive viewing request \S+: approved, viewed watermarked, pages 1-2 printed", text), text[-3000:]
    assert re.search(r"张三丰 / 起诉状及证据 / 1-2 / \d+", text), [ln for ln in text.splitlines() if "/" in ln][-8:]
    assert re.search(r"preservation application sealed as packet \S+", text) and "申请费" in text, "decided by the court"
    assert "承办法官李法官已回复您在案件（2024）豫0102民初1187号中的留言" in text, "the judge replied"
    assert "已由本院信访部门答复：已转执行局" in text, "the petition office answered"
    assert "catalogue version 3" in text and "public judgment found without an ID card, read, print done" in text
    _watermarked(out / next(n for n in sorted(p.name for p in out.glob("*.png")) if n.endswith("-archive-viewer.png")))


def _watermarked(png) -> None:
    """The viewer's PNG carries the dark-red watermark ink (the sample pages are black on white)."""
    from PIL import Image

    from tests.ui.test_archives import watermark_pixels

    assert watermark_pixels(Image.open(png).convert("RGBA").tobytes()) > 1000, f"no watermark in {png.name}"


def test_run_with_the_demo_court_connects_and_stops_it_on_sigterm(tmp_path, site):  # noqa: F811
    xvfb = ManagedProcess(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                           "-nolisten", "tcp"], tmp_path / "xvfb.log").start()
    try:
        assert wait_until(lambda: re.search(r"^\d+$", xvfb.log(), re.M), timeout=10), xvfb.log()
        display = ":" + re.search(r"^(\d+)$", xvfb.log(), re.M).group(1)
        app = ManagedProcess([*KIOSK, "run", "--config", str(site), "--demo-court"], tmp_path / "kiosk.log",
                             env={"DISPLAY": display}).start()
        try:
            assert wait_until(lambda: "kiosk window open" in app.log(), timeout=40), app.log()[-3000:]
            root = _root(app.log())
            port = re.search(r"broker 127\.0\.0\.1:(\d+)", app.log()).group(1)
            assert wait_until(lambda: f"connected to 127.0.0.1:{port}" in app.log(), timeout=20), app.log()[-3000:]
            assert len(_court_processes(root)) >= 2  # mosquitto and court-gateway
            app.proc.send_signal(signal.SIGTERM)
            assert app.proc.wait(20) == 0
            assert wait_until(lambda: not _court_processes(root), timeout=10)
        finally:
            app.stop()
    finally:
        xvfb.stop()
