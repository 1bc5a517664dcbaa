"""Sample files a court might load into the scanner simulator: PDFs with a real text layer (written
by hand, Helvetica, so the test needs no PDF library to make them) and images."""

from __future__ import annotations

from pathlib import Path

A4_PT = (595, 842)


def write_pdf(path: Path, texts: list[str], size_pt: tuple[int, int] = A4_PT) -> Path:
    """A PDF with one page per text, the text drawn large in black (a text layer pdfium reads)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(texts))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(texts)).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in texts:
        stream = f"BT /F1 48 Tf 60 {size_pt[1] - 120} Td ({text}) Tj ET".encode()
        page_id = 4 + len(objects) - 3
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size_pt[0]} {size_pt[1]}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>".encode())
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
                       + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def write_image(path: Path, size: tuple[int, int] = (400, 566), dpi: int | None = None,
                mode: str = "L", ink: int = 0) -> Path:
    """An image with a dark block on white (RGBA: transparent outside the block)."""
    from PIL import Image, ImageDraw

    background = (0, 0, 0, 0) if mode == "RGBA" else 255 if mode == "L" else (255, 255, 255)
    image = Image.new(mode, size, background)
    fill = (ink, ink, ink, 255) if mode == "RGBA" else ink if mode == "L" else (ink, ink, ink)
    ImageDraw.Draw(image).rectangle([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=fill)
    kwargs = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(path, **kwargs)
    return path
