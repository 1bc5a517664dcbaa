"""Write a searchable PDF: each page image with an invisible text layer, one run per OCR line.

Written by hand (a few hundred bytes of PDF syntax) because the usual routes damage Chinese
layers: tesseract's own PDF keeps its spaces between characters, and per-word placement makes
extractors insert spaces. Here each line is one text run in reading order, in a glyph-less
Identity-H CID font (tesseract's ``pdf.ttf``) whose CIDs are the Unicode code points, with a
ToUnicode map, stretched (``Tz``) to the line's box so selection lines up with the image.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GLYPHLESS_FONT = Path("/usr/share/tesseract-ocr/5/tessdata/pdf.ttf")


@dataclass(frozen=True)
class PdfPage:
    image: bytes
    kind: str  # "jpeg-gray", "jpeg-rgb", "bilevel"
    width: int
    height: int
    dpi: int
    lines: Sequence[tuple[str, tuple[int, int, int, int]]]  # text, (x, y, w, h) in pixels


def _to_unicode_cmap() -> bytes:
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    body = []
    for start in range(0, len(ranges), 100):
        chunk = ranges[start:start + 100]
        body.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(body) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def _hex_cids(text: str) -> str:
    return "".join(f"{ord(ch):04X}" if ord(ch) < 0x10000 and not 0xD800 <= ord(ch) <= 0xDFFF
                   else "FFFD" for ch in text)


class _Writer:
    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def put(self, num: int, body: bytes) -> int:
        self.objects[num - 1] = body
        return num

    def add(self, body: bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, attrs: str, data: bytes, compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 6)
            attrs += " /Filter /FlateDecode"
        return self.add(f"<< {attrs} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    def serialise(self, root: int) -> bytes:
        out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
        out += f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R >>\n".encode()
        out += f"startxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


def _font(w: _Writer) -> int:
    cid_to_gid = w.stream("", b"\x00\x01" * 65536)
    to_unicode = w.stream("", _to_unicode_cmap())
    font_file = ""
    if GLYPHLESS_FONT.exists():
        data = GLYPHLESS_FONT.read_bytes()
        font_file = f" /FontFile2 {w.stream(f'/Length1 {len(data)}', data)} 0 R"
    descriptor = w.add((
        "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 500 1000]"
        f" /ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80{font_file} >>").encode())
    cid_font = w.add((
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        f" /FontDescriptor {descriptor} 0 R /DW 1000 /CIDToGIDMap {cid_to_gid} 0 R >>").encode())
    return w.add((
        "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H"
        f" /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>").encode())


def _image(w: _Writer, page: PdfPage) -> int:
    size = f"/Type /XObject /Subtype /Image /Width {page.width} /Height {page.height}"
    if page.kind == "bilevel":
        attrs = f"{size} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode"
    else:
        space = "/DeviceRGB" if page.kind == "jpeg-rgb" else "/DeviceGray"
        attrs = f"{size} /ColorSpace {space} /BitsPerComponent 8 /Filter /DCTDecode"
    return w.add(f"<< {attrs} /Length {len(page.image)} >>\nstream\n".encode() + page.image + b"\nendstream")


def _content(page: PdfPage) -> bytes:
    k = 72.0 / page.dpi
    pw, ph = page.width * k, page.height * k
    ops = [f"q {pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q", "BT 3 Tr"]
    for text, (x, y, bw, bh) in page.lines:
        if not text:
            continue
        size = max(bh * k, 1.0)
        scale = 100.0 * (bw * k) / (len(text) * size)
        baseline = ph - (y + bh) * k + 0.12 * size
        ops.append(f"/F1 {size:.2f} Tf {scale:.2f} Tz 1 0 0 1 {x * k:.2f} {baseline:.2f} Tm "
                   f"<{_hex_cids(text)}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode()


def build_pdf(pages: Sequence[PdfPage], title: str = "") -> bytes:
    """The PDF bytes for ``pages`` (each image at its own dpi, text invisible, reading order kept)."""
    w = _Writer()
    catalog, tree = w.reserve(), w.reserve()
    font = _font(w)
    kids = []
    for page in pages:
        image = _image(w, page)
        content = w.stream("", _content(page))
        k = 72.0 / page.dpi
        kids.append(w.add((
            f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {page.width * k:.3f} {page.height * k:.3f}]"
            f" /Resources << /Font << /F1 {font} 0 R >> /XObject << /Im0 {image} 0 R >> >>"
            f" /Contents {content} 0 R >>").encode()))
    w.put(tree, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    info = ""
    if title:
        info = " /Lang (zh-CN)"
    w.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R{info} >>".encode())
    return w.serialise(catalog)


def write_pdf(path: Path, pages: Sequence[PdfPage], title: str = "") -> Path:
    """Write atomically (temp file, fsync, rename): a crash never leaves half a PDF."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(build_pdf(pages, title))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
