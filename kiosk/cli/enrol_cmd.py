"""``kiosk enrol``: get this kiosk's certificate and the court's keys with a one-time code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kiosk.cli.common import ConfigOption, load_or_exit


def enrol(code: Annotated[str, typer.Option(help="The one-time code court IT printed for this kiosk.")],
          kiosk_id: Annotated[str, typer.Option("--kiosk-id", help="This kiosk's id (the code is for it).")],
          host: Annotated[str, typer.Option(help="The court's broker.")],
          ca_file: Annotated[Path, typer.Option(help="The court CA certificate (from the install medium).")],
          cert: Annotated[Path, typer.Option(help="The bootstrap certificate.")],
          key: Annotated[Path, typer.Option(help="The bootstrap key.")],
          out: Annotated[Path, typer.Option("--out", help="The site file to write (e.g. /etc/kiosk/kiosk.toml).")],
          port: Annotated[int, typer.Option(help="The broker's TLS port.")] = 8883,
          timeout: Annotated[float, typer.Option(help="Seconds to wait for the court.")] = 30,
          config: ConfigOption = None) -> None:
    """Make this kiosk's TLS key and CSR, send them with the code, install the court's answer."""
    import logging
    import sys

    from config.settings import Broker
    from offline_queue.crypto import public_pem
    from offline_queue.service import kiosk_signing_key
    from provisioning.enrol import make_request
    from provisioning.enrol_link import EnrolFailed, install, request_enrolment

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    settings = load_or_exit(config)
    settings = settings.model_copy(update={"kiosk": settings.kiosk.model_copy(update={"kiosk_id": kiosk_id})})
    for name, path in (("--ca-file", ca_file), ("--cert", cert), ("--key", key)):
        if not path.is_file():
            typer.echo(f"{name} {path}: no such file", err=True)
            raise typer.Exit(2)
    bootstrap = Broker(host=host, port=port, tls=True, ca_file=ca_file, cert_file=cert, key_file=key,
                       session_expiry_s=0)
    request = make_request(kiosk_id, code, public_pem(kiosk_signing_key(settings)))
    try:
        answer = request_enrolment(bootstrap, request, code, timeout)
    except EnrolFailed as exc:
        typer.echo(f"enrolment failed: {exc}", err=True)
        raise typer.Exit(1) from None
    data = settings.storage.data_dir.resolve()
    install(answer, request, data / "tls", data / "keys" / "court.pub", out, data)
    typer.echo(f"enrolled {kiosk_id}: site file {out}, certificate {data / 'tls' / (kiosk_id + '.crt')}")
