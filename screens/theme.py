"""Colours and sizes, defined in millimetres on the panel, per display mode.

Why millimetres: a finger and an eye do not care about pixels. The site states the panel's size
(``ui.panel_diagonal_in`` or ``ui.panel_dpi``); ``activate`` turns the sizes below into pixels for
that panel and mode and rebinds this module's names (``theme.BODY``, ``theme.BLUE``, ...), so code
that reads them while building widgets gets the active figures. Build screens after ``activate``.

Text size is the em height (Kivy's ``font_size``) in mm: for CJK ideographs the character cell,
whose ink is about 0.9 of it; for Latin text the cap height is 0.73 of it (Noto Sans CJK metrics).
Litigant text is at least 6 mm (8.4 mm in elderly mode); touch targets at least 15 mm a side.
"""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, field

MM_PER_INCH = 25.4
MM_PER_POINT = MM_PER_INCH / 72
MIN_TEXT_MM = 6.0
"""Smallest litigant text (em height) in normal and high-contrast modes."""
MIN_TEXT_ELDERLY_MM = 8.0
"""Smallest text in elderly mode."""
MIN_TARGET_MM = 15.0
"""Smallest touch target, both sides."""
LINE_EM = 1.45
"""Height of one line of Noto Sans CJK per em (ascent 1.16 + descent 0.29): size text boxes with
it (``lines * size * LINE_EM``); WenQuanYi's was about 1.2."""


WHOLE_PX_EPS = 1e-6


def whole_px_up(px: float) -> float:
    """``px`` rounded up to a whole pixel (a float a hair above a whole number stays on it)."""
    return float(math.ceil(px - WHOLE_PX_EPS))


