"""The ``kiosk`` command: the kiosk application, its services and the tools court IT needs.

Each command group lives in its own module under ``kiosk/cli/`` and keeps heavy imports inside
its functions, so ``kiosk --help`` stays fast.
"""

from __future__ import annotations

import typer

from kiosk.cli import config_cmd
from kiosk.cli import ui_cmd
from kiosk.cli import idcard_cmd, selftest_cmd
from kiosk.cli import ocr_cmd
from kiosk.cli import packet_cmd, queue_cmd, sender_cmd

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
app.add_typer(ui_cmd.app)
app.add_typer(idcard_cmd.app, name="idcard")
app.command("selftest")(selftest_cmd.selftest)
ocr_cmd.register(app)
for _name, _mod in (("packet", packet_cmd), ("queue", queue_cmd), ("sender", sender_cmd)): app.add_typer(_mod.app, name=_name)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
