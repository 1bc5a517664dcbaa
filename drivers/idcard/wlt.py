"""Optional WLT photo decoding through a vendor library (libwlt2bmp / termb), loaded with ctypes.

The photo stays raw WLT bytes everywhere; only where a court has licensed a decoder is it turned
into a 102×126 BMP. Signature used by the common vendor libraries:
``int unpack(char *wlt, char *bmp, int flag)`` writing 38 862 bytes of BMP (flag 602 / 1 = BMP).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from drivers.errors import DeviceUnavailable, ProtocolError

BMP_SIZE = 38862
WLT_SIZE = 1024


class WltDecoder:
    """Decode WLT with the vendor library at ``library_path`` (e.g. /opt/vendor/libwlt.so)."""

    def __init__(self, library_path: str | Path, function: str = "unpack", flag: int = 602):
        try:
            self._lib = ctypes.CDLL(str(library_path))
            self._fn = getattr(self._lib, function)
        except (OSError, AttributeError) as exc:
            raise DeviceUnavailable(f"WLT decoder {library_path}: {exc}", device="idcard",
                                    code="idcard.wlt_missing") from exc
        self._fn.restype = ctypes.c_int
        self._flag = flag

    def to_bmp(self, wlt: bytes) -> bytes:
        if len(wlt) != WLT_SIZE:
            raise ProtocolError(f"WLT photo is {len(wlt)} bytes, expected 1024", device="idcard")
        src = ctypes.create_string_buffer(wlt, WLT_SIZE)
        dst = ctypes.create_string_buffer(BMP_SIZE)
        rc = self._fn(src, dst, self._flag)
        if rc != 1:
            raise ProtocolError(f"WLT decoder returned {rc}", device="idcard")
        return dst.raw
