"""docs/readme/provisioning.md, "Deploying a kiosk": every shell block run as written, in order,
on this machine (a real CA, a real Mosquitto from the generated config, the real gateway and the
kiosk's own commands). If the page drifts from the code, this fails."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.fixtures.procs import free_port

pytestmark = pytest.mark.integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "readme" / "provisioning.md"


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)


def _stop(pidfile: Path) -> None:
    try:
        os.kill(int(pidfile.read_text()), signal.SIGTERM)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        pass


def test_the_deployment_page_runs_as_written() -> None:
    blocks = shell_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) == 7
    # Mosquitto, started as root, runs as user mosquitto: the folder must be traversable for it.
    work = Path(tempfile.mkdtemp(prefix="kiosk-deploy-"))
    work.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "COURT_"))}
    env.update(BROKER_PORT=str(free_port()), PATH=f"{Path(sys.executable).parent}:{env['PATH']}")
    script = "set -euo pipefail\n" + "\n".join(blocks)
    log = work.parent / f"{work.name}.log"  # a file: the background services keep a pipe open
    with log.open("w") as sink:
        proc = subprocess.Popen(["bash", "-c", script], cwd=work, env=env, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        proc.wait(240)
        logs = [log, work / "broker" / "mosquitto.log", work / "gateway" / "run.log", work / "gateway" / "enrol.log"]
        assert proc.returncode == 0, "\n---\n".join(p.read_text(errors="replace")[-3000:]
                                                   for p in logs if p.exists())
        assert re.fullmatch(r"[0-9a-f-]{36}\n", (work / "sample.id").read_text())
        assert (work / "revoked.err").read_text().strip()  # mosquitto_pub said why it could not connect
        assert (work / "broker" / "data").is_dir()
    finally:
        for pidfile in (work / "gateway" / "pid", work / "gateway" / "enrol.pid", work / "broker" / "pid"):
            _stop(pidfile)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)
        log.unlink(missing_ok=True)


def test_the_readme_shows_the_same_steps() -> None:
    """The README's "Deploying a kiosk" is the page this test runs, block for block."""
    readme = (DOC.parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = shell_blocks(DOC.read_text(encoding="utf-8"))
    assert blocks and all(block in readme for block in blocks)
