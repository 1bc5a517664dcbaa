"""Which font faces SDL_ttf opened: Kivy's SDL2 text provider opens one FreeType face per distinct
(font size, font file, bold, ...) key and keeps up to 64 of them, ≈2.55 MB each for Noto Sans CJK
(heaptrack). ``install()`` records every key the provider asks for, so a bench can print how many
faces its journey cost; nothing changes in what is drawn.

    from bench import faces; faces.install(); ...; print(faces.summary())
"""

from __future__ import annotations

KEYS: set[str] = set()


def install() -> None:
    """Record the provider's face keys from now on (idempotent)."""
    from kivy.core.text.text_sdl2 import LabelSDL2

    if getattr(LabelSDL2, "_faces_recorded", False):
        return
    original = LabelSDL2._get_font_id

    def recorded(self):
        key = original(self)
        KEYS.add(key)
        return key

    LabelSDL2._get_font_id = recorded
    LabelSDL2._faces_recorded = True


def opened() -> list[tuple[float, str, bool]]:
    """(size, font file name, bold) of every key recorded, sorted."""
    out = set()
    for key in KEYS:
        size, font, bold, *_rest = key.split("|")
        out.add((float(size), font.rsplit("/", 1)[-1], bold == "True"))
    return sorted(out)


def summary() -> dict:
    """The count, the distinct pixel sizes SDL_ttf opened (it truncates to whole pixels) and the
    keys that share one pixel size (two faces where one would do)."""
    keys = opened()
    pixel_faces = {(int(size), font, bold) for size, font, bold in keys}
    return {"faces": len(keys), "pixel_faces": len(pixel_faces),
            "sizes": sorted({round(size, 2) for size, _f, _b in keys}),
            "capped_at_64": len(keys) > 64}
