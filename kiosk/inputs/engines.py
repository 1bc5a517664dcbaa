"""The composition root's owner of the input engines: librime per litigant session, zinnia once.

Widgets get ``engines.candidates`` and ``engines.classify`` as plain callables. ``start_session``
opens a fresh librime (≈ 0.3 s: run it in a worker when the session starts); ``end_session``
closes it and wipes its user directory, so nothing typed reaches the next litigant. Between
sessions ``candidates`` answers nothing rather than reuse an old engine.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.inputs.glyphs import DEFAULT_FONT
from kiosk.inputs.handwriting import HandwritingRecognizer, HandwritingUnavailable
from kiosk.inputs.pinyin import PinyinEngine, RimePinyin, RimeUnavailable

log = logging.getLogger(__name__)


class InputEngines:
    """``pinyin_factory`` makes one engine per session (RimePinyin in the kiosk)."""

    def __init__(self, font_path: Path | str = DEFAULT_FONT,
                 pinyin_factory: Callable[[], PinyinEngine] | None = None,
                 handwriting: HandwritingRecognizer | None = None):
        self._factory = pinyin_factory or (lambda: RimePinyin(font_path=font_path))
        self._font_path = font_path
        self._handwriting = handwriting
        self._pinyin: PinyinEngine | None = None
        self._lock = threading.Lock()
        self.error: str | None = None

    def start_session(self) -> None:
        """Open a fresh pinyin engine; a failure is kept in ``error`` (the keyboard says so)."""
        self.end_session()
        try:
            engine = self._factory()
        except RimeUnavailable as exc:
            log.error("pinyin input unavailable: %s", exc)
            self.error = str(exc)
            return
        with self._lock:
            self._pinyin, self.error = engine, None

    def end_session(self) -> None:
        with self._lock:
            engine, self._pinyin = self._pinyin, None
        if engine is not None:
            engine.close()

    @property
    def pinyin_ready(self) -> bool:
        return self._pinyin is not None

    def candidates(self, keys: str, limit: int = 10) -> list[str]:
        with self._lock:
            engine = self._pinyin
            return engine.candidates(keys, limit) if engine is not None else []

    def classify(self, strokes: Sequence, width: float, height: float,
                 n: int = 10) -> list[tuple[str, float]]:
        if self._handwriting is None:
            try:
                self._handwriting = HandwritingRecognizer(font_path=self._font_path)
            except HandwritingUnavailable as exc:
                log.error("handwriting input unavailable: %s", exc)
                self.error = str(exc)
                return []
        return self._handwriting.classify(strokes, width, height, n)

    def close(self) -> None:
        self.end_session()
        if self._handwriting is not None:
            self._handwriting.close()
            self._handwriting = None
