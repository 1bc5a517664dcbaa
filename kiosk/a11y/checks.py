"""The checks of one rendered screen, from its widget tree and its pixels.

Every check returns (worst figure, failures): text contrast (label colour against the pixels
behind it), control boundaries (inside edge against just outside it), touch target size, text
size, text that overflows or is cut off, the screen's voice prompt, untranslated strings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from kiosk.a11y.contrast import over, ratio

HAN = re.compile(r"[\u4e00-\u9fff]")
KEY_LIKE = re.compile(r"^[a-z_]+(\.[a-z_0-9]+)+$")  # a catalogue key shown instead of its text


@dataclass
class Finding:
    check: str
    worst: float | None = None
    failures: list[str] = field(default_factory=list)

    def note(self, value: float, ok: bool, what: str, lower_is_worse: bool = True) -> None:
        if self.worst is None or (value < self.worst if lower_is_worse else value > self.worst):
            self.worst = value
        if not ok:
            self.failures.append(what)


def visible_widgets(root):
    """Widgets drawn on screen now (inactive screens are not in the tree), with opacity > 0."""
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.opacity <= 0.01:
            continue
        yield widget
        stack.extend(widget.children)


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def describe(widget) -> str:
    text = getattr(widget, "text", "") or getattr(getattr(widget, "label", None), "text", "")
    return f"{type(widget).__name__}({text[:16]!r})"


class Pixels:
    """The rendered frame, indexed in Kivy window coordinates (origin bottom-left)."""

    def __init__(self, root):
        texture = root.export_as_image().texture
        w, h = texture.size
        # Texture rows come top row first; flip them so row 0 is the window's bottom edge.
        self.rgb = np.frombuffer(texture.pixels, dtype=np.uint8).reshape(h, w, 4)[::-1, :, :3]
        self.h, self.w = h, w

    def at(self, x: float, y: float):
        xi, yi = int(round(x)), int(round(y))
        if 0 <= xi < self.w and 0 <= yi < self.h:
            return tuple(int(c) / 255 for c in self.rgb[yi, xi])
        return None

    def region(self, x0, y0, x1, y1) -> np.ndarray:
        xs, xe = max(0, int(x0)), min(self.w, int(x1) + 1)
        ys, ye = max(0, int(y0)), min(self.h, int(y1) + 1)
        return self.rgb[ys:ye, xs:xe].reshape(-1, 3)


def text_rect(label) -> tuple[float, float, float, float]:
    """Where the label's texture is drawn (Kivy centres it in the label's box)."""
    x, y, w, h = window_rect(label)
    tw, th = label.texture_size
    return x + (w - tw) / 2, y + (h - th) / 2, tw, th


def labels(widgets):
    from kivy.uix.label import Label

    return [w for w in widgets if isinstance(w, Label) and w.text.strip()]


def inactive(widget) -> bool:
    """Inside a control that cannot be used now (``inert`` or disabled): WCAG 1.4.3 and 1.4.11
    exempt inactive components from contrast, so the contrast checks skip them."""
    while widget is not None and widget is not widget.parent:
        if getattr(widget, "inert", False) or getattr(widget, "disabled", False):
            return True
        widget = widget.parent
    return False


def in_scroller(widget) -> bool:
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return True
        parent = parent.parent
    return False


def scrolled_out(widget) -> bool:
    """Lies (partly) outside the visible part of the ScrollView holding it: not drawn there, so
    its pixels cannot be judged (its size still is)."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            x, y, w, h = window_rect(widget)
            sx, sy, sw, sh = window_rect(parent)
            return x < sx - 1 or y < sy - 1 or x + w > sx + sw + 1 or y + h > sy + sh + 1
        parent = parent.parent
    return False


def buttons(widgets):
    from kivy.uix.behaviors import ButtonBehavior

    return [w for w in widgets if isinstance(w, ButtonBehavior)]


