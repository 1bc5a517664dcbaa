"""Which characters the kiosk font can draw, read from the font's own cmap through FreeType.

An engine's candidate the font cannot draw would show as an empty box (the litigant picks a
character nobody can read back), so the pinyin and handwriting engines drop those.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from pathlib import Path

DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


class FontUnavailable(RuntimeError):
    """The font or FreeType itself cannot be loaded."""


def _freetype() -> ctypes.CDLL:
    name = ctypes.util.find_library("freetype") or "libfreetype.so.6"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise FontUnavailable(f"FreeType not loadable ({name}): install libfreetype6") from exc
    lib.FT_Init_FreeType.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.FT_New_Face.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long,
                                ctypes.POINTER(ctypes.c_void_p)]
    lib.FT_Get_Char_Index.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    lib.FT_Get_Char_Index.restype = ctypes.c_uint
    lib.FT_Done_Face.argtypes = [ctypes.c_void_p]
    lib.FT_Done_FreeType.argtypes = [ctypes.c_void_p]
    return lib


class GlyphCoverage:
    """``coverage.draws("张三")`` is True when the font has a glyph for every character."""

    def __init__(self, font_path: Path | str = DEFAULT_FONT, face_index: int = 0):
        self.font_path = Path(font_path)
        if not self.font_path.is_file():
            raise FontUnavailable(f"font not found: {self.font_path}")
        self._lib = _freetype()
        self._library = ctypes.c_void_p()
        self._face = ctypes.c_void_p()
        if self._lib.FT_Init_FreeType(ctypes.byref(self._library)) != 0:
            raise FontUnavailable("FT_Init_FreeType failed")
        err = self._lib.FT_New_Face(self._library, str(self.font_path).encode(), face_index,
                                    ctypes.byref(self._face))
        if err != 0:
            self._lib.FT_Done_FreeType(self._library)
            raise FontUnavailable(f"FreeType cannot open {self.font_path} (error {err})")
        self._cache: dict[str, bool] = {}
        self._lock = threading.Lock()

    def has(self, char: str) -> bool:
        with self._lock:
            known = self._cache.get(char)
            if known is None:
                if self._face is None:
                    raise FontUnavailable("coverage closed")
                known = self._lib.FT_Get_Char_Index(self._face, ord(char)) != 0
                self._cache[char] = known
            return known

    def draws(self, text: str) -> bool:
        return all(self.has(char) for char in text)

    def close(self) -> None:
        with self._lock:
            if self._face is not None:
                self._lib.FT_Done_Face(self._face)
                self._lib.FT_Done_FreeType(self._library)
                self._face = None
