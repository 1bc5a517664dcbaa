"""``kiosk queue``: the outbox for court IT: status, list, show, retry, park."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Optional

import typer

from kiosk.cli.common import ConfigOption, load_or_exit

app = typer.Typer(help="Inspect and manage the queue of packets to the court.", no_args_is_help=True)


def _outbox(config):
    from offline_queue.service import open_outbox

    return open_outbox(load_or_exit(config))


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


@app.command("status")
def status(config: ConfigOption = None, as_json: bool = typer.Option(False, "--json")) -> None:
    """Queue depth, counts per state, oldest undelivered packet, disk alarms."""
    st = _outbox(config).status()
    if as_json:
        typer.echo(json.dumps(st.as_dict(), ensure_ascii=False))
        return
    counts = ", ".join(f"{k} {v}" for k, v in sorted(st.counts.items())) or "empty"
    typer.echo(f"depth {st.depth} ({counts}); {st.pending_bytes} bytes pending")
    typer.echo(f"oldest undelivered: {_when(st.oldest_undelivered_at)}")
    alarm = "HARD LIMIT: new filings refused" if st.hard_limit else "high-water alarm" if st.high_water else "ok"
    typer.echo(f"disk: {st.free_mb:.0f} MiB free ({alarm}); documents ready: {st.documents}")


@app.command("list")
def list_(config: ConfigOption = None,
          state: Annotated[Optional[str], typer.Option(help="Only this state.")] = None,
          limit: int = 50) -> None:
    """Packets, newest first."""
    for p in _outbox(config).list(state, limit):
        typer.echo(f"{p.packet_id}  #{p.kiosk_seq:<5} {p.state:17} {p.service:18} {p.total_bytes:>10} B  "
                   f"sealed {_when(p.sealed_at)}  tries {p.attempts}")


@app.command("show")
def show(packet_id: str, config: ConfigOption = None) -> None:
    """One packet: state, files with confirmed chunks, receipt."""
    outbox = _outbox(config)
    p = outbox.get(packet_id)
    if p is None:
        typer.echo(f"no packet {packet_id!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"packet {p.packet_id} #{p.kiosk_seq} {p.kind}/{p.service}: {p.state}")
    typer.echo(f"sealed {_when(p.sealed_at)}  delivered {_when(p.delivered_at)}  tries {p.attempts}  "
               f"digest {p.digest}")
    if p.parked_reason or p.last_error:
        typer.echo(f"note: {p.parked_reason or p.last_error}")
    from offline_queue.bitmap import Bitmap

    for f in outbox.files(p.packet_id):
        have = Bitmap(f.chunk_count, f.have).count() if f.have else 0
        typer.echo(f"  {f.idx:2} {f.path:28} {f.size:>9} B  court has {have}/{f.chunk_count} chunks")
    if p.receipt:
        typer.echo("receipt: " + json.dumps(json.loads(p.receipt)["receipt"], ensure_ascii=False))


@app.command("retry")
def retry(packet_id: str, config: ConfigOption = None) -> None:
    """Send a parked or rejected packet again (resuming from what the court confirmed)."""
    from offline_queue.outbox import QueueError

    try:
        p = _outbox(config).retry(packet_id)
    except QueueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{p.packet_id}: {p.state}")


@app.command("park")
def park(packet_id: str, reason: Annotated[str, typer.Option(help="Why, for the next operator.")] = "operator",
         config: ConfigOption = None) -> None:
    """Hold a packet back from sending (kept, never dropped) until `retry`."""
    from offline_queue.outbox import QueueError

    try:
        p = _outbox(config).park(packet_id, reason)
    except QueueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{p.packet_id}: parked ({reason})")
