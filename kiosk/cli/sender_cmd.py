"""``kiosk sender run``: the uplink service (the app runs the same code in a thread)."""

from __future__ import annotations

import logging
import sys

import typer

from kiosk.cli.common import ConfigOption, load_or_exit, refuse_insecure_transport

app = typer.Typer(help="The uplink service that delivers packets to the court.", no_args_is_help=True)


@app.command("run")
def run(config: ConfigOption = None,
        until_empty: bool = typer.Option(False, "--until-empty", help="Exit once every packet is delivered."),
        verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    """Send sealed packets and receive documents until stopped (SIGTERM / Ctrl-C)."""
    import signal
    import threading

    from offline_queue.sender import Sender
    from offline_queue.service import CourtKeyMissing, court_public_key, open_outbox

    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_or_exit(config)
    refuse_insecure_transport(settings)
    try:
        court_key = court_public_key(settings)
    except CourtKeyMissing as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    from config.loader import site_file_from_env
    from kiosk.remote_config import ConfigApplier
    from offline_queue.service import kiosk_signing_key

    applier = ConfigApplier(settings, config or site_file_from_env(), court_key, kiosk_signing_key(settings))
    sender = Sender(settings, open_outbox(settings), court_key, config_applier=applier)
    sender.run(stop, until_empty=until_empty)
    if sender.restart_requested and not stop.is_set():  # a remote config changed its settings
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *sys.argv])
