"""court-gateway petitions list|show|answer: the petition office's side of 网上信访."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

petitions_app = typer.Typer(help="Petitions (网上信访): list, show, answer.", no_args_is_help=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"


@petitions_app.command("list")
def petitions_list(config: ConfigOption = None,
                   state: Annotated[str, typer.Option(help="pending | answered | all")] = "pending") -> None:
    """Petitions received, with the petitioner and the matter."""
    from court.cli import Ctx, _when
    from court.petitions import petitions, summary

    ctx = Ctx(config)
    typer.echo(f"{'packet':36}  {'kiosk':16} {'state':9} {'answer':8} {'received':19}  petitioner / matter")
    for r in petitions(ctx.engine, state):
        about = summary(r, ctx.key)
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {r.state:9} {r.review:8} {_when(r.received_at):19}  "
                   f"{about['petitioner'] or '-'}：{_short(about['matter']) or '-'}")


@petitions_app.command("show")
def petitions_show(packet: str, config: ConfigOption = None) -> None:
    """The whole petition as the office reads it (form with provenance, materials, signatures,
    audit chain), then the answer if there is one."""
    from config.courts import load_courts
    from court.cli import Ctx
    from court.review import ReviewError, dossier_for
    from court.review_text import render

    ctx = Ctx(config)
    try:
        dossier = dossier_for(ctx.engine, ctx.settings, ctx.key, packet)
    except ReviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if dossier.get("kind") != "petition":
        typer.echo(f"packet {dossier['packet_id']} is a {dossier.get('kind')}, not a petition: use `review show`", err=True)
        raise typer.Exit(1)
    typer.echo(render(dossier, load_courts()), nl=False)
    record = dossier["record"]
    typer.echo(f"答复：{record['review_reason']}" if record["review"] == "answered" else "答复：尚未答复")


@petitions_app.command("answer")
def petitions_answer(packet: str, text: Annotated[str, typer.Option("--text", help="The answer (sent to the petitioner).")],
                     config: ConfigOption = None) -> None:
    """Answer a petition: recorded once, sent signed to the kiosk and by SMS."""
    from court.cli import Ctx, _try_publish
    from court.documents import make_document, store_document
    from court.petitions import answer, answer_files, answered_text
    from court.review import ReviewError

    ctx = Ctx(config)
    try:
        row = answer(ctx.engine, packet, text)
    except ReviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    doc = make_document(ctx.settings, ctx.key, kiosk_id=row.kiosk_id, kind="decision", title="信访答复",
                        files=answer_files(row, ctx.settings), recipient=row.applicant_tag)
    store_document(ctx.engine, ctx.settings, doc, packet_id=row.packet_id)
    _try_publish(ctx, doc)
    sms = answered_text(ctx.settings.court_name, row)
    ctx.notifier.send("petition_answered", row.phone, sms, row.packet_id)
    typer.echo(f"answered: {row.packet_id}")
    typer.echo(sms)
