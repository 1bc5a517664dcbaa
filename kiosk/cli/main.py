"""The ``kiosk`` command: the kiosk application, its services and the tools court IT needs.

Each command group lives in its own module under ``kiosk/cli/`` and keeps heavy imports inside
its functions, so ``kiosk --help`` stays fast.
"""

from __future__ import annotations

import typer

from kiosk.cli import config_cmd

app = typer.Typer(
    help=(
        "Court self-service kiosk. Run the kiosk, check its configuration and devices, "
        "and manage its queue of filings to the court."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(config_cmd.app, name="config")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
