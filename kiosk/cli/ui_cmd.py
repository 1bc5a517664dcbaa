"""``kiosk run``, ``kiosk demo``, ``kiosk screenshot`` and ``kiosk admin hash-pin``.

Kivy is imported only inside the commands, so ``kiosk --help`` stays fast.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from kiosk.cli.common import ConfigOption, load_or_exit, refuse_insecure_transport

app = typer.Typer(add_completion=False)
admin_app = typer.Typer(help="Kiosk administration: the admin PIN.", no_args_is_help=True)
app.add_typer(admin_app, name="admin")

SCREEN_HELP = "attract, home, service, idle, admin_pin, admin_locked or admin"
DEMO_COURT_HELP = ("Start an embedded court (private Mosquitto + court-gateway on loopback, temporary "
                   "folders, a fresh queue) so filings get their receipt; stopped with the kiosk.")


def _headless_home() -> None:
    """Keep Kivy's per-user config and its start-up chatter out of one-shot headless tools."""
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kiosk-kivy-"))
    logging.getLogger("kivy").setLevel(logging.ERROR)


@app.command("run")
def run(
    config: ConfigOption = None,
    windowed: Annotated[bool, typer.Option("--windowed", help="A normal window instead of fullscreen (for development).")] = False,
    demo_court: Annotated[bool, typer.Option("--demo-court", help=DEMO_COURT_HELP)] = False,
    no_sender: Annotated[bool, typer.Option("--no-sender", help="Leave the uplink to its own service (kiosk sender run).")] = False,
) -> None:
    """Open the kiosk: fullscreen, on the devices the configuration names."""
    settings = load_or_exit(config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from kiosk.bootstrap import build_app
    from kiosk.demo_court import start_if_asked

    settings, court = start_if_asked(settings, demo_court, say=lambda text: typer.echo(text, err=True))
    try:
        refuse_insecure_transport(settings)
        try:
            app = build_app(settings, windowed=windowed, with_runtime=True, start_sender=not no_sender)
        except OSError as exc:
            typer.echo(f"cannot prepare the kiosk's data folders: {exc}", err=True)
            raise typer.Exit(1) from None
        app.run()
    finally:
        if court is not None:
            court.stop()


@app.command("demo")
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the PNG of every step.")] = Path("demo-shots"),
    config: ConfigOption = None,
    demo_court: Annotated[bool, typer.Option("--demo-court", help=DEMO_COURT_HELP)] = False,
    short: Annotated[bool, typer.Option("--short", help="Only the filing and the transfer (a quick check).")] = False,
) -> None:
    """Run the scripted litigant journeys headless and save a screenshot of every step.

    A civil filing (card tap, notice, case type, court, two scanned materials, parties from OCR,
    material list, check, five signed confirmations, submit, printed receipt, the court's receipt
    on screen), then a material transfer; with --demo-court the filings reach an embedded court,
    its receipts come back, and (unless --short) the court's answers are walked too: my cases,
    the fee notice paid, a judgment printed with its proof of service, a transcript signed,
    an archive viewed (watermarked) and its allowed pages printed.
    Then the idle timeout.
    """
    settings = load_or_exit(config)
    _headless_home()
    from kiosk.headless import demo_journey

    from kiosk.demo_court import start_if_asked

    settings = settings.model_copy(update={"ui": settings.ui.model_copy(update={"voice": False})})
    settings, court = start_if_asked(settings, demo_court, say=typer.echo)
    try:
        shots = demo_journey(settings, out, log=typer.echo, court=court, services=not short)
    finally:
        if court is not None:
            court.stop()
    typer.echo(f"{len(shots)} screenshots in {out.resolve()}")


@app.command("screenshot")
def screenshot(
    screen: Annotated[str, typer.Argument(help=f"Which screen: {SCREEN_HELP}.")],
    out: Annotated[Path, typer.Option("--out", help="PNG file to write.")],
    state: Annotated[str, typer.Option("--state", help="empty (placeholders) or sample (example data).")] = "empty",
    config: ConfigOption = None,
    pin: Annotated[str, typer.Option("--pin", envvar="KIOSK_ADMIN_PIN", help="Admin PIN, needed for the admin screen.")] = "",
) -> None:
    """Render one kiosk screen headless into a PNG (no display needed)."""
    from kiosk.headless import SCREENS, STATES

    if screen not in SCREENS:
        raise typer.BadParameter(f"unknown screen {screen!r}; choose one of: {SCREEN_HELP}", param_hint="SCREEN")
    if state not in STATES:
        raise typer.BadParameter(f"unknown state {state!r}; choose empty or sample", param_hint="--state")
    if out.suffix.lower() != ".png":
        raise typer.BadParameter("the output file must end in .png", param_hint="--out")
    settings = load_or_exit(config)
    settings = settings.model_copy(update={"ui": settings.ui.model_copy(update={"voice": False})})
    _headless_home()
    from kiosk.headless import screenshot as render

    try:
        shot = render(settings, screen, out, state, pin=pin)
    except PermissionError as exc:
        typer.echo(f"{exc} (give it with --pin or KIOSK_ADMIN_PIN)", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{shot.screen}: {shot.path.resolve()}")


@admin_app.command("hash-pin")
def hash_pin_cmd(
    pin: Annotated[str, typer.Option("--pin", help="The new PIN (4-12 digits); asked for when omitted.")] = "",
) -> None:
    """Make a hash for a new admin PIN; put it in the site file as ui.admin_pin_hash."""
    from kiosk.flows.pin import PinFormatError, hash_pin

    if not pin:
        pin = typer.prompt("New admin PIN (4-12 digits)", hide_input=True, confirmation_prompt=True)
    try:
        encoded = hash_pin(pin.strip())
    except PinFormatError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f'[ui]\nadmin_pin_hash = "{encoded}"')
