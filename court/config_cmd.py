"""``court-gateway config push | status``: signed remote site config for one kiosk (``court.remote_config``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from court.cli import ConfigOption, Ctx, _when, app

config_app = typer.Typer(help="Signed remote site config for the kiosks: push, status.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("push")
def config_push(kiosk_id: str, file: Annotated[Path, typer.Argument(help="TOML overlay (the court-managed settings).")],
                config: ConfigOption = None) -> None:
    """Check FILE with the kiosks' settings schema, sign it as the kiosk's next version; the running
    gateway publishes it retained, and the kiosk applies it (or rejects or rolls it back) and reports."""
    from court.remote_config import PushRefused, push

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"{file}: cannot read ({exc})", err=True)
        raise typer.Exit(2) from None
    ctx = Ctx(config)
    try:
        row = push(ctx.settings, ctx.engine, ctx.key, kiosk_id, text)
    except PushRefused as exc:
        typer.echo(f"not pushed: {len(exc.problems)} problem(s)", err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"config version {row.version} for {kiosk_id} signed; the gateway publishes it")


@config_app.command("status")
def config_status(kiosk_id: Annotated[Optional[str], typer.Argument()] = None, config: ConfigOption = None,
                  as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Per kiosk: the version pushed, whether it went out, and what the kiosk reported."""
    from court.remote_config import status

    rows = status(Ctx(config).engine, kiosk_id)
    for r in rows:
        reasons = json.loads(r.reasons or "[]")
        if as_json:
            typer.echo(json.dumps({"kiosk_id": r.kiosk_id, "version": r.version, "published": r.published_at is not None,
                                   "result": r.result, "reasons": reasons, "result_at": r.result_at},
                                  ensure_ascii=False))
            continue
        typer.echo(f"{r.kiosk_id:20} v{r.version:<4} {'published' if r.published_at else 'not yet published':17} "
                   f"{r.result:11} {_when(r.result_at):19}")
        for reason in reasons:
            typer.echo(f"    {reason}")
    if not rows:
        typer.echo("no config pushed" + (f" to {kiosk_id}" if kiosk_id else ""))
