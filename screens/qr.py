"""A QR code on screen (``qrcode`` makes the matrix; one luminance texture, scaled with nearest
filtering so every module stays a sharp square a phone reads from a metre away)."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules with the quiet zone (4 modules), error correction M."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


class QrImage(Widget):
    """``show(payload)`` draws it square in the middle of the widget; ``show("")`` hides it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.payload = ""
        with self.canvas:
            self._colour = Color(1, 1, 1, 0)
            self._rect = Rectangle(pos=self.pos, size=(0, 0))
        self.bind(pos=self._place, size=self._place)

    def show(self, payload: str) -> None:
        if payload == self.payload:
            return
        self.payload = payload
        if not payload:
            self._colour.a = 0
            return
        matrix = qr_matrix(payload)
        k = 4  # pixels per module: rows a multiple of 4 bytes whatever GL's unpack alignment
        n = len(matrix) * k
        rows = []
        for row in reversed(matrix):  # the texture's first row is the bottom one
            line = bytes(v for dark in row for v in (0 if dark else 255,) * k)
            rows += [line] * k
        texture = Texture.create(size=(n, n), colorfmt="luminance")
        texture.blit_buffer(b"".join(rows), colorfmt="luminance", bufferfmt="ubyte")
        texture.mag_filter = texture.min_filter = "nearest"
        self._rect.texture = texture
        self._colour.a = 1
        self._place()

    def _place(self, *_args) -> None:
        side = min(self.width, self.height)
        self._rect.size = (side, side)
        self._rect.pos = (self.x + (self.width - side) / 2, self.y + (self.height - side) / 2)
