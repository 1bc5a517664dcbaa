"""court-gateway video list|schedule|refuse and transcripts send|list|show (norms §16–17)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

video_app = typer.Typer(help="Cross-region video assistance (跨域视频辅助): list, schedule, refuse.",
                        no_args_is_help=True)
transcripts_app = typer.Typer(help="Transcripts to sign (笔录签署): send, list, show.", no_args_is_help=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]


def _ctx(config):
    from court.cli import Ctx

    return Ctx(config)


def _fail(exc) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(1) from None


@video_app.command("list")
def video_list(config: ConfigOption = None,
               state: Annotated[str, typer.Option(help="pending | scheduled | refused | all")] = "pending") -> None:
    """Applications received, with the case, what is asked and how the litigant takes part."""
    from court.cli import _when
    from court.video import applications, application_summary

    ctx = _ctx(config)
    typer.echo(f"{'packet':36}  {'kiosk':16} {'state':9} {'decision':9} {'received':19}  applicant / case / asked")
    for r in applications(ctx.engine, state):
        about = application_summary(r, ctx.key)
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {r.state:9} {r.review:9} {_when(r.received_at):19}  "
                   f"{r.applicant_name or '-'} {about['case_number'] or '-'} {about['session'] or '-'}/{about['way'] or '-'}"
                   + (f" ({about['preferred']})" if about["preferred"] else ""))


def _send(ctx, packet, decision: dict, sms: str, kind: str) -> None:
    from court.cli import _try_publish
    from court.documents import make_document, store_document
    from court.video import decision_files

    doc = make_document(ctx.settings, ctx.key, kiosk_id=packet.kiosk_id, kind="decision",
                        title="跨域视频审核结果", files=decision_files(decision), recipient=packet.applicant_tag,
                        case_ref=decision.get("case_number") or None)
    store_document(ctx.engine, ctx.settings, doc, packet_id=packet.packet_id)
    _try_publish(ctx, doc)
    ctx.notifier.send(kind, packet.phone, sms, packet.packet_id)
    typer.echo(sms)


@video_app.command("schedule")
def video_schedule(packet: str,
                   at: Annotated[str, typer.Option(help="'YYYY-MM-DD HH:MM' of the video session.")],
                   place: Annotated[str, typer.Option(help="Where: the cooperating court's video room, or the platform.")],
                   note: Annotated[str, typer.Option(help="A line for the litigant (optional).")] = "",
                   config: ConfigOption = None) -> None:
    """Schedule the session (norms §16(2)): to the kiosk, the case's hearings (My cases) and by SMS."""
    from court.review import ReviewError
    from court.sms import video_scheduled_text
    from court.video import schedule

    ctx = _ctx(config)
    try:
        row, decision = schedule(ctx.engine, ctx.key, packet, at, place, note.strip())
    except ReviewError as exc:
        _fail(exc)
    typer.echo(f"scheduled: {row.packet_id} at {decision['at']}, {decision['place']}")
    _send(ctx, row, decision, video_scheduled_text(ctx.settings.court_name, row.applicant_name,
                                                   decision["case_number"], decision["session"],
                                                   decision["at"], decision["place"]), "video_scheduled")


@video_app.command("refuse")
def video_refuse(packet: str, reason: Annotated[str, typer.Option(help="Why not (sent to the litigant).")],
                 config: ConfigOption = None) -> None:
    """Not suitable for a cross-region video session (norms §16(3)), with the reason."""
    from court.review import ReviewError
    from court.sms import video_refused_text
    from court.video import _case_ref, refuse

    ctx = _ctx(config)
    try:
        row, decision = refuse(ctx.engine, packet, reason)
    except ReviewError as exc:
        _fail(exc)
    typer.echo(f"refused: {row.packet_id}")
    _send(ctx, row, decision, video_refused_text(ctx.settings.court_name, row.applicant_name, _case_ref(row),
                                                 decision["reason"]), "video_refused")


