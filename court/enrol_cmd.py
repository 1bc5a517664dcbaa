"""``court-gateway enrol serve``: the court's enrolment service (see provisioning/enrol.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from court.cli import ConfigOption, Ctx, _logging
from provisioning import cli as provisioning_cli


@provisioning_cli.enrol_app.command("serve")
def enrol_serve(ca_dir: Annotated[Path, typer.Option("--dir", help="The court CA directory.")],
                site: Annotated[Path, typer.Option(help="TOML of the settings every enrolled kiosk gets (broker host, port...).")],
                cert: Annotated[Path, typer.Option(help="This service's certificate (ca issue --kind gateway --cn court-enrol).")],
                key: Annotated[Path, typer.Option(help="Its key.")],
                config: ConfigOption = None) -> None:
    """Answer enrolment requests until stopped: sign the kiosk's CSR, trust its signing key."""
    import signal
    import threading
    import tomllib

    from config.security import transport_refusal
    from court.keys import trust_kiosk
    from offline_queue.crypto import public_pem
    from offline_queue.fsutil import atomic_write
    from provisioning.ca import CAError, CourtCA, certificate_cn
    from provisioning.enrol import CodeBook, EnrolService
    from provisioning.enrol_link import serve

    _logging()
    ctx = Ctx(config)
    broker = ctx.settings.broker.model_copy(update={"cert_file": cert, "key_file": key})
    refusal = transport_refusal(broker)
    if refusal:
        typer.echo(refusal, err=True)
        raise typer.Exit(2)
    try:
        ca = CourtCA(ca_dir)
        site_settings = tomllib.loads(site.read_text(encoding="utf-8"))
        identity = certificate_cn(cert)
    except (CAError, OSError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None

    def trust(kiosk_id: str, pem: bytes) -> None:
        staged = ctx.settings.kiosk_keys_path / f".{kiosk_id}.enrol.pem"
        staged.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(staged, pem)
        trust_kiosk(ctx.settings, kiosk_id, staged)
        staged.unlink(missing_ok=True)

    service = EnrolService(ca, CodeBook(ca_dir), public_pem(ctx.key), site_settings, trust)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    logging.getLogger("court").info("enrolment service %s running (CA %s)", identity, ca.dir)
    serve(broker, identity, service, stop)