def text_contrast(pixels: Pixels, widgets, minimum: float) -> Finding:
    finding = Finding("text contrast")
    for label in labels(widgets):
        if inactive(label) or scrolled_out(label):
            continue
        x, y, w, h = text_rect(label)
        area = pixels.region(x, y, x + w - 1, y + h - 1)
        if area.size == 0:
            continue
        # The background is the commonest colour in the text's box that is not the text colour.
        colour = label.color
        counts = Counter(map(tuple, area.astype(int).tolist()))
        text_rgb = tuple(round(c * 255) for c in colour[:3])
        candidates = [c for c, _n in counts.most_common(6)
                      if sum(abs(a - b) for a, b in zip(c, text_rgb)) > 24]
        if not candidates:
            continue
        background = tuple(v / 255 for v in candidates[0])
        value = ratio(over(colour, background), background)
        finding.note(value, value >= minimum, f"{describe(label)} {value:.2f}:1")
    return finding


def boundaries(pixels: Pixels, widgets, minimum: float = 3.0) -> Finding:
    """Each control's edge, at each side's middle: its own inner edge against just outside."""
    finding = Finding("control boundary")
    for button in buttons(widgets):
        if inactive(button) or scrolled_out(button):
            continue
        x, y, w, h = window_rect(button)
        sides = {"left": ((x, y + h / 2), (1, 0)), "right": ((x + w, y + h / 2), (-1, 0)),
                 "bottom": ((x + w / 2, y), (0, 1)), "top": ((x + w / 2, y + h), (0, -1))}
        side_values = []
        for (ex, ey), (dx, dy) in sides.values():
            outside = pixels.at(ex - dx * 4, ey - dy * 4)
            if outside is None:
                continue
            inside = [c for c in (pixels.at(ex + dx * d, ey + dy * d) for d in range(1, 8)) if c]
            if inside:
                side_values.append(max(ratio(c, outside) for c in inside))
        if not any(pixels.at(px, py) for px, py in ((x + w / 2, y + h / 2), (x + 1, y + 1))):
            finding.note(0.0, False, f"{describe(button)} off screen at {x:.0f},{y:.0f}")
            continue
        if side_values:
            value = min(side_values)
            finding.note(value, value >= minimum, f"{describe(button)} {value:.2f}:1")
    return finding


def targets(widgets, px_per_mm: float, minimum_mm: float) -> Finding:
    finding = Finding("touch target")
    for button in buttons(widgets):
        side = min(button.width, button.height) / px_per_mm
        finding.note(side, side >= minimum_mm - 0.05,
                     f"{describe(button)} {button.width / px_per_mm:.1f}×"
                     f"{button.height / px_per_mm:.1f} mm")
    return finding


def text_size(widgets, px_per_mm: float, minimum_mm: float) -> Finding:
    """The size each label is really drawn at: SDL_ttf opens faces at whole sizes, so Kivy draws
    ``int(font_size)`` pixels; a nominal 6.0 mm of 22.86 px is 5.8 mm on the glass."""
    finding = Finding("text size")
    for label in labels(widgets):
        size = int(label.font_size) / px_per_mm
        finding.note(size, size >= minimum_mm - 0.005, f"{describe(label)} {size:.2f} mm")
    return finding


def _unbounded_height(label) -> float:
    from kivy.core.text import Label as CoreLabel

    width = label.text_size[0] if label.text_size[0] else None
    core = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold,
                     font_name=label.font_name, text_size=(width, None), padding=label.padding,
                     halign=label.halign)
    core.refresh()
    return core.texture.size[1]


