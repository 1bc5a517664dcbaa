"""A QR code drawn as a texture (one texel per module, magnified without smoothing): the
court's download link for the litigant's phone. Made with ``qrcode``; nothing is written."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget

QUIET = 4
"""Modules of white border the standard asks for, so phones find the code."""


def qr_matrix(data: str) -> list[list[bool]]:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


class QrImage(Widget):
    """Shows ``data`` as a square QR code in the largest square that fits; empty data: nothing."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.data = ""
        self.texture = None
        with self.canvas:
            Color(1, 1, 1, 1)
            self._rect = Rectangle(pos=self.pos, size=(0, 0))
        self.bind(pos=self._layout, size=self._layout)

    def show(self, data: str) -> None:
        if data == self.data:
            return
        self.data = data
        self.texture = None
        if data:
            matrix = qr_matrix(data)
            n = len(matrix)
            pixels = bytes(0 if dark else 255 for row in reversed(matrix) for dark in row)
            texture = Texture.create(size=(n, n), colorfmt="luminance")
            texture.blit_buffer(pixels, colorfmt="luminance", bufferfmt="ubyte")
            texture.mag_filter = "nearest"
            texture.min_filter = "nearest"
            self.texture = texture
        self._rect.texture = self.texture
        self._layout()

    def _layout(self, *_args) -> None:
        side = min(self.width, self.height) if self.texture is not None else 0
        self._rect.size = (side, side)
        self._rect.pos = (self.x + (self.width - side) / 2, self.y + (self.height - side) / 2)
