"""What a display mode changes beyond the screens: idle timeouts and the speech rate.

The shell applies ``effective_ui`` when a litigant switches to 适老模式 (for the rest of the
session only) and the voice port takes ``speech_rate``.
"""

from __future__ import annotations

from screens.theme import MODES


def effective_ui(ui, mode: str):
    """``ui`` with the mode's idle timeouts (elderly: twice as long) and speech rate."""
    m = MODES[mode]
    rate = ui.voice_rate_wpm if m.type_scale <= 1 else min(ui.voice_rate_wpm, m.speech_rate_wpm)
    return ui.model_copy(update={
        "mode": mode,
        "idle_timeout_s": min(3600, round(ui.idle_timeout_s * m.idle_factor)),
        "idle_warning_s": min(300, round(ui.idle_warning_s * m.idle_factor)),
        "voice_rate_wpm": rate,
    })


FOREIGN_CARDS = {"foreign_permanent_2017", "foreign_permanent_2023"}


def language_for_card(card_type: str) -> str | None:
    """The language a card asks for when it is read: English for a foreign permanent residence
    card (its holder may not read Chinese), else None (keep the current language)."""
    return "en" if card_type in FOREIGN_CARDS else None
