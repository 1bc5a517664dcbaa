"""Layered settings: defaults → site file → environment; every problem reported; secrets masked."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from config.loader import MASK, ConfigError, check_file, load_settings, masked_dump

pytestmark = pytest.mark.unit

THREE_MISTAKES = """
[kiosk]
kiosk_idd = "k-1"

[broker]
port = 99999

[ui]
idle_timeout_s = "soon"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_defaults_load_alone():
    settings = load_settings(use_site_default=False)
    assert settings.kiosk.court_code == "豫0181"
    assert settings.devices.idcard.kind == "sim"
    assert settings.queue_db == settings.storage.data_dir / "queue.sqlite"


def test_site_file_overrides_defaults_and_environment_overrides_site(tmp_path, monkeypatch):
    site = write(tmp_path, '[kiosk]\nkiosk_id = "gy-hall-02"\n[broker]\nport = 8883\ntls = true\n')
    settings = load_settings(site)
    assert settings.kiosk.kiosk_id == "gy-hall-02"
    assert settings.broker.port == 8883
    assert settings.kiosk.court_name == "巩义市人民法院"  # untouched default survives the merge
    monkeypatch.setenv("KIOSK_BROKER__PORT", "9883")
    monkeypatch.setenv("KIOSK_DEVICES__IDCARD__URL", "/dev/ttyUSB0")
    settings = load_settings(site)
    assert settings.broker.port == 9883
    assert settings.broker.tls is True
    assert settings.devices.idcard.url == "/dev/ttyUSB0"
    assert settings.devices.idcard.kind == "sim"


def test_every_problem_is_reported_at_once_with_its_path(tmp_path):
    problems = check_file(write(tmp_path, THREE_MISTAKES))
    paths = [p.path for p in problems]
    assert paths == ["kiosk.kiosk_idd", "broker.port", "ui.idle_timeout_s"]
    assert "did you mean 'kiosk_id'" in problems[0].message
    assert "99999" in problems[1].message


def test_invalid_toml_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, "[kiosk\nkiosk_id = 1"))
    assert "not valid TOML" in str(err.value)


def test_secrets_are_masked_in_the_dump(tmp_path):
    settings = load_settings(write(tmp_path, '[broker]\npassword = "hunter2-secret"\n'))
    dump = masked_dump(settings)
    text = json.dumps(dump, ensure_ascii=False)
    assert "hunter2" not in text
    assert settings.ui.admin_pin_hash.get_secret_value() not in text
    assert dump["broker"]["password"] == MASK
    assert dump["ui"]["admin_pin_hash"] == MASK
    assert settings.broker.password.get_secret_value() == "hunter2-secret"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli.main", *args], capture_output=True,
                          text=True, timeout=60)


def test_cli_config_check_lists_all_three_and_exits_nonzero(tmp_path):
    result = run_cli("config", "check", str(write(tmp_path, THREE_MISTAKES)))
    assert result.returncode == 1
    assert "3 problem(s)" in result.stderr
    for path in ("kiosk.kiosk_idd", "broker.port", "ui.idle_timeout_s"):
        assert path in result.stderr


def test_cli_config_show_masks_secrets(tmp_path):
    site = write(tmp_path, '[broker]\npassword = "hunter2-secret"\n')
    result = run_cli("config", "show", "--json", "--config", str(site))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["broker"]["password"] == MASK
    assert "hunter2" not in result.stdout


def test_cli_bad_site_file_exits_with_problems(tmp_path):
    result = run_cli("config", "show", "--config", str(write(tmp_path, THREE_MISTAKES)))
    assert result.returncode == 2
    assert "3 configuration problem(s)" in result.stderr