@transcripts_app.command("send")
def transcripts_send(file: Path, kiosk: Annotated[str, typer.Option(help="Kiosk id.")],
                     for_id: Annotated[str, typer.Option("--for", help="The litigant's ID number.")],
                     case_ref: Annotated[str, typer.Option(help="Case number.")],
                     title: Annotated[Optional[str], typer.Option(help="Title (default: 调解笔录).")] = None,
                     phone: Annotated[Optional[str], typer.Option(help="SMS to this number (default: the litigant's last).")] = None,
                     config: ConfigOption = None) -> None:
    """Sign the transcript and send it to the kiosk for one litigant (norms §17), with an SMS."""
    from court.cli import _try_publish
    from court.documents import applicant_of, make_document, store_document
    from court.review import ReviewError
    from court.sms import transcript_ready_text
    from court.video import check_pdf
    from offline_queue.document import recipient_tag

    if not file.is_file():
        typer.echo(f"{file}: no such file", err=True)
        raise typer.Exit(2)
    data = file.read_bytes()
    try:
        pages = check_pdf(data)
    except ReviewError as exc:
        typer.echo(f"{file}: {exc}; not sent", err=True)
        raise typer.Exit(2) from None
    ctx = _ctx(config)
    tag = recipient_tag(for_id)
    name = title or "调解笔录"
    doc = make_document(ctx.settings, ctx.key, kiosk_id=kiosk, kind="transcript", title=name,
                        files=[("transcript.pdf", data, "transcript", "application/pdf")],
                        recipient=tag, case_ref=case_ref)
    store_document(ctx.engine, ctx.settings, doc)
    _try_publish(ctx, doc)
    person = applicant_of(ctx.engine, tag)
    sms = transcript_ready_text(ctx.settings.court_name, person.applicant_name if person else None, case_ref, name)
    ctx.notifier.send("transcript_ready", phone or (person.phone if person else None), sms, doc.doc_id)
    typer.echo(f"{doc.doc_id} ({pages} pages)")


@transcripts_app.command("list")
def transcripts_list(config: ConfigOption = None) -> None:
    """Every transcript sent: at the kiosk, signed (when), or refused (why)."""
    from court.cli import _when
    from court.video import answer_state, answers, sent

    ctx = _ctx(config)
    found = answers(ctx.engine, ctx.key)
    typer.echo(f"{'transcript':36}  {'kiosk':16} {'sent':19}  {'state':9} title / detail")
    for doc in sent(ctx.engine):
        state, detail = answer_state(doc, found.get(doc.doc_id, []))
        typer.echo(f"{doc.doc_id:36}  {doc.kiosk_id:16} {_when(doc.created_at):19}  {state:9} {doc.title}"
                   + (f"  {detail}" if detail else ""))


@transcripts_app.command("show")
def transcripts_show(doc: str, config: ConfigOption = None) -> None:
    """One transcript and its answer, checked: the hash signed is the transcript sent, the strokes,
    the stamped PDF; a refusal with its reason. Exit 1 when a check fails."""
    from court.cli import _when
    from court.review import ReviewError
    from court.video import answer_state, answers, find_transcript, verify_answer

    ctx = _ctx(config)
    try:
        row = find_transcript(ctx.engine, doc)
    except ReviewError as exc:
        _fail(exc)
    found = answers(ctx.engine, ctx.key).get(row.doc_id, [])
    state, detail = answer_state(row, found)
    typer.echo(f"笔录：{row.title}\n编号：{row.doc_id}\n终端：{row.kiosk_id}\n发送：{_when(row.created_at)}\n"
               f"状态：{ {'signed': '已签名', 'refused': '拒绝签名'}.get(state, state)}" + (f"（{detail}）" if detail else ""))
    failed = False
    for packet, record in found[:1]:
        typer.echo(f"回传数据包：{packet.packet_id}（{packet.applicant_name or '-'}，{_when(packet.received_at)}）")
        for name, ok, info in verify_answer(row, packet, record) + _chain(ctx.engine, packet):
            failed = failed or not ok
            typer.echo(f"  {'✓' if ok else '✗'} {name}：{info}")
    if len(found) > 1:
        typer.echo(f"另有 {len(found) - 1} 次重复回传（以第一次为准）")
    if failed:
        raise typer.Exit(1)


def _chain(engine, packet) -> list[tuple[str, bool, str]]:
    """The court's own check of the session's audit trail inside the answer (``court.audit``)."""
    from court.store import PacketAudit, store_session

    with store_session(engine) as s:
        audit = s.get(PacketAudit, (packet.kiosk_id, packet.packet_id))
    if audit is None:
        return [("审计链", False, "未检查")]
    return [("审计链", audit.ok, f"{audit.events} 条事件")]
