"""``kiosk provision check``: this machine against the recipe in provisioning/, every deviation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kiosk.cli.common import ConfigOption, load_or_exit

app = typer.Typer(help="Check a kiosk machine against the provisioning recipe.", no_args_is_help=True)


@app.command("check")
def check(config: ConfigOption = None,
          root: Annotated[Path, typer.Option(help="The machine's file system root (for an image being built).")] = Path("/"),
          app_dir: Annotated[Path, typer.Option(help="Where the application is installed.")] = Path("/opt/court-kiosk"),
          user: Annotated[str, typer.Option(help="The kiosk's dedicated user.")] = "kiosk") -> None:
    """One line per check; exit 1 when anything deviates from the recipe."""
    from provisioning.check import check_machine

    findings = check_machine(load_or_exit(config), root=root, app_dir=app_dir, user=user)
    for finding in findings:
        typer.echo(finding.line())
    bad = [f for f in findings if not f.ok]
    typer.echo(f"{len(bad)} deviation(s) from the recipe" if bad else "the machine follows the recipe")
    if bad:
        raise typer.Exit(1)
