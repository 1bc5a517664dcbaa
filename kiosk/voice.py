"""Spoken guidance with espeak-ng (Mandarin read from Chinese characters).

Runs in a controller worker, never on the Kivy thread; a new sentence cuts off the previous one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

VOICE = "cmn-latn-pinyin"  # plain "cmn" reads tone numbers aloud


def espeak_speaker(executable: str = "espeak-ng", speed: int = 150,
                   extra_args: Sequence[str] = ()) -> Callable[[str], None] | None:
    """A blocking ``speak(text)``, or None (logged once) when espeak-ng is not installed.

    ``extra_args`` go to espeak-ng as they are (e.g. ``("-w", "out.wav")`` to write a file).
    """
    path = shutil.which(executable)
    if path is None:
        log.warning("%s not found: voice guidance is off", executable)
        return None
    lock = threading.Lock()
    current: list[subprocess.Popen] = []

    def speak(text: str) -> None:
        with lock:
            for proc in current:
                if proc.poll() is None:
                    proc.terminate()
            current.clear()
            proc = subprocess.Popen([path, "-v", VOICE, "-s", str(speed), *extra_args, text],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            current.append(proc)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()

    return speak
