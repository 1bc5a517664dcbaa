"""Shared CLI plumbing: the --config option and loading settings with readable errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help="Site config file (default: /etc/kiosk/kiosk.toml or $KIOSK_CONFIG)."),
]


def load_or_exit(config: Path | None):
    """Settings from the layers, or every problem printed and exit code 2."""
    from config.loader import ConfigError, load_settings

    try:
        return load_settings(config)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def refuse_insecure_transport(settings) -> None:
    """Exit 2 with one line when the broker settings are not safe to use (config.security)."""
    from config.security import transport_refusal

    refusal = transport_refusal(settings.broker)
    if refusal:
        typer.echo(refusal, err=True)
        raise typer.Exit(2)
