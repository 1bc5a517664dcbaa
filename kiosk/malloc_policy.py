"""glibc malloc settings for processes that handle whole scanned pages.

A 300 dpi A4 page is 8.7 MB of grey pixels, and the scanner, the capture thread and the OCR
workers allocate and free several such buffers per page. glibc serves a block from ``mmap`` (given
back to the system on ``free``) only above a threshold that it raises to the size of the last
such block freed, up to 32 MB: after the first page, page buffers come from the heap and the
per-thread arenas, whose freed space stays resident and fragments (bench/journey.py: the kiosk
process held 30-60 MB of free heap during a scan). A fixed threshold keeps big buffers on
``mmap``; two arenas instead of eight per core bound the spread across the kiosk's threads.
Nothing changes for small objects. Not glibc (musl, macOS): nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 256 * 1024
"""Blocks from 256 KiB up are mapped and unmapped on their own (glibc's default starts at
128 KiB and climbs to 32 MB)."""
ARENAS = 2


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") else None
    except OSError:
        return None


def tame_malloc(mmap_threshold: int = MMAP_THRESHOLD, arenas: int = ARENAS) -> bool:
    """Apply the settings to this process (early: arenas already made stay); True if applied."""
    libc = _libc()
    if libc is None:
        return False
    ok = bool(libc.mallopt(M_MMAP_THRESHOLD, int(mmap_threshold)))
    ok &= bool(libc.mallopt(M_ARENA_MAX, int(arenas)))
    ok &= bool(libc.mallopt(M_TRIM_THRESHOLD, int(mmap_threshold) * 2))
    if not ok:
        log.warning("mallopt refused the page-buffer settings")
    return ok


def trim() -> None:
    """Give the heap's free tail back to the system (after a material is assembled)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