def fits(widgets, window_size, staff_only: bool = False) -> Finding:
    """Overflow (texture beyond the box or any ancestor), cut lines, shortened text (allowed on
    staff-only screens, where a long path may lose its middle), off-screen."""
    from kivy.uix.scrollview import ScrollView

    finding = Finding("text fits")
    worst_over = 0.0
    for label in labels(widgets):
        x, y, w, h = window_rect(label)
        tx, ty, tw, th = text_rect(label)
        problems = []
        if tw > w + 1 or th > h + 1:
            problems.append(f"texture {tw:.0f}×{th:.0f} in box {w:.0f}×{h:.0f}")
        if label.text_size[1] is not None and _unbounded_height(label) > th + 1:
            problems.append("lines cut off")
        if label.shorten and label._label is not None and not staff_only:
            full = label._label.get_extents(label.text)[0]
            if full > w + 1:
                problems.append("shortened with …")
        parent = label.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                break
            if hasattr(parent, "to_window") and parent.width > 0:
                px, py, pw, ph = window_rect(parent)
                if tx < px - 1 or ty < py - 1 or tx + tw > px + pw + 1 or ty + th > py + ph + 1:
                    problems.append(f"outside its {type(parent).__name__}")
                    break
            parent = parent.parent
        off = tx < -1 or ty < -1 or tx + tw > window_size[0] + 1 or ty + th > window_size[1] + 1
        if off and not in_scroller(label):  # scrolled content may lie beyond the window
            problems.append("off screen")
        worst_over = max(worst_over, max(tw - w, th - h, 0))
        if problems:
            finding.failures.append(f"{describe(label)}: {'; '.join(problems)}")
    finding.worst = float(len(finding.failures))
    return finding


def voice_prompt(screen, view, said=()) -> Finding:
    """Spoken on arrival (what the controller said while this screen showed), or the screen's
    own ``voice_prompt(view)`` (for the lead to speak on arrival and on 再听一遍)."""
    finding = Finding("voice prompt")
    prompt_fn = getattr(screen, "voice_prompt", None)
    prompt = prompt_fn(view) if callable(prompt_fn) else ""
    prompt = prompt or next((text for text in reversed(list(said)) if text.strip()), "")
    finding.note(float(len(prompt or "")), bool(prompt and prompt.strip()),
                 f"{type(screen).__name__} has no voice prompt")
    return finding


def _without_data(label) -> str:
    """The label's text less what it shows of the litigant's data, declared by the screen:
    ``a11y_data = True`` (all of it: a name, an address as typed) or the data strings in it (a
    court or signer name inside a translated sentence). Data stays as written in every language."""
    data = getattr(label, "a11y_data", False)
    if data is True:
        return ""
    text = label.text
    for value in data or ():
        if value:
            text = text.replace(value, "")
    return text


ACCESS_INTENTS = ("elderly", "language", "volume", "replay")
"""What every litigant screen offers (the ``AccessBar`` and 再听一遍)."""


def access_bar(widgets, exempt: bool = False, not_here=()) -> Finding:
    """适老模式, the language switch, volume and 再听一遍 reachable on the screen: the buttons
    carry ``a11y_intent``. Staff screens and modal dialogs are exempt."""
    finding = Finding("access bar")
    found = {getattr(w, "a11y_intent", None) for w in widgets}
    missing = [name for name in ACCESS_INTENTS if name not in found and name not in not_here]
    finding.worst = 0.0 if exempt else float(len(missing))
    if not exempt and missing:
        finding.failures.append(f"no {', '.join(missing)} button")
    return finding


def language(widgets, lang: str, data_values: set[str], extra_texts=()) -> Finding:
    """No catalogue key shown raw; in English no Chinese except data (court names, ...)."""
    finding = Finding("both languages")
    bad = 0
    shown = [_without_data(label) for label in labels(widgets)
             if not getattr(label, "a11y_icon", False)]
    for text in shown + list(extra_texts):
        stripped = text.strip()
        if KEY_LIKE.match(stripped):
            finding.failures.append(f"raw key {stripped!r}")
            bad += 1
        elif lang != "zh" and HAN.search(stripped) and stripped not in data_values:
            finding.failures.append(f"untranslated {stripped[:20]!r}")
            bad += 1
    finding.worst = float(bad)
    return finding
