"""The ``kiosk`` command: the kiosk application, its services and the tools court IT needs.

Each command group lives in its own module under ``kiosk/cli/`` and keeps heavy imports inside
its functions, so ``kiosk --help`` stays fast.
"""

from __future__ import annotations

import typer

from kiosk.cli import (a11y_cmd, config_cmd, enrol_cmd, idcard_cmd, ocr_cmd, packet_cmd, provision_cmd,
                       queue_cmd, selftest_cmd, sender_cmd, ui_cmd)

app = typer.Typer(
    help=(
        "Court self-service kiosk. Run the kiosk, check its configuration and devices, "
        "and manage its queue of filings to the court."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Order as court IT meets them: run the kiosk, configure it, check devices, tools, the queue.
app.add_typer(ui_cmd.app)  # run, demo, screenshot, admin
app.add_typer(config_cmd.app, name="config")
app.command("selftest")(selftest_cmd.selftest)
app.add_typer(idcard_cmd.app, name="idcard")
app.command("audit-screens")(a11y_cmd.audit_screens)
ocr_cmd.register(app)  # ocr, scan
app.add_typer(packet_cmd.app, name="packet")
app.add_typer(queue_cmd.app, name="queue")
app.add_typer(sender_cmd.app, name="sender")
app.add_typer(provision_cmd.app, name="provision")
app.command("enrol")(enrol_cmd.enrol)

def main() -> None:
    app()


if __name__ == "__main__":
    main()
