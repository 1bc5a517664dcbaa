"""The page-buffer malloc settings: a page-sized buffer freed after another page's buffer goes back
to the system, where glibc's default keeps it resident (checked in fresh processes, for real)."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = r"""
import ctypes, sys
import numpy as np
if sys.argv[1] == "tamed":
    from kiosk.malloc_policy import tame_malloc
    assert tame_malloc()
libc = ctypes.CDLL("libc.so.6")
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) // 1024
page = 2481 * 3507  # a 300 dpi A4 page, grey
a = np.ones(page, np.uint8); del a          # the first page: mapped, and glibc raises its threshold
before = rss()
b = np.ones(page, np.uint8)                 # the next page's buffer
pin = libc.malloc(4096)                     # something small allocated after it, still in use
del b
print(rss() - before)
"""


def _held_mb(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_freed_page_buffer_is_given_back():
    assert _held_mb("default") >= 7, "glibc's default keeps the freed page resident"
    assert _held_mb("tamed") <= 1
