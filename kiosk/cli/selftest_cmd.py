"""``kiosk selftest``: check every configured device, print a table, exit 1 when one is down."""

from __future__ import annotations

import json

import typer

from kiosk.cli.common import ConfigOption, load_or_exit


def selftest(
    config: ConfigOption = None,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds each device may take."),
    record: bool = typer.Option(True, "--record/--no-record",
                                help="Write the result to data_dir/health.json for the fleet heartbeat."),
) -> None:
    """Check the ID card reader (and SAM), PC/SC readers, printers, scanners; exit 1 if one is down."""
    from kiosk.selftest import build_devices, record_health, run_selftest, shutdown_devices

    settings = load_or_exit(config)
    try:
        devices = build_devices(settings)
    except (ValueError, ImportError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        rows = run_selftest(devices, timeout=timeout)
    finally:
        shutdown_devices(devices)
    if record:
        record_health(settings, rows)
    if as_json:
        typer.echo(json.dumps([{"name": r.name, "label": r.label, "ok": r.ok, "detail": r.detail,
                                "message": r.message, "warning": r.warning} for r in rows],
                              ensure_ascii=False))
    else:
        typer.echo(f"{'device':<16} {'ok':<4} {'status':<24} detail")
        for r in rows:
            status = r.message + (f" ({r.warning})" if r.warning else "")
            typer.echo(f"{r.name:<16} {'OK' if r.ok else 'FAIL':<4} {status:<24} {r.detail}")
    if not all(r.ok for r in rows):
        raise typer.Exit(1)
