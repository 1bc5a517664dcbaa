"""``kiosk audit-screens``: render every audit target in every mode × language × panel and check
it (kiosk.a11y.checks); a table of the worst figure per screen and check, failures listed.

Thresholds: text ≥ 4.5:1 (≥ 7:1 in high contrast), control boundaries ≥ 3:1, targets ≥ 15 mm
a side, text ≥ 6 mm em height (≥ 8 mm in elderly mode), nothing overflowing or cut off, a voice
prompt on every screen, no untranslated text.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.a11y import checks
from kiosk.a11y.registry import Target, audit_targets

MODES = ("normal", "elderly", "high_contrast")
LANGUAGES = ("zh", "en")
LONG_COURT = "新疆生产建设兵团第八师中级人民法院"
CHECKS = ("text contrast", "control boundary", "touch target", "text size", "text fits",
          "voice prompt", "both languages", "access bar")


@dataclass
class Result:
    target: str
    mode: str
    lang: str
    panel: str
    findings: dict[str, checks.Finding] = field(default_factory=dict)
    shot: Path | None = None
    checked: str = ""
    """The class of what was judged: the current screen, or the modal overlay over it."""

    @property
    def failures(self) -> list[str]:
        return [f"{name}: {what}" for name, f in self.findings.items() for what in f.failures]


def settings_for(base, mode: str, panel_name: str, court_name: str, data_dir: Path):
    from screens.theme import PANELS

    panel = PANELS[panel_name]
    ui = base.ui.model_copy(update={"mode": mode, "width": panel.width_px,
                                    "height": panel.height_px, "fullscreen": False,
                                    "panel_diagonal_in": panel.diagonal_in, "panel_dpi": None,
                                    "voice": True})  # spoken into a recorder, never a speaker
    return base.model_copy(update={
        "ui": ui, "storage": base.storage.model_copy(update={"data_dir": data_dir}),
        "kiosk": base.kiosk.model_copy(update={"court_name": court_name})})


def audit_one(base, target: Target, mode: str, lang: str, panel: str, shots: Path | None,
              court_name: str = LONG_COURT) -> Result:
    from kiosk import texts
    from kiosk.headless import Headless, sample_services
    from screens import theme

    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-audit-") as tmp:
            settings = settings_for(base, mode, panel, court_name, Path(tmp) / "data")
            services = sample_services()
            spoken: list[tuple[str, str]] = []
            kiosk = None

            def record(text: str) -> None:  # runs in a controller worker
                spoken.append((kiosk.controller.view.screen if kiosk else "", text))

            services.speak = record
            kiosk = Headless(settings, services)
            try:
                if lang != "zh":  # the litigant's switch (on the attract screen: kept all session)
                    from kiosk.flows.intents import LanguageChosen

                    kiosk.controller.send(LanguageChosen(lang))
                    kiosk.settle()
                target.reach(kiosk)
                kiosk.settle()
                kiosk.pump(4)
                said = [text for screen, text in spoken if screen == kiosk.screen]
                return _check(kiosk, target, mode, lang, panel, shots, settings, theme.ACTIVE,
                              said)
            finally:
                kiosk.close()
    finally:
        texts.set_language("zh")


def _check(kiosk, target, mode, lang, panel, shots, settings, active, said=()) -> Result:
    result = Result(target.name, mode, lang, panel)
    root = kiosk.root
    pixels = checks.Pixels(root)
    ppm, m = active.px_per_mm, active.mode
    view = root.view
    # A modal overlay (the idle warning, the court's news) is what the litigant sees and can
    # touch; the screen under its scrim is not. The topmost one shown is judged.
    from screens.overlay import ModalOverlay

    overlay = next((w for w in root.children if isinstance(w, ModalOverlay)), None)
    screen = overlay if overlay is not None else root.manager.current_screen
    result.checked = type(screen).__name__
    widgets = list(checks.visible_widgets(screen if screen is overlay else root))
    staff_only = getattr(screen, "a11y_staff_only", False)  # court IT: Chinese is enough
    data = {settings.kiosk.court_name, settings.kiosk.location, settings.kiosk.kiosk_id}
    data |= {v for _k, v in getattr(view.admin, "config", ())}
    for finding in (
        checks.text_contrast(pixels, widgets, m.min_text_contrast),
        checks.boundaries(pixels, widgets),
        checks.targets(widgets, ppm, 15.0),
        checks.text_size(widgets, ppm, m.min_text_mm),
        checks.fits(widgets, kiosk.window.size, staff_only),
        checks.voice_prompt(screen, view, said),
        checks.language(widgets, "zh" if staff_only else lang, data),
        checks.access_bar(widgets, staff_only or screen is overlay
                          or getattr(screen, "a11y_staff_entry", False),
                          getattr(screen, "a11y_access_exempt", ())),
    ):
        result.findings[finding.check] = finding
    reached = checks.Finding("screen reached")
    wanted = target.name if target.name in getattr(root.screens, "keys", lambda: ())() or \
        target.name.startswith("step.") else None
    if wanted is not None:  # an audit of a screen that never showed must not pass
        reached.note(1.0 if kiosk.screen == wanted else 0.0, kiosk.screen == wanted,
                     f"expected {wanted}, showing {kiosk.screen}")
        if reached.failures:
            result.findings["text fits"].failures.extend(reached.failures)
    if target.overlay is not None:  # the overlay itself, not the screen it covers, must show
        wanted_overlay = getattr(root, target.overlay, None)
        if wanted_overlay is None or screen is not wanted_overlay:
            result.findings["text fits"].failures.append(
                f"expected the {target.overlay} on screen, showing {result.checked}")
    if shots is not None:
        result.shot = kiosk.save(Path(shots) / f"{target.name}-{mode}-{lang}-{panel}.png")
    return result


def run(base, *, targets: Iterable[Target] | None = None, modes=MODES, languages=LANGUAGES,
        panels: Iterable[str] | None = None, shots: Path | None = None,
        progress: Callable[[str], None] = lambda _s: None) -> list[Result]:
    from screens.theme import PANELS

    results = []
    for target in targets if targets is not None else audit_targets():
        for panel in panels or PANELS:
            for mode in modes:
                for lang in languages:
                    result = audit_one(base, target, mode, lang, panel, shots)
                    progress(f"{target.name} {mode} {lang} {panel}: "
                             f"{'FAIL' if result.failures else 'ok'}")
                    results.append(result)
    return results


def _figure(check: str, values: list[tuple[float | None, bool]]) -> str:
    numbers = [v for v, _hc in values if v is not None]
    if not numbers:
        return "—"
    if check in ("text contrast", "control boundary"):
        return f"{min(numbers):.1f}:1"
    if check in ("touch target", "text size"):
        return f"{min(numbers):.1f} mm"
    if check == "voice prompt":
        return "yes" if min(numbers) > 0 else "none"
    if check == "access bar":
        return "yes" if max(numbers) == 0 else f"{int(max(numbers))} missing"
    return f"{int(max(numbers))} bad"


def table(results: list[Result]) -> str:
    """Markdown: one row per screen, the worst figure per check over every mode/language/panel
    (contrast and text size split: normal modes | high contrast, normal | elderly)."""
    names = list(dict.fromkeys(r.target for r in results))
    head = "| screen | " + " | ".join(CHECKS) + " | result |"
    lines = [head, "|" + "---|" * (len(CHECKS) + 2)]
    for name in names:
        rows = [r for r in results if r.target == name]
        cells = []
        for check in CHECKS:
            failed = any(r.findings[check].failures for r in rows)
            if check == "text contrast":
                plain = _figure(check, [(r.findings[check].worst, 0) for r in rows
                                        if r.mode != "high_contrast"])
                hc = _figure(check, [(r.findings[check].worst, 1) for r in rows
                                     if r.mode == "high_contrast"])
                cell = f"{plain} / hc {hc}"
            elif check == "text size":
                plain = _figure(check, [(r.findings[check].worst, 0) for r in rows
                                        if r.mode != "elderly"])
                old = _figure(check, [(r.findings[check].worst, 0) for r in rows
                                      if r.mode == "elderly"])
                cell = f"{plain} / elderly {old}"
            else:
                cell = _figure(check, [(r.findings[check].worst, 0) for r in rows])
            cells.append(("**FAIL** " if failed else "") + cell)
        verdict = "FAIL" if any(r.failures for r in rows) else "pass"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    return "\n".join(lines)


def failure_lines(results: list[Result], limit: int = 60) -> list[str]:
    out = []
    for r in results:
        for failure in r.failures:
            out.append(f"{r.target} [{r.mode}, {r.lang}, {r.panel}] {failure}")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])
