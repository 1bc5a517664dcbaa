"""court-gateway review list|show|accept|reject: the filing judge's side of a filing: the 15-minute
clock, the whole dossier, the decision sent to the kiosk and by SMS."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

review_app = typer.Typer(help="Review received filings: list, show, accept, reject.", no_args_is_help=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]


def _ctx(config):
    from court.cli import Ctx

    return Ctx(config)


@review_app.command("list")
def review_list(config: ConfigOption = None,
                state: Annotated[str, typer.Option(help="pending | accepted | rejected | all")] = "pending") -> None:
    """Received filings with the 15-minute clock (sealed → received)."""
    from sqlmodel import select

    from court.review import REVIEWED_KINDS
    from court.store import InPacket, PacketAudit, store_session

    ctx = _ctx(config)
    with store_session(ctx.engine) as s:
        query = (select(InPacket, PacketAudit.ok).order_by(InPacket.first_seen_at)
                 .outerjoin(PacketAudit, (PacketAudit.kiosk_id == InPacket.kiosk_id)
                            & (PacketAudit.packet_id == InPacket.packet_id)))
        if state != "all":
            query = query.where(InPacket.review == state)
        # filings only (court.review.REVIEWED_KINDS); the others have their own lists
        rows = s.exec(query.where(InPacket.kind.in_(REVIEWED_KINDS))).all()
    limit = ctx.settings.clock_limit_s
    typer.echo(f"{'packet':36}  {'kiosk':16} {'service':18} {'state':9} {'review':8} {'clock':>8}  {'audit':6} applicant")
    for r, chain_ok in rows:
        clock = r.clock_s if r.clock_s is not None else time.time() - r.sealed_at
        flag = "!" if clock > limit else " "
        chain = {True: "ok", False: "BROKEN", None: "-"}[chain_ok]
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {r.service:18} {r.state:9} {r.review:8} "
                   f"{clock:7.1f}s{flag} {chain:6} {r.applicant_name or '-'} {r.case_number or ''}"
                   + (f"  [{r.kind}: {r.case_type}]" if r.kind not in ('filing', '') else ''))


@review_app.command("show")
def review_show(packet: str, config: ConfigOption = None,
                as_json: Annotated[bool, typer.Option("--json", help="Print the dossier as JSON.")] = False,
                full: Annotated[bool, typer.Option("--full", help="Show ID numbers unmasked.")] = False) -> None:
    """Everything the filing judge needs from one packet: courts, parties with each value's
    provenance, materials against the PDFs' page counts, screening flags, signatures, checks, the
    audit chain verified and the packet digest."""
    from config.courts import load_courts
    from court.review import ReviewError, dossier_for
    from court.review_text import render

    ctx = _ctx(config)
    try:
        dossier = dossier_for(ctx.engine, ctx.settings, ctx.key, packet, full=full)
    except ReviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(dossier, ensure_ascii=False, indent=1))
    else:
        typer.echo(render(dossier, load_courts()), nl=False)


def _send_decision(ctx, packet) -> None:
    from court.documents import make_document, store_document
    from court.review import decision_files
    from court.sms import accepted_text, rejected_text

    from court.applications import decision_text, decision_title, is_application

    doc = make_document(ctx.settings, ctx.key, kiosk_id=packet.kiosk_id, kind="decision",
                        title=decision_title(packet) if is_application(packet) else "立案审核结果",
                        files=decision_files(packet, ctx.settings),
                        recipient=packet.applicant_tag, case_ref=packet.case_number)
    store_document(ctx.engine, ctx.settings, doc, packet_id=packet.packet_id)
    from court.cli import _try_publish

    _try_publish(ctx, doc)
    from court.fees import record_notice

    record_notice(ctx.engine, packet, ctx.settings)  # the fee notice for `fees` and the kiosks' question
    court = ctx.settings.court_name
    if is_application(packet):
        text = decision_text(court, packet, ctx.settings.fee)
    elif packet.review == "accepted":
        text = accepted_text(court, packet.applicant_name, packet.case_number, packet.fee_yuan, ctx.settings.fee)
    else:
        text = rejected_text(court, packet.applicant_name, packet.review_reason)
    ctx.notifier.send(f"review_{packet.review}", packet.phone, text, packet.packet_id)
    typer.echo(text)


def _decide(config, packet: str, describe, **decision):
    """Record the decision (exit 1 with the reason when it cannot be taken), say it, send it out."""
    from court.review import ReviewError, decide

    ctx = _ctx(config)
    try:
        row = decide(ctx.engine, ctx.settings, packet, court_key=ctx.key, **decision)
    except ReviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(describe(row))
    _send_decision(ctx, row)


@review_app.command("accept")
def review_accept(packet: str, config: ConfigOption = None,
                  fee: Annotated[Optional[float], typer.Option(help="Fee in yuan (default: computed).")] = None) -> None:
    """Accept: assign a case number and a fee notice; both go to the kiosk and by SMS."""
    _decide(config, packet, lambda row: f"accepted: case {row.case_number}, fee {row.fee_yuan:.2f} yuan",
            accept=True, fee=fee)


@review_app.command("reject")
def review_reject(packet: str, reason: Annotated[str, typer.Option(help="Why (sent to the litigant).")],
                  config: ConfigOption = None) -> None:
    """Reject with a reason; it goes to the kiosk and by SMS."""
    _decide(config, packet, lambda row: f"rejected: {reason}", accept=False, reason=reason)
