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


def test_real_espeak_speaks_chinese_with_the_pinyin_voice(tmp_path):
    """The real espeak-ng turns a Chinese sentence into speech (written to a WAV: no sound card here)."""
    import wave

    wav = tmp_path / "said.wav"
    speak = espeak_speaker(extra_args=("-w", str(wav)))
    if speak is None:
        pytest.skip("espeak-ng not installed")
    speak("请选择要办理的业务")
    with wave.open(str(wav)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    # Nine syllables take ~2.5 s; silence would be ~0 s, and the plain "cmn" voice, which also reads
    # the tone numbers aloud in English, takes ~3.9 s for the same sentence (espeak-ng 1.51).
    assert 1.5 < seconds < 3.3
