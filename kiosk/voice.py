"""Spoken guidance: the voice port (say, replay, volume, mute) over espeak-ng.

Why a port with its own thread: synthesis takes longer than a frame, so ``say`` only queues the
sentence and returns; one worker thread speaks, a new sentence cuts off the one being spoken,
and ``mute`` (the session ended) silences the speaker at once. The last prompt is kept for
"再听一遍". Mandarin is read from Chinese characters; English uses espeak-ng's English voice.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VOICE = "cmn-latn-pinyin"  # plain "cmn" reads tone numbers aloud
VOICES = {"zh": VOICE, "en": "en-us"}
ARGV_LIMIT = 32 * 1024
REPLAY_LABEL = {"zh": "再听一遍", "en": "Listen again"}


@dataclass(frozen=True)
class Utterance:
    text: str
    lang: str = "zh"
    volume: int = 80
    """0-100."""
    rate_wpm: int = 150


class EspeakEngine:
    """Speaks one utterance at a time with espeak-ng; ``wav_dir`` writes numbered WAVs instead."""

    def __init__(self, executable: str = "espeak-ng", wav_dir: Path | None = None,
                 extra_args: Sequence[str] = ()):
        path = shutil.which(executable)
        if path is None:
            raise FileNotFoundError(f"{executable} not found")
        self.path, self.wav_dir, self.extra_args = path, wav_dir, tuple(extra_args)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self.count = 0

    def command(self, u: Utterance) -> list[str]:
        # espeak-ng's amplitude runs 0-200 (100 = its default loudness): volume 50 = default.
        cmd = [self.path, "-v", VOICES.get(u.lang, VOICE), "-s", str(u.rate_wpm),
               "-a", str(max(0, min(200, round(u.volume * 2)))), *self.extra_args]
        if self.wav_dir is not None:
            self.count += 1
            cmd += ["-w", str(Path(self.wav_dir) / f"{self.count:03d}-{u.lang}.wav")]
        if len(u.text.encode()) > ARGV_LIMIT:
            return [*cmd, "--stdin"]  # the kernel refuses an argument over 128 KiB
        return [*cmd, "--", u.text]

    def speak(self, u: Utterance) -> None:
        """Blocking; returns early when ``stop`` cuts it off."""
        cmd = self.command(u)
        with self._lock:
            proc = self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE if cmd[-1] == "--stdin" else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if proc.stdin is not None:
            try:
                proc.stdin.write(u.text.encode())
                proc.stdin.close()
            except BrokenPipeError:  # stopped before it read everything
                pass
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop(self) -> None:
        with self._lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            proc.wait()


class Voice:
    """The voice port: thread-safe, never blocks the caller (the Kivy thread may call it)."""

    def __init__(self, engine, *, volume: int = 80, rate_wpm: int = 150, lang: str = "zh"):
        self.engine = engine
        self.volume, self.rate_wpm, self.lang = volume, rate_wpm, lang
        self.muted = False
        self.last: Utterance | None = None
        self._cond = threading.Condition()
        self._pending: Utterance | None = None
        self._speaking = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._thread.start()

    # --- the port ---------------------------------------------------------------------------

    def say(self, text: str, lang: str | None = None) -> None:
        """Speak ``text`` (cutting off what is being said) and remember it for ``replay``."""
        if not text:
            return
        u = Utterance(text, lang or self.lang, self.volume, self.rate_wpm)
        with self._cond:
            self.last = u
            if self.muted or self._closed:
                return
            self._pending = u
            self._cond.notify_all()
        self.engine.stop()

    def replay(self) -> bool:
        """再听一遍: the last prompt again, at today's volume; False when there is none."""
        last = self.last
        if last is None:
            return False
        self.say(last.text, last.lang)
        return True

    def set_volume(self, volume: int) -> None:
        if not 0 <= volume <= 100:
            raise ValueError(f"volume must be 0-100, not {volume}")
        self.volume = volume

    def set_rate(self, rate_wpm: int) -> None:
        self.rate_wpm = rate_wpm

    def set_language(self, lang: str) -> None:
        if lang not in VOICES:
            raise ValueError(f"no voice for language {lang!r}")
        self.lang = lang

    def mute(self) -> None:
        """The session ended: stop speaking now, forget the last prompt, say nothing more."""
        with self._cond:
            self.muted, self._pending, self.last = True, None, None
        self.engine.stop()

    def unmute(self) -> None:
        with self._cond:
            self.muted = False

    def speak(self, text: str) -> None:
        """``Services.speak`` compatible: the same as ``say``."""
        self.say(text)

    # --- worker -----------------------------------------------------------------------------

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until nothing is queued or being spoken (tests, shutdown)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._speaking,
                                       timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._closed:
                    return
                u, self._pending, self._speaking = self._pending, None, True
            try:
                self.engine.speak(u)
            except Exception:
                log.exception("speech failed")
            finally:
                with self._cond:
                    self._speaking = False
                    self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
        self.engine.stop()
        self._thread.join(timeout=5)


def espeak_voice(volume: int = 80, rate_wpm: int = 150, lang: str = "zh",
                 **engine_kwargs) -> Voice | None:
    """A ``Voice`` over espeak-ng, or None (logged once) when espeak-ng is not installed."""
    try:
        engine = EspeakEngine(**engine_kwargs)
    except FileNotFoundError as exc:
        log.warning("%s: voice guidance is off", exc)
        return None
    return Voice(engine, volume=volume, rate_wpm=rate_wpm, lang=lang)


def espeak_speaker(executable: str = "espeak-ng", speed: int = 150,
                   extra_args: Sequence[str] = ()) -> Callable[[str], None] | None:
    """A blocking ``speak(text)`` (the controller runs it in a worker), or None without espeak-ng.

    ``extra_args`` go to espeak-ng as they are (e.g. ``("-w", "out.wav")`` to write a file).
    """
    try:
        engine = EspeakEngine(executable, extra_args=extra_args)
    except FileNotFoundError as exc:
        log.warning("%s: voice guidance is off", exc)
        return None

    def speak(text: str) -> None:
        engine.stop()
        engine.speak(Utterance(text, "zh", 50, speed))  # 50 = espeak-ng's own loudness

    return speak


def session_muting(voice: Voice, render: Callable) -> Callable:
    """Wrap the root's ``render(view)``: the attract screen (no session) mutes the voice at once,
    any other screen unmutes it. Wire with ``bridge.attach(session_muting(voice, root.render))``."""

    def render_and_mute(view) -> None:
        if view.screen == "attract":
            voice.mute()
        elif voice.muted:
            voice.unmute()
        render(view)

    return render_and_mute


ELDERLY_RATE_WPM = 120
"""适老模式 speaks slower (screens.theme.MODES["elderly"].speech_rate_wpm)."""


def rate_for_mode(rate_wpm: int, mode: str) -> int:
    """The site's speech rate, slowed to 120 wpm in elderly mode."""
    return min(rate_wpm, ELDERLY_RATE_WPM) if mode.startswith("elderly") else rate_wpm
