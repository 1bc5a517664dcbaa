"""``kiosk audit-screens``: the accessibility check of every screen (see kiosk.a11y.audit)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kiosk.cli.common import ConfigOption, load_or_exit


def audit_screens(
    config: ConfigOption = None,
    mode: Annotated[list[str] | None, typer.Option("--mode", help="normal, elderly, high_contrast (repeatable; default all).")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="zh, en (repeatable; default both).")] = None,
    panel: Annotated[list[str] | None, typer.Option("--panel", help="15.6in-1280x800, 21.5in-1920x1080 (repeatable; default both).")] = None,
    screen: Annotated[list[str] | None, typer.Option("--screen", help="Only these audit targets (repeatable).")] = None,
    shots: Annotated[Path | None, typer.Option("--shots", help="Save a PNG of every rendered screen here.")] = None,
    pin: Annotated[str, typer.Option("--pin", envvar="KIOSK_ADMIN_PIN", help="Admin PIN: audit the admin screen too.")] = "",
) -> None:
    """Render every screen in each mode × language × panel and check contrast, control
    boundaries, touch targets, text size, fit, voice prompt and translations.

    Prints a table (screen × check, worst figure) and exits 1 when any check fails.
    """
    from kiosk.cli.ui_cmd import _headless_home

    settings = load_or_exit(config)
    _headless_home()
    from kiosk.a11y import audit
    from kiosk.a11y.registry import audit_targets
    from screens.theme import PANELS

    for value, allowed, name in ((mode, audit.MODES, "--mode"), (lang, audit.LANGUAGES, "--lang"),
                                 (panel, tuple(PANELS), "--panel")):
        for v in value or ():
            if v not in allowed:
                raise typer.BadParameter(f"{v!r}; choose from {', '.join(allowed)}", param_hint=name)
    every = audit_targets(pin or None)
    targets = [t for t in every if not screen or t.name in screen]
    if not targets:
        raise typer.BadParameter(f"no such screen; have: {', '.join(t.name for t in every)}",
                                 param_hint="--screen")
    try:
        results = audit.run(settings, targets=targets, modes=mode or audit.MODES,
                            languages=lang or audit.LANGUAGES, panels=panel or None, shots=shots)
    except PermissionError as exc:
        typer.echo(f"{exc} (give it with --pin or KIOSK_ADMIN_PIN)", err=True)
        raise typer.Exit(2) from None
    typer.echo(audit.table(results))
    failures = audit.failure_lines(results)
    if failures:
        typer.echo("\nfailures:")
        typer.echo("\n".join(failures))
        raise typer.Exit(1)
    typer.echo(f"\nall {len(results)} renders pass")
