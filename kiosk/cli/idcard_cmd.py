"""``kiosk idcard``: read the card on a reader, or run the reader simulator on a pty."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="Read second-generation ID cards; simulate a reader.", no_args_is_help=True)

# Exit codes: 0 card read, 3 no card, 4 reader missing or silent, 5 reader fault / bad answer.
EXIT_NO_CARD, EXIT_UNAVAILABLE, EXIT_FAULT = 3, 4, 5


def _exit_code(error) -> int:
    from drivers.errors import DeviceTimeout, DeviceUnavailable, NoMedium

    if isinstance(error, NoMedium):
        return EXIT_NO_CARD
    if isinstance(error, (DeviceUnavailable, DeviceTimeout)):
        return EXIT_UNAVAILABLE
    return EXIT_FAULT


def _print_card(data: dict) -> None:
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value is not None:
            typer.echo(f"{key:<{width}}  {value}")


@app.command("read")
def read(
    port: str = typer.Option(..., "--port", "-p", help="Serial port or pyserial URL (/dev/ttyUSB0, spy://..., a pty)."),
    timeout: float = typer.Option(10.0, "--timeout", "-t", min=0.1, help="Seconds to wait for a card."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object."),
    photo: Optional[Path] = typer.Option(None, "--photo", help="Also save the raw WLT photo to this file."),
) -> None:
    """Read the card on the reader at PORT and print it."""
    from drivers.errors import DeviceError
    from drivers.idcard.reader import SerialIdCardReader
    from kiosk.messages import litigant_message

    reader = SerialIdCardReader(port)
    try:
        card = reader.read_card(timeout)
    except DeviceError as exc:
        typer.echo(f"error: {exc} [{exc.code}] — {litigant_message(exc)}", err=True)
        raise typer.Exit(_exit_code(exc)) from None
    finally:
        reader.close()
    if photo is not None:
        photo.write_bytes(card.photo_wlt)
    data = card.to_json()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_card(data)


@app.command("simulate")
def simulate(
    card: str = typer.Option("resident", "--card", help="Sample card on the reader, or 'none'."),
    fault: list[str] = typer.Option([], "--fault", help="Fault to inject (repeatable): stray_bytes, "
                                    "split_writes, bad_checksum, sam_failure, slow_radio_s, "
                                    "remove_mid_read, silent."),
    timing: str = typer.Option("fast", "--timing", help="fast | realistic (≈1 s radio read)."),
    baud: int = typer.Option(115200, "--baud", help="The simulated reader's line speed."),
    link: Optional[Path] = typer.Option(None, "--link", help="Also make this symlink to the pty."),
) -> None:
    """Run a simulated reader on a new pty: print its path, serve until interrupted."""
    from drivers.idcard.samples import CARD_NAMES
    from drivers.idcard.sim import Faults, IdCardSimulator

    if card != "none" and card not in CARD_NAMES:
        typer.echo(f"error: unknown card {card!r}; choose one of: none, {', '.join(CARD_NAMES)}", err=True)
        raise typer.Exit(2)
    if timing not in ("fast", "realistic"):
        typer.echo("error: --timing must be fast or realistic", err=True)
        raise typer.Exit(2)
    try:
        faults = Faults.from_options(fault)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    sim = IdCardSimulator(None if card == "none" else card, faults=faults, timing=timing,
                          baud=baud, link=str(link) if link else None).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    typer.echo(sim.path)
    sys.stdout.flush()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
