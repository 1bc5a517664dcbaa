"""Input widgets: signature pad, pinyin keyboard with handwriting, keypads, page thumbnails.

Engines are injected as plain callables by whoever builds a widget (the composition root owns
librime and zinnia); the widgets import only pure validators and types from ``kiosk.inputs``.
Keys are sized from the room their board is given: ``KEY`` (110 px at the 1280×800 reference
panel, about 29 mm) when it allows, never below 15 mm a side (``keys.key_floor``).
"""

from screens.inputs.handwriting_pad import HandwritingPad
from screens.inputs.keyboard import PinyinKeyboard, text_input
from screens.inputs.keypad import Keypad
from screens.inputs.keys import KEY, CandidateBar, Key
from screens.inputs.signature_pad import SignaturePad, SignaturePanel
from screens.inputs.thumbnails import ThumbnailStrip

__all__ = ["KEY", "CandidateBar", "HandwritingPad", "Key", "Keypad", "PinyinKeyboard",
           "SignaturePad", "SignaturePanel", "ThumbnailStrip", "text_input"]
