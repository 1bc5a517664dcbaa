"""The voice port with the real espeak-ng writing WAVs (no sound card here): off the caller's
thread, replay, volume, English voice, mute at the end of a session."""

from __future__ import annotations

import shutil
import threading
import time
import wave

import numpy as np
import pytest

from kiosk.voice import EspeakEngine, Utterance, Voice

pytestmark = [pytest.mark.unit,
              pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")]


def rms_and_seconds(path) -> tuple[float, float]:
    with wave.open(str(path)) as audio:
        frames = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
        seconds = audio.getnframes() / audio.getframerate()
    return float(np.sqrt(np.mean(frames.astype(np.float64) ** 2))) if frames.size else 0.0, seconds


@pytest.fixture
def voice(tmp_path):
    v = Voice(EspeakEngine(wav_dir=tmp_path), volume=60)
    yield v
    v.close()


def wavs(tmp_path):
    return sorted(tmp_path.glob("*.wav"))


def test_say_returns_at_once_and_speaks_on_its_own_thread(voice, tmp_path):
    seen = []
    real_speak = voice.engine.speak
    voice.engine.speak = lambda u: (seen.append(threading.current_thread().name), real_speak(u))
    started = time.perf_counter()
    voice.say("请将身份证放在读卡区")
    assert time.perf_counter() - started < 0.05  # the caller (the Kivy thread) is not held
    assert voice.wait_idle()
    assert seen == ["voice"]
    rms, seconds = rms_and_seconds(wavs(tmp_path)[-1])
    assert rms > 500 and seconds > 1.0  # real speech, not silence


def test_replay_says_the_last_prompt_again(voice, tmp_path):
    assert voice.replay() is False  # nothing said yet
    voice.say("请选择要办理的业务")
    voice.wait_idle()
    assert voice.replay() is True
    voice.wait_idle()
    first, second = wavs(tmp_path)
    assert first.read_bytes() == second.read_bytes()


def test_volume_scales_the_loudness(voice, tmp_path):
    voice.set_volume(20)
    voice.say("十万元")
    voice.wait_idle()
    voice.set_volume(90)
    voice.replay()
    voice.wait_idle()
    quiet, loud = (rms_and_seconds(p)[0] for p in wavs(tmp_path))
    assert loud > 3 * quiet > 0
    with pytest.raises(ValueError):
        voice.set_volume(101)


def test_english_uses_the_english_voice(voice, tmp_path):
    voice.say("Please place your card on the reader.", lang="en")
    voice.wait_idle()
    (path,) = wavs(tmp_path)
    assert path.name.endswith("-en.wav")
    rms, seconds = rms_and_seconds(path)
    assert rms > 500 and seconds > 1.0
    cmd = voice.engine.command(Utterance("x", "en"))
    assert cmd[cmd.index("-v") + 1] == "en-us"


def test_slower_rate_takes_longer(voice, tmp_path):
    voice.say("请选择要办理的业务")
    voice.wait_idle()
    voice.set_rate(110)  # elderly mode
    voice.replay()
    voice.wait_idle()
    normal, slow = (rms_and_seconds(p)[1] for p in wavs(tmp_path))
    assert slow > normal * 1.2


def test_mute_at_session_end_stops_speech_and_forgets_the_prompt(tmp_path):
    # No sound card here, so espeak-ng would return at once; a WAV of ~3 hours of speech takes it
    # several seconds to synthesise, long enough to see ``mute`` cut it off.
    engine = EspeakEngine(wav_dir=tmp_path)
    voice = Voice(engine)
    try:
        voice.say("欢迎使用诉讼服务自助终端，请选择要办理的业务。" * 2000)
        deadline = time.monotonic() + 5
        while engine._proc is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc = engine._proc
        time.sleep(0.2)
        assert proc.poll() is None  # still speaking
        started = time.monotonic()
        voice.mute()
        assert voice.wait_idle(5)
        assert proc.poll() is not None and time.monotonic() - started < 1.0
        assert voice.replay() is False  # the next litigant cannot replay this one's prompt
        voice.say("不应说出")
        assert voice.wait_idle(1) and engine._proc is proc  # nothing new started
        voice.unmute()
        voice.say("下一位")
        voice.wait_idle()
        assert engine._proc is not proc and engine._proc.returncode == 0
    finally:
        voice.close()


def test_the_attract_screen_mutes_the_voice_and_a_session_unmutes_it(voice, tmp_path):
    from types import SimpleNamespace

    from kiosk.voice import session_muting

    shown = []
    render = session_muting(voice, shown.append)
    render(SimpleNamespace(screen="home"))
    voice.say("请选择要办理的业务")
    voice.wait_idle()
    render(SimpleNamespace(screen="attract"))  # the session ended
    assert voice.muted and voice.replay() is False
    voice.say("不应说出")
    voice.wait_idle()
    assert len(wavs(tmp_path)) == 1
    render(SimpleNamespace(screen="home"))  # the next litigant
    voice.say("欢迎")
    voice.wait_idle()
    assert len(wavs(tmp_path)) == 2 and [v.screen for v in shown] == ["home", "attract", "home"]
