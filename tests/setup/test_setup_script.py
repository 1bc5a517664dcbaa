"""scripts/setup.sh on a fresh machine, with the system tools stubbed first on PATH.

Why: the set-up script is the first thing a new user runs, and CI's machine already has every
package, so a broken install line (the old `$SUDO -E apt-get` ran `-E` as a command as root) or a
policy-rc.d left behind by a failed install never showed. The script runs for real in a temporary
copy of the repository; only `id`, `dpkg-query`, `apt-get`, `sudo` and `systemctl` are stubs that
log their argv, and the policy-rc.d path is a temporary file (`POLICY_RC_D`).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
INSTALL_FLAGS = ["install", "-y", "-qq", "--no-install-recommends", "--no-upgrade"]

STUBS = {
    # `id -u` answers the uid the test chose; anything else goes to the real id.
    "id": """#!/bin/sh
if [ "$1" = "-u" ]; then echo "$STUB_UID"; exit 0; fi
exec /usr/bin/id "$@"
""",
    # Installed unless named in STUB_MISSING.
    "dpkg-query": """#!/bin/sh
echo "dpkg-query $*" >> "$STUB_LOG"
for p in "$@"; do last="$p"; done
for m in $STUB_MISSING; do [ "$m" = "$last" ] && exit 1; done
printf 'install ok installed'
""",
    # Records whether the policy file is in place while packages install; fails on request.
    "apt-get": """#!/bin/sh
echo "apt-get $*" >> "$STUB_LOG"
if [ "$1" = "install" ]; then
  if [ -e "$POLICY_RC_D" ]; then echo "policy present" >> "$STUB_LOG"; fi
  exit "${STUB_APT_RC:-0}"
fi
""",
    "systemctl": """#!/bin/sh
echo "systemctl $*" >> "$STUB_LOG"
""",
    # Logs, then runs the command (dropping -E) as this same user.
    "sudo": """#!/bin/sh
echo "sudo $*" >> "$STUB_LOG"
[ "$1" = "-E" ] && shift
exec "$@"
""",
}


@pytest.fixture()
def machine(tmp_path: Path):
    """A copy of the repository's set-up script with stub tools first on PATH and a ready .venv."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    shutil.copy2(REPO / "pyproject.toml", repo / "pyproject.toml")
    # A .venv the script takes as installed, so it stops after the Debian part.
    venv_bin = repo / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text("#!/bin/sh\necho \"venv-python $*\" >> \"$STUB_LOG\"\n")
    (venv_bin / "python").chmod(0o755)
    digest = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (repo / ".venv" / f".installed-{digest}-test").touch()
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name, text in STUBS.items():
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    log = tmp_path / "calls.log"
    log.touch()
    policy = tmp_path / "policy-rc.d"

    def run(*, uid: int, missing: list[str], apt_rc: int = 0) -> tuple[int, list[str]]:
        env = {
            "PATH": f"{stubs}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "STUB_UID": str(uid),
            "STUB_MISSING": " ".join(missing),
            "STUB_APT_RC": str(apt_rc),
            "STUB_LOG": str(log),
            "POLICY_RC_D": str(policy),
        }
        proc = subprocess.run(
            ["bash", str(repo / "scripts" / "setup.sh"), "test"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        run.output = proc.stdout + proc.stderr
        return proc.returncode, log.read_text().splitlines()

    run.policy = policy
    return run


def _installs(calls: list[str]) -> list[str]:
    return [c for c in calls if "apt-get install" in c]


def test_as_root_the_install_line_is_plain_apt_get(machine) -> None:
    rc, calls = machine(uid=0, missing=["mosquitto", "sox"])
    assert rc == 0, machine.output
    assert "command not found" not in machine.output
    assert _installs(calls) == [" ".join(["apt-get", *INSTALL_FLAGS, "mosquitto", "sox"])]
    assert not [c for c in calls if c.startswith("sudo")], calls
    assert "policy present" in calls  # daemons kept from starting while packages install
    assert not machine.policy.exists()
    assert "systemctl stop mosquitto" in calls
    assert "systemctl stop ejabberd" in calls and "systemctl stop epmd.socket" in calls, calls


def test_as_a_user_with_sudo_apt_get_runs_through_sudo_keeping_the_environment(machine) -> None:
    rc, calls = machine(uid=1000, missing=["cups"])
    assert rc == 0, machine.output
    line = " ".join([*INSTALL_FLAGS, "cups"])
    assert f"sudo -E apt-get {line}" in calls
    assert f"apt-get {line}" in calls  # and sudo really ran it
    assert "sudo -E apt-get update -qq" in calls
    assert not machine.policy.exists()


@pytest.mark.parametrize("uid", [0, 1000])
def test_a_failed_install_fails_setup_and_leaves_no_policy_file(machine, uid: int) -> None:
    rc, calls = machine(uid=uid, missing=["mosquitto"], apt_rc=100)
    assert rc != 0
    assert "policy present" in calls  # the file was there during the install...
    assert not machine.policy.exists()  # ...and is gone after the failure
    assert "setup: ready" not in machine.output


def test_a_policy_file_that_was_already_there_is_left_alone(machine) -> None:
    machine.policy.write_text("#!/bin/sh\nexit 101\n")
    rc, calls = machine(uid=0, missing=["sox"], apt_rc=100)
    assert rc != 0
    assert machine.policy.read_text() == "#!/bin/sh\nexit 101\n"


@pytest.mark.parametrize("uid", [0, 1000])
def test_nothing_is_installed_when_every_package_is_there(machine, uid: int) -> None:
    rc, calls = machine(uid=uid, missing=[])
    assert rc == 0, machine.output
    assert any(c.startswith("dpkg-query") for c in calls)  # it did look
    assert not [c for c in calls if c.startswith(("apt-get", "sudo", "systemctl"))], calls
    assert not machine.policy.exists()
    assert "setup: ready" in machine.output
