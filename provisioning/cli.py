"""``court-gateway ca …`` and ``court-gateway broker-config``: the court CA and the broker's
configuration, as court IT runs them (see docs/readme/provisioning.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

ca_app = typer.Typer(help="The court CA: init, issue, revoke, crl.", no_args_is_help=True)

CaDir = Annotated[Path, typer.Option("--dir", help="The CA directory (keep it offline where possible).")]


def _ca(ca_dir: Path):
    from provisioning.ca import CAError, CourtCA

    try:
        return CourtCA(ca_dir)
    except CAError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


@ca_app.command("init")
def ca_init(ca_dir: CaDir, name: Annotated[str, typer.Option(help="The CA's name.")] = "Court Kiosk CA",
            days: Annotated[int, typer.Option(help="Validity in days.")] = 3650) -> None:
    """Make a new CA (refuses to overwrite one)."""
    from provisioning.ca import CAError, CourtCA

    try:
        ca = CourtCA.init(ca_dir, name, days)
    except CAError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"CA {name!r} in {ca.dir}; give every party {ca.cert_file}")


@ca_app.command("issue")
def ca_issue(ca_dir: CaDir,
             cn: Annotated[str, typer.Option("--cn", help="The identity: kiosk id, gateway receiver id, or the broker's host name.")],
             out: Annotated[Path, typer.Option("--out", help="Directory for <cn>.crt, <cn>.key and ca.crt.")],
             kind: Annotated[str, typer.Option(help="kiosk | gateway | server (the broker)")] = "kiosk",
             dns: Annotated[Optional[list[str]], typer.Option("--dns", help="Server: a DNS name clients use.")] = None,
             ip: Annotated[Optional[list[str]], typer.Option("--ip", help="Server: an IP address clients use.")] = None,
             days: Annotated[int, typer.Option(help="Validity in days.")] = 397) -> None:
    """Issue a key pair and a certificate (CN = the MQTT identity)."""
    from provisioning.ca import CAError

    try:
        issued = _ca(ca_dir).issue(cn, out, kind=kind, days=days, dns=tuple(dns or ()), ips=tuple(ip or ()))
    except (CAError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"issued {kind} {cn} serial {issued.serial:x}: {issued.cert} {issued.key}")


@ca_app.command("revoke")
def ca_revoke(ca_dir: CaDir,
              cn: Annotated[Optional[str], typer.Option("--cn", help="Revoke every live certificate of this identity.")] = None,
              serial: Annotated[Optional[str], typer.Option(help="Revoke one certificate by serial (hex).")] = None) -> None:
    """Revoke and rewrite the CRL (then copy it to the broker and restart or reload it)."""
    from provisioning.ca import CAError

    ca = _ca(ca_dir)
    try:
        serials = ca.revoke(common_name=cn, serial=serial)
    except CAError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"revoked {', '.join(serials)}; CRL {ca.crl_file}")


@ca_app.command("crl")
def ca_crl(ca_dir: CaDir,
           out: Annotated[Optional[Path], typer.Option("--out", help="Write here (default: <dir>/crl.pem).")] = None,
           days: Annotated[int, typer.Option(help="Until the next update; publish again before it lapses.")] = 30) -> None:
    """Sign a fresh revocation list."""
    typer.echo(str(_ca(ca_dir).write_crl(days, out)))


def broker_config(
    ca_file: Annotated[Path, typer.Option(help="The court CA certificate.")],
    cert: Annotated[Path, typer.Option(help="The broker's certificate (ca issue --kind server).")],
    key: Annotated[Path, typer.Option(help="The broker's key (readable by the broker's user).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for mosquitto.conf and acl.")],
    data_dir: Annotated[Path, typer.Option(help="Persistence directory of the broker.")],
    crl: Annotated[Optional[Path], typer.Option(help="The CA's CRL (ca crl); strongly advised.")] = None,
    port: Annotated[int, typer.Option(help="TLS listener port.")] = 8883,
    bind: Annotated[str, typer.Option(help="Address to listen on.")] = "0.0.0.0",
    gateway: Annotated[Optional[list[str]], typer.Option("--gateway", help="A gateway identity (repeat).")] = None,
    enroller: Annotated[Optional[list[str]], typer.Option("--enroller", help="An enrolment service identity (repeat).")] = None,
    bootstrap: Annotated[str, typer.Option(help="CN of the bootstrap certificate ('' = no enrolment).")] = "kiosk-enrol",
    kiosks: Annotated[int, typer.Option(help="Kiosks expected (sizes the queues).")] = 100,
    window: Annotated[int, typer.Option(help="The kiosks' broker.window.")] = 64,
    user: Annotated[Optional[str], typer.Option(help="User the broker runs as.")] = None,
) -> None:
    """Write the broker's mosquitto.conf and ACL: mTLS only, per-kiosk ACL, persistence on."""
    from provisioning.broker_conf import BrokerPlan, write_broker_config

    for name, path in (("--ca-file", ca_file), ("--cert", cert), ("--key", key), ("--crl", crl)):
        if path is not None and not Path(path).is_file():
            typer.echo(f"{name} {path}: no such file", err=True)
            raise typer.Exit(2)
    plan = BrokerPlan(ca_file=ca_file.resolve(), cert_file=cert.resolve(), key_file=key.resolve(),
                      crl_file=crl.resolve() if crl else None, data_dir=data_dir.resolve(), port=port,
                      bind=bind, gateways=tuple(gateway or ("court-gw-1",)), kiosks=kiosks, window=window,
                      user=user, enrollers=tuple(enroller or ("court-enrol",)), bootstrap=bootstrap or None)
    try:
        conf, acl = write_broker_config(plan, out)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{conf}\n{acl}")


enrol_app = typer.Typer(help="Enrolment of kiosks by one-time code: code, serve.", no_args_is_help=True)


@enrol_app.command("code")
def enrol_code(ca_dir: CaDir,
               kiosk: Annotated[str, typer.Option("--kiosk", help="The kiosk id the code is for.")],
               hours: Annotated[float, typer.Option(help="Hours until the code expires.")] = 24) -> None:
    """Print a one-time enrolment code for one kiosk (single use; five wrong tries burn it)."""
    from provisioning.enrol import CodeBook

    _ca(ca_dir)  # a CA must be there
    typer.echo(CodeBook(ca_dir).new_code(kiosk, int(hours * 3600)))
