"""court-gateway archives list|show|approve|refuse|prints: the jurisdiction court's side of
卷宗查阅 (norms §24)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

archives_app = typer.Typer(help="Archive viewing requests (卷宗查阅): list, show, approve, refuse, prints.",
                           no_args_is_help=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]


def _fail(exc) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(1) from None


@archives_app.command("list")
def archives_list(config: ConfigOption = None,
                  state: Annotated[str, typer.Option(help="pending | approved | refused | all")] = "pending") -> None:
    """Viewing requests with the case and the materials wanted."""
    from court.archives import requests, summary
    from court.cli import Ctx, _when

    if state not in ("pending", "approved", "refused", "all"):
        typer.echo("--state must be pending, approved, refused or all", err=True)
        raise typer.Exit(2)
    ctx = Ctx(config)
    typer.echo(f"{'packet':36}  {'kiosk':16} {'state':9} {'decision':8} {'received':19}  applicant / case / materials")
    for r in requests(ctx.engine, state):
        about = summary(r, ctx.key)
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {r.state:9} {r.review:8} {_when(r.received_at):19}  "
                   f"{r.applicant_name or '-'} / {about['case_ref'] or '-'} / {about['materials'] or '-'}")


@archives_app.command("show")
def archives_show(packet: str, config: ConfigOption = None) -> None:
    """The whole request as the archive office reads it (form with provenance, signatures, audit)."""
    from config.courts import load_courts
    from court.cli import Ctx
    from court.review import ReviewError, dossier_for
    from court.review_text import render

    ctx = Ctx(config)
    try:
        dossier = dossier_for(ctx.engine, ctx.settings, ctx.key, packet)
    except ReviewError as exc:
        _fail(exc)
    typer.echo(render(dossier, load_courts()), nl=False)
    record = dossier["record"]
    typer.echo(f"处理：{record['review']} {record['review_reason'] or ''}".rstrip())


def _send(ctx, row, kind: str, title: str, files, case_ref: str | None) -> str:
    from court.cli import _try_publish
    from court.documents import make_document, store_document

    doc = make_document(ctx.settings, ctx.key, kiosk_id=row.kiosk_id, kind=kind, title=title, files=files,
                        recipient=row.applicant_tag, case_ref=case_ref)
    store_document(ctx.engine, ctx.settings, doc, packet_id=row.packet_id)
    _try_publish(ctx, doc)
    return doc.doc_id


@archives_app.command("approve")
def archives_approve(packet: str,
                     file: Annotated[list[Path], typer.Option("--file", help="An archive PDF (repeat for several).")],
                     link: Annotated[str, typer.Option(help="The https download link for the SMS and QR code.")],
                     title: Annotated[Optional[list[str]], typer.Option("--title", help="Each file's title, in order.")] = None,
                     print_pages: Annotated[Optional[list[str]], typer.Option(
                         "--print", help="Each file's printable pages: 1-3,5 | all | none (default none).")] = None,
                     minutes: Annotated[int, typer.Option(help="Length of one viewing at the kiosk.")] = 30,
                     config: ConfigOption = None) -> None:
    """Approve: the files and their printable pages go signed to the kiosk; the link by SMS."""
    from court.archives import approve, decision_files
    from court.cli import Ctx
    from court.review import ReviewError
    from court.sms import archive_approved_text

    titles, ranges = list(title or []), list(print_pages or [])
    if len(titles) > len(file) or len(ranges) > len(file):
        typer.echo("more --title or --print than --file", err=True)
        raise typer.Exit(2)
    entries = [(f, titles[i] if i < len(titles) else "", ranges[i] if i < len(ranges) else "none")
               for i, f in enumerate(file)]
    ctx = Ctx(config)
    try:
        row, archive, files = approve(ctx.engine, ctx.settings, packet, entries, link=link, minutes=minutes)
    except ReviewError as exc:
        _fail(exc)
    case_ref = archive["case_ref"] or None
    doc_id = _send(ctx, row, "archive", f"{archive['case_ref']} 卷宗材料".strip(), files, case_ref)
    _send(ctx, row, "decision", "卷宗查阅申请处理结果", decision_files(row, ctx.settings, archive), case_ref)
    text = archive_approved_text(ctx.settings.court_name, row.applicant_name, archive["case_ref"], link,
                                 archive["link_expires"])
    ctx.notifier.send("archive_approved", row.phone, text, row.packet_id)
    typer.echo(f"approved: {row.packet_id} archive {doc_id}")
    typer.echo(text)


@archives_app.command("refuse")
def archives_refuse(packet: str,
                    reason: Annotated[str, typer.Option(help="not_generated | secret | not_suitable | not_viewable | mismatch")],
                    handler: Annotated[str, typer.Option(help="not_generated: the handler's name and telephone.")] = "",
                    note: Annotated[str, typer.Option(help="More words for the litigant.")] = "",
                    config: ConfigOption = None) -> None:
    """Refuse with a reason (norms §24(3)); the kiosk and the litigant are told."""
    from court.archives import BY_PHONE, decision_files, refuse
    from court.cli import Ctx
    from court.review import ReviewError
    from court.sms import archive_refused_text

    ctx = Ctx(config)
    try:
        row = refuse(ctx.engine, packet, reason, handler=handler, note=note)
    except ReviewError as exc:
        _fail(exc)
    _send(ctx, row, "decision", "卷宗查阅申请处理结果", decision_files(row, ctx.settings, None), None)
    text = archive_refused_text(ctx.settings.court_name, row.applicant_name, row.review_reason)
    ctx.notifier.send("archive_refused", row.phone, text, row.packet_id)
    typer.echo(f"refused: {row.packet_id}")
    typer.echo(text)
    if reason in BY_PHONE:
        typer.echo(f"norms §24(3): explain this to the litigant by telephone ({row.phone or 'no phone on file'})")


@archives_app.command("prints")
def archives_prints(config: ConfigOption = None) -> None:
    """What kiosks printed from approved archives (each print is reported as a packet)."""
    from court.archives import print_record, prints
    from court.cli import Ctx, _when

    ctx = Ctx(config)
    typer.echo(f"{'packet':36}  {'kiosk':16} {'received':19}  who / document / pages / job")
    for r in prints(ctx.engine):
        rec = print_record(r, ctx.key)
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {_when(r.received_at):19}  {r.applicant_name or '-'} / "
                   f"{rec['document'] or '-'} / {rec['pages'] or '-'} / {rec['job'] or '-'}")
