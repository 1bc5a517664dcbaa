"""Voice guidance: espeak-ng with the Mandarin pinyin voice, optional, never fatal."""

from __future__ import annotations

import stat

import pytest

from kiosk.voice import VOICE, espeak_speaker

pytestmark = pytest.mark.unit


def test_missing_espeak_turns_voice_off(tmp_path):
    assert espeak_speaker(str(tmp_path / "no-such-espeak")) is None


def test_speaks_chinese_with_the_pinyin_voice(tmp_path):
    record = tmp_path / "args.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    speak = espeak_speaker(str(fake))
    speak("还需要更多时间吗？")
    args = record.read_text().splitlines()
    assert args[:2] == ["-v", VOICE] and args[-1] == "还需要更多时间吗？"


def test_real_espeak_without_a_sound_card_does_not_raise():
    speak = espeak_speaker()
    if speak is None:
        pytest.skip("espeak-ng not installed")
    speak("请选择要办理的业务")
