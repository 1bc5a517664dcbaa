"""``court-gateway case …`` and ``messages …``: what a case-management system would record (status,
judge, clerk, hearings, deadlines, the parties' ID tags) and the judge's side of 联系法官."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import typer

case_app = typer.Typer(help="Cases as the case-management system knows them (for the kiosks' My cases).",
                       no_args_is_help=True)
messages_app = typer.Typer(help="Messages from litigants to judges: list, show, reply.", no_args_is_help=True)

STATE_NAMES = {"sent": "未读", "read": "已读", "replied": "已回复"}


def _ctx(config):
    from court.cli import Ctx

    return Ctx(config)


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def parse_party(text: str) -> tuple[str, str, str]:
    """``ID:role[:name]`` → (recipient tag, role, name); the ID number itself is not stored."""
    from offline_queue.document import recipient_tag

    parts = text.split(":")
    if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
        raise typer.BadParameter(f"--party {text!r}: expected ID_NUMBER:ROLE[:NAME]")
    return recipient_tag(parts[0]), parts[1].strip(), ":".join(parts[2:]).strip()


def parse_at(text: str, what: str) -> tuple[str, str]:
    """``WHEN@WHAT``: (date/time, room or deadline's meaning)."""
    when, sep, label = text.partition("@")
    if not sep or not when.strip() or not label.strip():
        raise typer.BadParameter(f"--{what} {text!r}: expected DATE[ TIME]@{'ROOM' if what == 'hearing' else 'WHAT'}")
    return when.strip(), label.strip()


@case_app.command("set")
def case_set(case_number: str,
             court: Annotated[Optional[str], typer.Option(help="Court code, e.g. 豫0102.")] = None,
             case_type: Annotated[Optional[str], typer.Option("--type", help="Case type, e.g. 民事一审.")] = None,
             cause: Annotated[Optional[str], typer.Option(help="Cause of action.")] = None,
             status: Annotated[Optional[str], typer.Option(help="Status, e.g. 审理中.")] = None,
             judge: Annotated[Optional[str], typer.Option(help="The judge in charge.")] = None,
             clerk: Annotated[Optional[str], typer.Option(help="The clerk.")] = None,
             party: Annotated[Optional[list[str]], typer.Option(help="ID_NUMBER:ROLE[:NAME], repeatable.")] = None,
             hearing: Annotated[Optional[list[str]], typer.Option(help="'YYYY-MM-DD HH:MM@ROOM', repeatable (replaces).")] = None,
             deadline: Annotated[Optional[list[str]], typer.Option(help="'YYYY-MM-DD@WHAT', repeatable (replaces).")] = None,
             config: Annotated[Optional[str], typer.Option("--config", "-c")] = None) -> None:
    """Record a case (or change it); the kiosks' My cases answers from these rows."""
    from pathlib import Path

    from court.cases import set_case

    parties = [parse_party(p) for p in party or []]
    hearings = [dict(zip(("at", "room"), parse_at(h, "hearing"))) for h in hearing] if hearing else None
    deadlines = [dict(zip(("due", "what"), parse_at(d, "deadline"))) for d in deadline] if deadline else None
    ctx = _ctx(Path(config) if config else None)
    row = set_case(ctx.engine, case_number.strip(), parties=parties, hearings=hearings, deadlines=deadlines,
                   court=court, case_type=case_type, cause=cause, status=status, judge=judge, clerk=clerk)
    typer.echo(f"case {row.case_number}: {row.status or '-'}, judge {row.judge or '-'}, clerk {row.clerk or '-'}, "
               f"{len(parties)} party tag(s) added")


@messages_app.command("list")
def messages_list(config: Annotated[Optional[str], typer.Option("--config", "-c")] = None,
                  case: Annotated[Optional[str], typer.Option(help="Only this case number.")] = None) -> None:
    """Messages received from the kiosks, oldest first, with their state."""
    from pathlib import Path

    from court.cases import messages

    ctx = _ctx(Path(config) if config else None)
    rows = messages(ctx.engine, ctx.key, case_number=case)
    if not rows:
        typer.echo("no message")
        return
    typer.echo(f"{'packet':36}  {'case':26} {'sent':16} {'state':4} from / message")
    for m in rows:
        text = m["text"].replace("\n", " ")
        typer.echo(f"{m['packet_id']:36}  {m['case_number']:26} {_when(m['sent_at']):16} "
                   f"{STATE_NAMES[m['state']]:4} {m['applicant'] or '-'}: {text[:40]}")


def _find(ctx, packet: str):
    from court.cases import find_message

    row = find_message(ctx.engine, packet)
    if row is None:
        typer.echo(f"no message {packet!r} (give its packet id or a unique beginning of it)", err=True)
        raise typer.Exit(1)
    return row


@messages_app.command("show")
def messages_show(packet: str, config: Annotated[Optional[str], typer.Option("--config", "-c")] = None,
                  reader: Annotated[str, typer.Option(help="Who reads it (recorded).")] = "judge") -> None:
    """One message in full (marks it read: the litigant sees 已读)."""
    from pathlib import Path

    from court.cases import mark_read, messages

    ctx = _ctx(Path(config) if config else None)
    row = _find(ctx, packet)
    mark_read(ctx.engine, row, reader)
    (m,) = [m for m in messages(ctx.engine, ctx.key) if m["packet_id"] == row.packet_id]
    typer.echo(f"案号：{m['case_number']}\n留言人：{m['applicant'] or '-'}（{m['phone'] or '无电话'}）\n"
               f"时间：{_when(m['sent_at'])}\n状态：{STATE_NAMES[m['state']]}\n附件：{_attachments(row)}\n\n{m['text']}")
    if m["reply"]:
        typer.echo(f"\n回复（{m['replied_by']}，{_when(m['replied_at'])}）：{m['reply']}")


def _attachments(row) -> str:
    from offline_queue import manifest as mf

    try:
        files = [f["path"].removesuffix(".enc") for f in mf.decode(row.manifest)["files"]
                 if f["path"].startswith("materials/")]
    except Exception:
        return "-"
    return "、".join(files) if files else "无"


@messages_app.command("reply")
def messages_reply(packet: str, text: Annotated[str, typer.Option(help="The reply (shown at the kiosk).")],
                   judge: Annotated[str, typer.Option(help="Who replies.")] = "承办法官",
                   config: Annotated[Optional[str], typer.Option("--config", "-c")] = None) -> None:
    """Reply: stored, returned signed by the kiosks' live query, and announced by SMS."""
    from pathlib import Path

    from court.cases import _case_ref, reply
    from court.sms import judge_reply_text

    if not text.strip() or len(text) > 2000:
        typer.echo("--text must be 1 to 2000 characters", err=True)
        raise typer.Exit(2)
    ctx = _ctx(Path(config) if config else None)
    row = _find(ctx, packet)
    reply(ctx.engine, row, text.strip(), judge)
    sms = judge_reply_text(ctx.settings.court_name, row.applicant_name, _case_ref(row), judge)
    ctx.notifier.send("judge_reply", row.phone, sms, row.packet_id)
    typer.echo(f"reply stored for {row.packet_id}\n{sms}")