def rgb(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


@dataclass(frozen=True)
class PanelSize:
    """The physical panel: its resolution and either its diagonal or its DPI."""

    width_px: int = 1280
    height_px: int = 800
    diagonal_in: float = 15.6
    dpi: float | None = None

    @property
    def px_per_mm(self) -> float:
        dpi = self.dpi or math.hypot(self.width_px, self.height_px) / self.diagonal_in
        return dpi / MM_PER_INCH

    @classmethod
    def from_ui(cls, ui, width_px: int | None = None, height_px: int | None = None) -> PanelSize:
        return cls(width_px or ui.width, height_px or ui.height, ui.panel_diagonal_in,
                   ui.panel_dpi)


REFERENCE_PANEL = PanelSize()
"""The reference 15.6-inch 1280×800 panel the layouts were drawn on (3.81 px/mm)."""
PANELS = {"15.6in-1280x800": REFERENCE_PANEL, "21.5in-1920x1080": PanelSize(1920, 1080, 21.5)}


@dataclass(frozen=True)
class Mode:
    """How the screens look and sound for this session."""

    name: str = "normal"
    type_scale: float = 1.0
    high_contrast: bool = False
    speech_rate_wpm: int = 150
    idle_factor: float = 1.0
    """Multiplies ui.idle_timeout_s and ui.idle_warning_s."""

    @property
    def min_text_mm(self) -> float:
        return MIN_TEXT_ELDERLY_MM if self.type_scale > 1 else MIN_TEXT_MM

    @property
    def min_text_contrast(self) -> float:
        return 7.0 if self.high_contrast else 4.5


MODES = {
    "normal": Mode(),
    "elderly": Mode("elderly", type_scale=1.4, speech_rate_wpm=120, idle_factor=2.0),
    "high_contrast": Mode("high_contrast", high_contrast=True),
    "elderly_high_contrast": Mode("elderly_high_contrast", type_scale=1.4, high_contrast=True,
                                  speech_rate_wpm=120, idle_factor=2.0),
}

# Every control (button, tile) has a boundary of at least 3:1 against what surrounds it: blue
# fills do on their own, light ones (grey buttons, white tiles) carry a BORDER line.
NORMAL_COLOURS = {
    "COURT_BLUE": "#0E3A78", "COURT_BLUE_DARK": "#0A2B5C", "BLUE": "#1C5DB5",
    "BLUE_PRESSED": "#13468C", "BLUE_PALE": "#E6EEF9", "PAGE": "#F2F5FA", "CARD": "#FFFFFF",
    "CARD_PRESSED": "#D6E3F5", "TEXT": "#1A1F29", "TEXT_MUTED": "#4A5566", "WHITE": "#FFFFFF",
    "GOLD": "#E8B64C", "NEUTRAL": "#E3E7EE", "NEUTRAL_PRESSED": "#C9D0DB", "DANGER": "#B3261E",
    "DANGER_PALE": "#FBE9E7", "OK_GREEN": "#1E7B34", "BORDER": "#66758A",
    "BORDER_ON_DARK": "#C3D3EC", "CARD_EDGE": "#D5DCE6",
}
HIGH_CONTRAST_COLOURS = {
    **NORMAL_COLOURS,
    "COURT_BLUE": "#0A2B5C", "COURT_BLUE_DARK": "#000000", "BLUE": "#0A2B5C",
    "BLUE_PRESSED": "#000000", "BLUE_PALE": "#FFFFFF", "PAGE": "#FFFFFF", "CARD": "#FFFFFF",
    "CARD_PRESSED": "#D6E3F5", "TEXT": "#000000", "TEXT_MUTED": "#1A1F29", "NEUTRAL": "#FFFFFF",
    "NEUTRAL_PRESSED": "#D6E3F5", "DANGER": "#8A1C16", "OK_GREEN": "#0F4F20", "BORDER": "#000000",
    "BORDER_ON_DARK": "#FFFFFF", "CARD_EDGE": "#000000",
}

# Type (em height, mm) at type_scale 1; the reference-panel pixels they replace in comments.
TYPE_MM = {
    "HUGE": 16.8,     # 64 px
    "TITLE": 12.6,    # 48 px
    "HEADING": 10.0,  # 38 px
    "BODY": 7.9,      # 30 px
    "SMALL": 6.4,     # 24 px
    "FINE": 6.0,      # was 20 px (5.3 mm): raised to the 6 mm floor
}
LADDER_MM = (6.0, 6.4, 7.1, 7.9, 8.9, 10.0, 11.2, 12.6, 14.5, 16.8)
"""The only sizes text is drawn at (em, mm at type scale 1; times the mode's scale): the named
sizes above and one step between each pair from BODY up; nothing above HUGE (the attract
screen's court name, asked a little larger, is drawn at HUGE). Why: SDL_ttf opens one FreeType
face per distinct font size and keeps it (≈2.5 MB each for Noto Sans CJK, measured); fitted
labels shrinking a pixel at a time opened about forty. ``font_px`` snaps every size down to
this ladder."""
LADDER_EPS = 1e-6

# Fixed lengths (mm); heights that hold text grow with the type scale.
LENGTH_MM = {"RADIUS": 4.7, "BORDER_W": 0.8}
TEXT_BOX_MM = {"HEADER_H": 25.2, "BUTTON_H": 28.9}


@dataclass(frozen=True)
class Theme:
    panel: PanelSize = REFERENCE_PANEL
    mode: Mode = field(default_factory=Mode)

    @property
    def px_per_mm(self) -> float:
        return self.panel.px_per_mm

    def mm(self, value: float) -> float:
        """Pixels for ``value`` millimetres on this panel."""
        return value * self.px_per_mm

    def pt(self, value: float) -> float:
        """Pixels for ``value`` typographic points (1 pt = 0.353 mm) on this panel."""
        return self.mm(value * MM_PER_POINT)

    def ref(self, reference_px: float) -> float:
        """A layout length drawn in reference-panel pixels, as pixels on this panel."""
        return self.mm(reference_px / REFERENCE_PANEL.px_per_mm)

    def tx(self, reference_px: float) -> float:
        """Like ``ref`` for a box that holds text: it grows with the mode's type scale."""
        return self.ref(reference_px) * self.mode.type_scale

    def bx(self, reference_px: float) -> float:
        """A bar or button length (reference px): grows half as much as the type (1.2× at 1.4×),
        as ``HEADER_H`` and ``BUTTON_H`` do."""
        return self.ref(reference_px) * (1 + (self.mode.type_scale - 1) / 2)

    def type_px(self, name: str) -> float:
        return self.text_px(TYPE_MM[name])

    def text_px(self, value_mm: float) -> float:
        """A type size of ``value_mm`` (at type scale 1) in whole pixels for this panel and mode.
        Why whole: SDL_ttf opens a face at an integer size, so Kivy draws ``int(font_size)``:
        6.0 mm on the reference panel (22.86 px) was drawn at 22 px, 5.8 mm. Normal sizes go to
        the nearest pixel (what was drawn before, within half a pixel) but never under the floor
        (``MIN_TEXT_MM``, rounded up); the scaled sizes are the scale times what normal mode
        draws, rounded up, so elderly type is at least 1.4× what a normal screen really shows."""
        normal = float(math.floor(self.mm(value_mm) + 0.5))
        if value_mm >= MIN_TEXT_MM - WHOLE_PX_EPS:
            normal = max(normal, whole_px_up(self.mm(MIN_TEXT_MM)))
        return whole_px_up(normal * self.mode.type_scale)

    @functools.cached_property
    def ladder(self) -> tuple[float, ...]:
        """``LADDER_MM`` in pixels for this panel and mode, smallest first (the named sizes
        among them, to the bit: computed the same way as ``type_px``)."""
        return tuple(self.text_px(value) for value in LADDER_MM)

    def font_px(self, size: float) -> float:
        """The largest ladder size not above ``size``. A size below the ladder's foot (smaller
        than FINE: staff-only detail) stays as it is: snapping it further down could take it
        under a legibility floor, and up could make it overflow."""
        rungs = self.ladder
        at = bisect.bisect_right(rungs, size + LADDER_EPS)
        return size if at == 0 else rungs[at - 1]

    def colours(self) -> dict[str, tuple[float, float, float, float]]:
        table = HIGH_CONTRAST_COLOURS if self.mode.high_contrast else NORMAL_COLOURS
        colours = {name: rgb(value) for name, value in table.items()}
        colours["WHITE_SOFT"] = rgb("#FFFFFF", 1.0 if self.mode.high_contrast else 0.85)
        colours["SCRIM"] = (0.0, 0.05, 0.12, 0.85 if self.mode.high_contrast else 0.72)
        return colours

    def names(self) -> dict[str, object]:
        """Every module-level name this theme defines."""
        values: dict[str, object] = dict(self.colours())
        values.update({name: self.type_px(name) for name in TYPE_MM})
        values.update({name: self.mm(mm) for name, mm in LENGTH_MM.items()})
        # Bars and buttons grow half as much as their text: a 1.4x label fits a 1.2x button.
        box_scale = 1 + (self.mode.type_scale - 1) / 2
        values.update({name: self.mm(mm) * box_scale for name, mm in TEXT_BOX_MM.items()})
        return values


ACTIVE = Theme()
_NAMES = ACTIVE.names()


def activate(panel: PanelSize = REFERENCE_PANEL, mode: Mode | str = "normal") -> Theme:
    """Make ``panel`` and ``mode`` the active theme: ``theme.BODY`` etc. follow it from now on."""
    global ACTIVE, _NAMES
    if isinstance(mode, str):
        if mode not in MODES:
            raise ValueError(f"unknown display mode {mode!r}; choose one of: {', '.join(MODES)}")
        mode = MODES[mode]
    ACTIVE = Theme(panel, mode)
    _NAMES = ACTIVE.names()
    return ACTIVE


def __getattr__(name: str):
    """COURT_BLUE, BODY, HEADER_H, ...: the active theme's figure (pixels, RGBA)."""
    try:
        return _NAMES[name]
    except KeyError:
        raise AttributeError(f"module 'screens.theme' has no attribute {name!r}") from None


def mm(value: float) -> float:
    return ACTIVE.mm(value)


def pt(value: float) -> float:
    return ACTIVE.pt(value)


def ref(reference_px: float) -> float:
    return ACTIVE.ref(reference_px)


def tx(reference_px: float) -> float:
    return ACTIVE.tx(reference_px)


def bx(reference_px: float) -> float:
    return ACTIVE.bx(reference_px)


def lines_h(size: float, lines: int = 1) -> float:
    """The height ``lines`` lines of text at ``size`` are drawn in (Noto CJK: ceil(size × 1.45)
    pixels a line, measured), for a box that must hold them exactly."""
    return lines * math.ceil(size * LINE_EM)


def font_px(size: float) -> float:
    """``size`` snapped down to the active theme's font-size ladder (see ``LADDER_MM``)."""
    return ACTIVE.font_px(size)
