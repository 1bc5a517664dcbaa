"""Admin PIN hashes: the format the settings use, and every kind of bad input."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from config.settings import UI
from kiosk.flows.pin import PinFormatError, hash_pin, parse_pin_hash, verify_pin

pytestmark = pytest.mark.unit


def test_default_settings_hash_is_the_documented_pin():
    encoded = UI().admin_pin_hash.get_secret_value()
    assert verify_pin("246810", encoded)
    assert not verify_pin("246811", encoded)


def test_round_trip_with_a_random_salt():
    first, second = hash_pin("1357", iterations=1000), hash_pin("1357", iterations=1000)
    assert first != second  # salted
    assert verify_pin("1357", first) and verify_pin("1357", second)
    assert parse_pin_hash(first)[0] == 1000


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", " 1234", "１２３４"])
def test_bad_pins_are_refused(pin):
    with pytest.raises(PinFormatError):
        hash_pin(pin, iterations=1000)


@pytest.mark.parametrize("encoded", [
    "",
    "1234",
    "md5$1$abc$def",
    "pbkdf2_sha256$x$a2lvc2s=$7B5nr3SMv0TvsbR9LP3m5O0tkEtDp/pSw0pUBapnX5c=",
    "pbkdf2_sha256$1000$not base64!$7B5nr3SMv0TvsbR9LP3m5O0tkEtDp/pSw0pUBapnX5c=",
    "pbkdf2_sha256$1000$a2lvc2s=$c2hvcnQ=",
    "pbkdf2_sha256$0$a2lvc2s=$7B5nr3SMv0TvsbR9LP3m5O0tkEtDp/pSw0pUBapnX5c=",
])
def test_malformed_stored_hash_never_lets_anyone_in(encoded):
    with pytest.raises(PinFormatError):
        parse_pin_hash(encoded)
    assert verify_pin("246810", encoded) is False


def test_non_digit_input_is_simply_wrong():
    assert verify_pin("abcd", hash_pin("1357", iterations=1000)) is False


def test_cli_hash_pin_prints_a_usable_setting():
    from kiosk.cli.main import app

    result = CliRunner().invoke(app, ["admin", "hash-pin", "--pin", "97531"])
    assert result.exit_code == 0, result.output
    encoded = result.output.split('admin_pin_hash = "')[1].split('"')[0]
    assert verify_pin("97531", encoded)


def test_cli_hash_pin_rejects_a_bad_pin():
    from kiosk.cli.main import app

    result = CliRunner().invoke(app, ["admin", "hash-pin", "--pin", "12"])
    assert result.exit_code == 2
    assert "4 到 12 位数字" in result.output
