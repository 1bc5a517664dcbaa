"""ESC/POS bytes for receipts and queue tickets (Chinese as GB18030), and status-byte decoding.

Only the commands every Chinese 58/80 mm thermal printer knows (Epson's set as cloned by
Xprinter, GPrinter, SNBC, ...): initialise, Chinese mode, alignment, bold, double size, QR, cut,
and the real-time status requests ``DLE EOT n`` that the printer answers with one byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
ALIGN = {"left": ESC + b"a\x00", "center": ESC + b"a\x01", "right": ESC + b"a\x02"}
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
SIZE_DOUBLE, SIZE_NORMAL = GS + b"!\x11", GS + b"!\x00"
CUT = GS + b"V\x42\x03"  # feed 3 lines and cut partially
STATUS_OFFLINE = DLE + EOT + b"\x02"  # bit 2 cover open, bit 5 paper-end stop, bit 6 error
STATUS_PAPER = DLE + EOT + b"\x04"  # bits 2-3 paper near end, bits 5-6 paper end


@dataclass(frozen=True)
class Receipt:
    """A receipt or queue ticket: a big title, lines of text, an optional QR code and footer."""

    title: str
    lines: tuple[str, ...] = ()
    qr: str | None = None
    footer: str | None = None
    big_number: str | None = None
    """Queue number printed large (tickets)."""
    meta: dict = field(default_factory=dict, compare=False)


def text(value: str) -> bytes:
    """GB18030 text; characters outside it (rare) become '?' rather than failing the receipt."""
    return value.encode("gb18030", errors="replace")


def qr_code(data: str, module_size: int = 6) -> bytes:
    """GS ( k: model 2, module size, error correction M, store, print."""
    payload = data.encode("utf-8")
    n = len(payload) + 3
    return (GS + b"(k\x04\x00\x31\x41\x32\x00"
            + GS + b"(k\x03\x00\x31\x43" + bytes([module_size])
            + GS + b"(k\x03\x00\x31\x45\x31"
            + GS + b"(k" + bytes([n & 0xFF, n >> 8]) + b"\x31\x50\x30" + payload
            + GS + b"(k\x03\x00\x31\x51\x30")


def encode_receipt(receipt: Receipt) -> bytes:
    out = [INIT, CHINESE_ON, ALIGN["center"], BOLD_ON, SIZE_DOUBLE, text(receipt.title), LF,
           SIZE_NORMAL, BOLD_OFF]
    if receipt.big_number:
        out += [SIZE_DOUBLE, BOLD_ON, text(receipt.big_number), LF, BOLD_OFF, SIZE_NORMAL]
    out.append(ALIGN["left"])
    for line in receipt.lines:
        out += [text(line), LF]
    if receipt.qr:
        out += [ALIGN["center"], qr_code(receipt.qr), LF]
    if receipt.footer:
        out += [ALIGN["center"], text(receipt.footer), LF]
    out.append(CUT)
    return b"".join(out)


@dataclass(frozen=True)
class PaperState:
    paper: str  # "ok" | "near_end" | "out"
    cover_open: bool = False
    error: bool = False


def decode_status(offline: int, paper: int) -> PaperState:
    """The answers to ``DLE EOT 2`` and ``DLE EOT 4`` (one byte each, bits 1 and 4 always set)."""
    if paper & 0x60 or offline & 0x20:
        state = "out"
    elif paper & 0x0C:
        state = "near_end"
    else:
        state = "ok"
    return PaperState(state, cover_open=bool(offline & 0x04), error=bool(offline & 0x40))


def encode_status(state: PaperState) -> tuple[int, int]:
    """The two status bytes a printer in ``state`` sends (for the simulator)."""
    offline = 0x12 | (0x04 if state.cover_open else 0) | (0x20 if state.paper == "out" else 0) \
        | (0x40 if state.error else 0)
    paper = 0x12 | {"ok": 0, "near_end": 0x0C, "out": 0x6C}[state.paper]
    return offline, paper


def strip_commands(data: bytes) -> bytes:
    """Remove the commands ``encode_receipt`` emits, keeping text and line feeds."""
    out = bytearray()
    i = 0
    fixed = {b"\x1b@": 2, b"\x1c&": 2, b"\x1ba": 3, b"\x1bE": 3, b"\x1d!": 3, b"\x1dV": 4}
    while i < len(data):
        two = data[i:i + 2]
        if two in fixed:
            i += fixed[two]
        elif two == b"\x1d(":  # GS ( k pL pH ...: skip pL + pH*256 bytes after the length
            length = data[i + 3] + (data[i + 4] << 8) if i + 4 < len(data) else 0
            i += 5 + length
        else:
            out.append(data[i])
            i += 1
    return bytes(out)
