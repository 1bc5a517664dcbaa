"""Handwriting (手写输入) candidates: Debian's zinnia with the tegaki simplified-Chinese model.

Why zinnia: it is the recogniser packaged with a maintained Chinese model (``libzinnia0``,
``tegaki-zinnia-simplified-chinese``, LGPL), recognises a character from its strokes in about a
millisecond and needs no network. Strokes are in pad coordinates with the origin at the top left
(y grows downwards), as the model was trained. Like the pinyin engine, candidates the kiosk font
cannot draw are dropped.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Sequence
from pathlib import Path

from kiosk.inputs.glyphs import DEFAULT_FONT, GlyphCoverage

MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")

Point = tuple[float, float]
Stroke = Sequence[Point]


class HandwritingUnavailable(RuntimeError):
    """libzinnia or its model cannot be loaded; the kiosk offers pinyin only until fixed."""


def _zinnia(name: str) -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise HandwritingUnavailable(f"zinnia not loadable ({name}): install libzinnia0") from exc
    vp, size = ctypes.c_void_p, ctypes.c_size_t
    signatures = {
        "zinnia_recognizer_new": ([], vp),
        "zinnia_recognizer_open": ([vp, ctypes.c_char_p], ctypes.c_int),
        "zinnia_recognizer_strerror": ([vp], ctypes.c_char_p),
        "zinnia_recognizer_classify": ([vp, vp, size], vp),
        "zinnia_recognizer_destroy": ([vp], None),
        "zinnia_character_new": ([], vp),
        "zinnia_character_set_width": ([vp, size], None),
        "zinnia_character_set_height": ([vp, size], None),
        "zinnia_character_add": ([vp, size, ctypes.c_int, ctypes.c_int], ctypes.c_int),
        "zinnia_character_destroy": ([vp], None),
        "zinnia_result_size": ([vp], size),
        "zinnia_result_value": ([vp, size], ctypes.c_char_p),
        "zinnia_result_score": ([vp, size], ctypes.c_float),
        "zinnia_result_destroy": ([vp], None),
    }
    for fn, (args, restype) in signatures.items():
        getattr(lib, fn).argtypes = args
        getattr(lib, fn).restype = restype
    return lib


class HandwritingRecognizer:
    """``classify(strokes, width, height, n)`` → ``[(char, score), ...]``, best first."""

    def __init__(self, model: Path | str = MODEL, *, font_path: Path | str = DEFAULT_FONT,
                 library: str = "libzinnia.so.0"):
        if not Path(model).is_file():
            raise HandwritingUnavailable(
                f"handwriting model missing: {model} (install tegaki-zinnia-simplified-chinese)")
        self._lib = _zinnia(library)
        self._coverage = GlyphCoverage(font_path)
        self._lock = threading.Lock()
        self._recognizer = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._recognizer, str(model).encode()):
            why = self._lib.zinnia_recognizer_strerror(self._recognizer) or b""
            self._lib.zinnia_recognizer_destroy(self._recognizer)
            raise HandwritingUnavailable(f"zinnia cannot open {model}: {why.decode(errors='replace')}")

    def classify(self, strokes: Sequence[Stroke], width: float, height: float,
                 n: int = 10) -> list[tuple[str, float]]:
        """Candidates for the strokes drawn so far on a ``width``×``height`` pad."""
        if width <= 0 or height <= 0:
            raise ValueError("the pad needs a positive size")
        drawn = [stroke for stroke in strokes if len(stroke) > 0]
        if not drawn or n <= 0:
            return []
        lib = self._lib
        with self._lock:
            if self._recognizer is None:
                raise HandwritingUnavailable("the handwriting recogniser is closed")
            character = lib.zinnia_character_new()
            try:
                lib.zinnia_character_set_width(character, int(round(width)))
                lib.zinnia_character_set_height(character, int(round(height)))
                for index, stroke in enumerate(drawn):
                    for x, y in stroke:
                        lib.zinnia_character_add(character, index, int(round(x)), int(round(y)))
                # Ask for more than n: some are dropped below (undrawable, duplicates).
                result = lib.zinnia_recognizer_classify(self._recognizer, character, n * 2 + 5)
                if not result:
                    return []
                try:
                    found: list[tuple[str, float]] = []
                    for i in range(lib.zinnia_result_size(result)):
                        value = (lib.zinnia_result_value(result, i) or b"").decode("utf-8", "replace")
                        if value and self._coverage.draws(value) \
                                and all(value != seen for seen, _ in found):
                            found.append((value, float(lib.zinnia_result_score(result, i))))
                        if len(found) == n:
                            break
                    return found
                finally:
                    lib.zinnia_result_destroy(result)
            finally:
                lib.zinnia_character_destroy(character)

    def close(self) -> None:
        with self._lock:
            if self._recognizer is not None:
                self._lib.zinnia_recognizer_destroy(self._recognizer)
                self._recognizer = None
                self._coverage.close()

    def __enter__(self) -> HandwritingRecognizer:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
