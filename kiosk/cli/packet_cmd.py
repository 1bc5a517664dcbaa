"""``kiosk packet``: build the sample filing, verify a packet directory, export this kiosk's key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kiosk.cli.common import ConfigOption, load_or_exit

app = typer.Typer(help="Build, verify and inspect signed filing packets.", no_args_is_help=True)


def _court_key_for_sample(settings):
    """The installed court key; in development, a local stand-in is created (with a warning)."""
    from offline_queue.crypto import ensure_private_key, public_pem
    from offline_queue.fsutil import atomic_write
    from offline_queue.service import court_public_key, court_public_key_path

    path = court_public_key_path(settings)
    if not Path(path).exists():
        dev = ensure_private_key(settings.storage.data_dir / "keys" / "dev-court.key", "p256")
        atomic_write(Path(path), public_pem(dev))
        typer.echo(f"warning: no court key installed; created a development court key ({path})", err=True)
    return court_public_key(settings)


@app.command("build")
def build(out: Annotated[Path, typer.Option("--out", help="Directory to create for the packet.")],
          sample: Annotated[bool, typer.Option("--sample", help="Build the realistic sample filing.")] = False,
          config: ConfigOption = None) -> None:
    """Seal a packet into OUT (only --sample for now: a civil complaint with two materials)."""
    from kiosk.packet_assembly import export_sample
    from offline_queue.fsutil import DiskFull

    if not sample:
        typer.echo("only --sample is supported here; the app seals real sessions", err=True)
        raise typer.Exit(2)
    settings = load_or_exit(config)
    try:
        path = export_sample(settings, out, _court_key_for_sample(settings))
    except (FileExistsError, DiskFull) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(str(path))


@app.command("send-sample")
def send_sample(config: ConfigOption = None) -> None:
    """Seal the sample filing into the outbox (a deployment check: `kiosk sender run` delivers it
    and `kiosk queue list` shows the court's receipt). Needs the court's key installed."""
    from kiosk.packet_assembly import sample_filing, seal_session
    from offline_queue.fsutil import DiskFull
    from offline_queue.service import CourtKeyMissing, open_outbox

    settings = load_or_exit(config)
    try:
        packet_id = seal_session(settings, sample_filing(material_bytes=4096), outbox=open_outbox(settings))
    except (CourtKeyMissing, DiskFull) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(packet_id)


@app.command("verify")
def verify(directory: Path,
           key: Annotated[Optional[Path], typer.Option(help="Signer's public key (default: this kiosk's).")] = None,
           document: Annotated[bool, typer.Option(help="A court document (signed by the court key).")] = False,
           config: ConfigOption = None) -> None:
    """Print OK, or every problem found (exit 1)."""
    from offline_queue.crypto import CryptoError, load_private_key, load_public_key
    from offline_queue.service import court_public_key_path
    from offline_queue.verify import verify_dir

    settings = load_or_exit(config)
    try:
        if key is not None:
            public = load_public_key(key)
        elif document:
            public = load_public_key(Path(court_public_key_path(settings)))
        else:
            public = load_private_key(settings.kiosk_key_file).public_key()
    except (CryptoError, OSError) as exc:
        typer.echo(f"no key to verify with: {exc}", err=True)
        raise typer.Exit(2) from None
    problems = verify_dir(directory, public, document=document)
    if not problems:
        typer.echo(f"{directory}: OK")
        return
    typer.echo(f"{directory}: {len(problems)} problem(s)")
    for problem in problems:
        typer.echo(f"  - {problem}")
    raise typer.Exit(1)


@app.command("export-key")
def export_key(config: ConfigOption = None,
               out: Annotated[Optional[Path], typer.Option(help="Write here instead of stdout.")] = None) -> None:
    """Print this kiosk's public signing key (PEM) for `court-gateway keys trust`."""
    from offline_queue.crypto import public_pem
    from offline_queue.service import kiosk_signing_key

    pem = public_pem(kiosk_signing_key(load_or_exit(config)))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pem)
    else:
        typer.echo(pem.decode(), nl=False)
