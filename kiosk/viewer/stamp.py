"""The signature stamped onto the transcript (norms §15(2), §17): the court's PDF kept as it is,
with one image added — the signature drawn on the pad and a line naming the signer, the time and
the transcript's hash — at the foot of the last page when that is blank there, else on a page of
its own appended. The original pages' content is untouched, so the court can check every page
against the transcript it sent."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from kiosk.viewer.watermark import _font

STAMP_W, STAMP_H = 1200, 360
"""Pixels of the stamp image (placed at 60% of the page width, about 300 dpi)."""
BLANK = 245
"""The foot of a page is blank when no pixel there is darker than this."""


class StampError(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


def stamp_image(signature_png: bytes, caption: str, font_path: str) -> Image.Image:
    try:
        signature = Image.open(io.BytesIO(signature_png)).convert("RGBA")
    except Exception as exc:  # not an image at all
        raise StampError("transcript.bad_signature", str(exc)) from exc
    if signature.getbbox() is None or signature.getchannel("A").getbbox() is None:
        raise StampError("transcript.empty_signature", "the signature image is empty")
    out = Image.new("RGB", (STAMP_W, STAMP_H), "white")
    draw = ImageDraw.Draw(out)
    draw.rectangle((2, 2, STAMP_W - 3, STAMP_H - 3), outline=(40, 70, 140), width=4)
    box_h = STAMP_H - 90
    signature.thumbnail((STAMP_W - 40, box_h - 20))
    out.paste(signature, (20, 10 + (box_h - signature.height) // 2), signature)
    font = _font(str(font_path), 26)
    draw.line((20, box_h, STAMP_W - 20, box_h), fill=(40, 70, 140), width=2)
    lines = [caption]
    if draw.textlength(caption, font=font) > STAMP_W - 40 and "\u3000" in caption:
        lines = list(caption.rpartition("\u3000")[::2])  # the digest on a line of its own
    draw.multiline_text((20, box_h + 10), "\n".join(lines), fill=(20, 20, 20), font=font, spacing=6)
    return out


def _foot_blank(page, share: float) -> bool:
    bitmap = page.render(scale=0.5, grayscale=True).to_pil().convert("L")
    foot = bitmap.crop((0, int(bitmap.height * (1 - share)), bitmap.width, bitmap.height))
    return foot.getextrema()[0] >= BLANK


def stamp_pdf(pdf_bytes: bytes, signature_png: bytes, caption: str, font_path: str) -> tuple[bytes, int]:
    """(the stamped PDF, its page count); ``StampError`` for a PDF that does not open or an
    empty signature (nothing is written)."""
    import pypdfium2 as pdfium

    image = stamp_image(signature_png, caption, font_path)
    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except Exception as exc:
        raise StampError("transcript.broken_pdf", str(exc)) from exc
    try:
        if len(pdf) < 1:
            raise StampError("transcript.broken_pdf", "no page")
        last = pdf[len(pdf) - 1]
        width, height = last.get_size()
        stamp_w = width * 0.6
        stamp_h = stamp_w * STAMP_H / STAMP_W
        share = (stamp_h + 40) / height
        if not _foot_blank(last, share):
            last = pdf.new_page(width, height)
        obj = pdfium.PdfImage.new(pdf)
        obj.set_bitmap(pdfium.PdfBitmap.from_pil(image))
        obj.set_matrix(pdfium.PdfMatrix().scale(stamp_w, stamp_h).translate(width - stamp_w - 36, 28))
        last.insert_obj(obj)
        last.gen_content()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), len(pdf)
    finally:
        pdf.close()
