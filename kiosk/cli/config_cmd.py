"""``kiosk config``: show the effective configuration, check a site file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kiosk.cli.common import ConfigOption, load_or_exit

app = typer.Typer(help="Show or check the kiosk configuration.", no_args_is_help=True)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return '""  # not set'
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _print_toml(data: dict, prefix: str = "") -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict) or k == "options"}
    tables = {k: v for k, v in data.items() if isinstance(v, dict) and k != "options"}
    if prefix and scalars:
        typer.echo(f"\n[{prefix}]")
    for key, value in scalars.items():
        typer.echo(f"{key} = {_toml_value(value)}")
    for key, value in tables.items():
        _print_toml(value, f"{prefix}.{key}" if prefix else key)


@app.command("show")
def show(
    config: ConfigOption = None,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of TOML."),
) -> None:
    """Print the effective configuration (defaults + site file + environment), secrets masked."""
    from config.loader import masked_dump

    data = masked_dump(load_or_exit(config))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_toml(data)


@app.command("check")
def check(file: Path = typer.Argument(..., help="The site config file to check.")) -> None:
    """Check a site config file; list every problem and exit non-zero if there is any."""
    from config.loader import check_file

    problems = check_file(file)
    if not problems:
        typer.echo(f"{file}: OK")
        return
    typer.echo(f"{file}: {len(problems)} problem(s)", err=True)
    for problem in problems:
        typer.echo(f"  - {problem.path}: {problem.message}", err=True)
    raise typer.Exit(1)
