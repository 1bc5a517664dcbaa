"""court-gateway fees list|match|confirm|reject: the clerk's side of 网上缴费 (rules §9, annex 3)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

fees_app = typer.Typer(help="Fee payment (网上缴费): notices, proofs, match, confirm.", no_args_is_help=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]
ByOption = Annotated[str, typer.Option("--by", help="Who does it (recorded with the notice).")]

STATE_NAMES = {"unpaid": "未交费", "proof_sent": "凭证已到", "matched": "已匹配", "paid": "已确认"}


def _fail(exc: Exception) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(1) from None


@fees_app.command("list")
def fees_list(config: ConfigOption = None) -> None:
    """Every fee notice (reference, case, payer, amount, deadline, state) and every proof received."""
    from court.cli import Ctx, _when
    from court.fees import notice_answer, notices, proofs, sync_notices

    ctx = Ctx(config)
    sync_notices(ctx.engine, ctx.settings)
    now = time.time()
    typer.echo("交费通知")
    typer.echo(f"{'reference':16}  {'case':24} {'payer':8} {'amount':>10}  {'due':10}  state")
    for row in notices(ctx.engine):
        shown = notice_answer(row, now)
        state = STATE_NAMES.get(shown["state"], shown["state"]) + ("（已逾期）" if shown["overdue"] else "")
        extra = f"  交费单 {row.slip_no}" if row.slip_no else ""
        extra += f"  凭证 {row.proof_packet_id}" if row.proof_packet_id else ""
        typer.echo(f"{row.reference:16}  {row.case_number:24} {row.payer or '-':8} {row.amount_yuan:>10}  "
                   f"{shown.get('due_date', ''):10}  {state}{extra}")
    typer.echo("交费凭证")
    typer.echo(f"{'packet':36}  {'kiosk':16} {'state':9} {'review':8} {'received':19}  names notice / matched")
    for packet, reference, notice in proofs(ctx.engine, ctx.key):
        matched = f"→ {notice.reference} ({STATE_NAMES.get(notice.state, notice.state)})" if notice else "未匹配"
        typer.echo(f"{packet.packet_id:36}  {packet.kiosk_id:16} {packet.state:9} {packet.review:8} "
                   f"{_when(packet.received_at):19}  {reference or '-'} {matched}"
                   + (f"  原因：{packet.review_reason}" if packet.review == "rejected" else ""))


@fees_app.command("match")
def fees_match(proof: str, notice: Annotated[Optional[str], typer.Argument(
        help="Notice reference or case number (default: the one the proof names).")] = None,
               by: ByOption = "", config: ConfigOption = None) -> None:
    """Match a received proof of payment to its notice (refused for another person's notice)."""
    from court.cli import Ctx
    from court.fees import FeeError, match, sync_notices

    ctx = Ctx(config)
    sync_notices(ctx.engine, ctx.settings)
    try:
        row = match(ctx.engine, ctx.key, proof, notice, by=by)
    except FeeError as exc:
        _fail(exc)
    typer.echo(f"matched: proof {row.proof_packet_id} → notice {row.reference} "
               f"({row.case_number}, {row.amount_yuan} yuan)")


@fees_app.command("confirm")
def fees_confirm(notice: str, by: ByOption = "", config: ConfigOption = None) -> None:
    """Confirm the payment: the 电子交费单 goes to the kiosk signed, and the payer gets an SMS."""
    from court.cli import Ctx, _try_publish
    from court.documents import make_document, store_document
    from court.fees import FeeError, confirm, confirmation_files
    from court.sms import fee_confirmed_text

    ctx = Ctx(config)
    try:
        row = confirm(ctx.engine, notice, by=by)
    except FeeError as exc:
        _fail(exc)
    doc = make_document(ctx.settings, ctx.key, kiosk_id=row.proof_kiosk_id, kind="decision", title="电子交费单",
                        files=confirmation_files(row, ctx.settings), recipient=row.recipient,
                        case_ref=row.case_number)
    store_document(ctx.engine, ctx.settings, doc, packet_id=row.proof_packet_id)
    _try_publish(ctx, doc)
    text = fee_confirmed_text(ctx.settings.court_name, row.payer, row.case_number, row.amount_yuan, row.slip_no)
    ctx.notifier.send("fee_confirmed", row.phone, text, row.reference)
    typer.echo(f"confirmed: notice {row.reference}, slip {row.slip_no}")
    typer.echo(text)


@fees_app.command("reject")
def fees_reject(proof: str, reason: Annotated[str, typer.Option(help="Why (sent to the payer).")],
                config: ConfigOption = None) -> None:
    """The proof does not show the payment: the payer is told why and may upload another."""
    from court.cli import Ctx, _try_publish
    from court.documents import make_document, store_document
    from court.fees import FeeError, reject, rejection_files
    from court.sms import fee_proof_rejected_text

    ctx = Ctx(config)
    try:
        packet, notice = reject(ctx.engine, proof, reason)
    except FeeError as exc:
        _fail(exc)
    doc = make_document(ctx.settings, ctx.key, kiosk_id=packet.kiosk_id, kind="decision", title="交费凭证审核结果",
                        files=rejection_files(packet, ctx.settings), recipient=packet.applicant_tag)
    store_document(ctx.engine, ctx.settings, doc, packet_id=packet.packet_id)
    _try_publish(ctx, doc)
    from court.cases import _case_ref

    text = fee_proof_rejected_text(ctx.settings.court_name, packet.applicant_name,
                                   notice.case_number if notice else _case_ref(packet), reason)
    ctx.notifier.send("fee_proof_rejected", packet.phone, text, packet.packet_id)
    typer.echo(f"rejected: proof {packet.packet_id}")
    typer.echo(text)
