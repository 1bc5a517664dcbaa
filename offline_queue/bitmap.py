"""Per-file bitmaps of chunks the court confirmed, as compact bytes (base64 on the wire)."""

from __future__ import annotations

import base64


class Bitmap:
    """A fixed-size set of chunk indexes; bit ``i`` is set once chunk ``i`` is confirmed."""

    __slots__ = ("size", "bits")

    def __init__(self, size: int, bits: bytes | bytearray | None = None):
        self.size = size
        nbytes = (size + 7) // 8
        self.bits = bytearray(bits if bits is not None else nbytes)
        if len(self.bits) != nbytes:
            raise ValueError(f"bitmap of {size} bits needs {nbytes} bytes, got {len(self.bits)}")

    def set(self, i: int) -> bool:
        """Set bit ``i``; True if it was not set before."""
        if not 0 <= i < self.size:
            raise IndexError(i)
        mask = 1 << (i & 7)
        was = self.bits[i >> 3] & mask
        self.bits[i >> 3] |= mask
        return not was

    def has(self, i: int) -> bool:
        return 0 <= i < self.size and bool(self.bits[i >> 3] & (1 << (i & 7)))

    def count(self) -> int:
        return sum(bin(b).count("1") for b in self.bits)

    def complete(self) -> bool:
        return self.count() == self.size

    def missing(self) -> list[int]:
        return [i for i in range(self.size) if not self.has(i)]

    def union(self, other: "Bitmap") -> bool:
        """OR ``other`` in; True if anything changed."""
        if other.size != self.size:
            raise ValueError("bitmap sizes differ")
        before = bytes(self.bits)
        for k, b in enumerate(other.bits):
            self.bits[k] |= b
        return bytes(self.bits) != before

    def to_b64(self) -> str:
        return base64.b64encode(bytes(self.bits)).decode("ascii")

    @classmethod
    def from_b64(cls, size: int, text: str) -> "Bitmap":
        return cls(size, base64.b64decode(text.encode("ascii"), validate=True))

    @classmethod
    def full(cls, size: int) -> "Bitmap":
        bm = cls(size)
        for i in range(size):
            bm.set(i)
        return bm
