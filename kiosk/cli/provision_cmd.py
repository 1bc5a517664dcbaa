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


@app.command("seal-at-rest-key")
def seal_at_rest_key(config: ConfigOption = None,
                     with_key: Annotated[str, typer.Option(
                         help="What binds the key: auto (TPM2 when present, and the host secret), host, tpm2, host+tpm2.")] = "auto",
                     units_dir: Annotated[Path, typer.Option(help="Where the systemd drop-ins go.")] = Path("/etc/systemd/system")) -> None:
    """As root, once: seal the at-rest key of court documents with systemd-creds (TPM2 / host
    secret), check it decrypts, remove the clear key, and have systemd pass it to the sender and
    the screen. Then: systemctl daemon-reload and restart both."""
    from provisioning.at_rest import SealError, seal_key

    try:
        cred = seal_key(load_or_exit(config), with_key=with_key, units_dir=units_dir)
    except (SealError, OSError) as exc:
        typer.echo(f"not sealed: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"sealed: {cred} (with-key {with_key}); drop-ins in {units_dir}; the clear key is removed")
    typer.echo("next: systemctl daemon-reload && systemctl restart kiosk-sender kiosk-ui")
