"""court-gateway documents [requests|answer|send|show]: the jurisdiction court's side of 文书领取.

``documents`` alone lists every document sent for collection, served, refused or not yet served."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

documents_app = typer.Typer(help="Documents to collect (文书领取): served or not, requests, answers.",
                            invoke_without_command=True)
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]
STATE_NAMES = {"served": "served", "refused": "refused", "not_served": "NOT served", "mismatch": "PROOF MISMATCH"}


@documents_app.callback()
def documents(context: typer.Context, config: ConfigOption = None) -> None:
    """Every document sent for collection, served (by whom, when) or not yet served."""
    if context.invoked_subcommand is not None:
        return
    from court.cli import Ctx, _when
    from court.collection import service_records

    ctx = Ctx(config)
    rows = service_records(ctx.engine, ctx.key)
    if not rows:
        typer.echo("no document has been sent for collection")
        return
    typer.echo(f"{'document':36}  {'kiosk':16} {'delivery':9} {'service':14} {'served at':19}  signer / title")
    for r in rows:
        typer.echo(f"{r['doc_id']:36}  {r['kiosk_id']:16} {r['delivery']:9} {STATE_NAMES[r['state']]:14} "
                   f"{_when(r['served_at']):19}  {r['signer'] or '-'}：{r['title']}"
                   + (f"（拒收理由：{r['refusal_reason']}）" if r["state"] == "refused" else ""))


@documents_app.command("requests")
def list_requests(config: ConfigOption = None,
                  state: Annotated[str, typer.Option(help="pending | answered | all")] = "pending") -> None:
    """Document requests received from the kiosks: case, document, way of service."""
    from court.cli import Ctx, _when
    from court.collection import request_summary, requests

    ctx = Ctx(config)
    typer.echo(f"{'packet':36}  {'kiosk':16} {'answer':13} {'received':19}  applicant / case / document / service")
    for r in requests(ctx.engine, state):
        about = request_summary(r, ctx.key)
        typer.echo(f"{r.packet_id:36}  {r.kiosk_id:16} {r.review:13} {_when(r.received_at):19}  "
                   f"{r.applicant_name or '-'} {about['case_ref']} {about['doc_type_name']} {about['method_name']}")


def _exit(message: str, code: int = 1):
    typer.echo(message, err=True)
    raise typer.Exit(code)


@documents_app.command("answer")
def answer(packet: str,
           send: Annotated[Optional[Path], typer.Option(help="The signed document's PDF: send it to the kiosk.")] = None,
           title: Annotated[Optional[str], typer.Option(help="Its title (default: file name).")] = None,
           not_generated: Annotated[bool, typer.Option("--not-generated", help="Not generated yet (norms §21(3)).")] = False,
           case_status: Annotated[str, typer.Option(help="With --not-generated: how the case stands (default: `case set`).")] = "",
           unsuitable: Annotated[bool, typer.Option("--unsuitable", help="Not suitable for collection here (norms §20(3)).")] = False,
           reason: Annotated[str, typer.Option(help="With --unsuitable: why.")] = "",
           valid_days: Annotated[int, typer.Option(help="Days the SMS pickup code is valid.")] = 7,
           config: ConfigOption = None) -> None:
    """Answer a document request: the document itself (with an SMS pickup code), not generated
    yet with the case status, or not suitable here with the reason; signed, to the kiosk and by SMS."""
    from court.cli import Ctx, _try_publish
    from court.collection import (DOC_TYPE_NAMES, case_status as stored_status, collectable_document,
                                  decision_files, new_code, record_answer, request_summary)
    from court.documents import make_document, store_document
    from court.review import ReviewError
    from court.sms import not_generated_text, pickup_text, unsuitable_text

    if sum((send is not None, not_generated, unsuitable)) != 1:
        _exit("give exactly one of --send FILE, --not-generated, --unsuitable", 2)
    if unsuitable and not reason.strip():
        _exit("--unsuitable needs --reason (it goes to the litigant)", 2)
    if send is not None and not send.is_file():
        _exit(f"{send}: no such file", 2)
    ctx = Ctx(config)
    decision = "document_sent" if send else "not_generated" if not_generated else "unsuitable"
    try:
        with_status = case_status.strip()
        row = record_answer(ctx.engine, packet, decision, reason.strip() or with_status)
    except ReviewError as exc:
        _exit(str(exc))
    about = request_summary(row, ctx.key)
    name = DOC_TYPE_NAMES.get(about["doc_type"], "诉讼文书")
    court = ctx.settings.court_name
    doc_id = ""
    if send is not None:
        code = new_code()
        title = title or send.stem
        doc = collectable_document(ctx.settings, ctx.key, kiosk_id=row.kiosk_id, pdf=send.read_bytes(),
                                   title=title, recipient=row.applicant_tag, recipient_name=row.applicant_name or "",
                                   doc_type=about["doc_type"], case_ref=about["case_ref"] or None, code=code,
                                   valid_days=valid_days, request_packet=row.packet_id)
        store_document(ctx.engine, ctx.settings, doc, packet_id=row.packet_id)
        _try_publish(ctx, doc)  # the document first: when the answer lands, it is there or on its way
        doc_id = doc.doc_id
        expires = doc.manifest["collect"]["pickup"]["expires_at"][:10]
        sms = pickup_text(court, row.applicant_name, name, title, code, expires)
    elif not_generated:
        with_status = with_status or stored_status(ctx.engine, about["case_ref"]) or "正在办理"
        sms = not_generated_text(court, row.applicant_name, name, about["case_ref"], with_status)
    else:
        sms = unsuitable_text(court, row.applicant_name, name, reason.strip())
    files = decision_files(row, ctx.settings, decision, title=title or "", case_status=with_status,
                           reason=reason.strip(), doc_id=doc_id, doc_type_name=name)
    answer_doc = make_document(ctx.settings, ctx.key, kiosk_id=row.kiosk_id, kind="decision", title="文书领取答复",
                               files=files, recipient=row.applicant_tag, case_ref=about["case_ref"] or None)
    store_document(ctx.engine, ctx.settings, answer_doc, packet_id=row.packet_id)
    _try_publish(ctx, answer_doc)
    ctx.notifier.send(f"document_{decision}", about["phone"] or row.phone, sms, row.packet_id)
    typer.echo(f"answered {row.packet_id}: {decision}" + (f" (document {doc_id})" if doc_id else ""))
    typer.echo(sms)


@documents_app.command("send")
def send_for_collection(file: Path, kiosk: Annotated[str, typer.Option(help="Kiosk id.")],
                        for_id: Annotated[str, typer.Option("--for", help="The recipient's ID number.")],
                        name: Annotated[str, typer.Option(help="The recipient's name (for the proof of service).")],
                        doc_type: Annotated[str, typer.Option(help="judgment | ruling | mediation | decision | effective_cert | other")] = "judgment",
                        title: Annotated[Optional[str], typer.Option(help="Title (default: file name).")] = None,
                        case_ref: Annotated[Optional[str], typer.Option(help="Case number.")] = None,
                        phone: Annotated[Optional[str], typer.Option(help="Mobile number for the SMS.")] = None,
                        valid_days: Annotated[int, typer.Option(help="Days the SMS pickup code is valid.")] = 7,
                        config: ConfigOption = None) -> None:
    """Send a signed document for one litigant to collect at a kiosk, without a request: the
    litigant gets the SMS with the pickup code."""
    from court.cli import Ctx, _try_publish
    from court.collection import DOC_TYPE_NAMES, collectable_document, new_code
    from court.documents import applicant_of, store_document
    from court.sms import pickup_text
    from offline_queue.document import recipient_tag

    if doc_type not in DOC_TYPE_NAMES:
        _exit(f"--doc-type must be one of {', '.join(DOC_TYPE_NAMES)}", 2)
    if not file.is_file():
        _exit(f"{file}: no such file", 2)
    ctx = Ctx(config)
    tag = recipient_tag(for_id)
    code = new_code()
    doc = collectable_document(ctx.settings, ctx.key, kiosk_id=kiosk, pdf=file.read_bytes(),
                               title=title or file.stem, recipient=tag, recipient_name=name,
                               doc_type=doc_type, case_ref=case_ref, code=code, valid_days=valid_days)
    store_document(ctx.engine, ctx.settings, doc)
    _try_publish(ctx, doc)
    person = applicant_of(ctx.engine, tag)
    sms = pickup_text(ctx.settings.court_name, name, DOC_TYPE_NAMES[doc_type], title or file.stem, code,
                      doc.manifest["collect"]["pickup"]["expires_at"][:10])
    ctx.notifier.send("document_ready", phone or (person.phone if person else None), sms, doc.doc_id)
    typer.echo(doc.doc_id)
    typer.echo(sms)


@documents_app.command("show")
def show(doc: str, config: ConfigOption = None) -> None:
    """One document's service: the proof's signer, time, how identified, what was printed."""
    from court.cli import Ctx, _when
    from court.collection import service_record
    from court.review import ReviewError

    ctx = Ctx(config)
    try:
        r = service_record(ctx.engine, doc, ctx.key)
    except ReviewError as exc:
        _exit(str(exc))
    typer.echo(f"文书：{r['title']}（{r['doc_id']}）")
    typer.echo(f"终端：{r['kiosk_id']}　传送：{r['delivery']}　发送时间：{_when(r['sent_at'])}")
    if r["state"] == "served":
        printed = r["printed"]
        typer.echo(f"送达：已送达　签收人：{r['signer']}　签收时间：{_when(r['served_at'])}　"
                   f"身份核验：{'身份证' if r['identified_by'] == 'card' else '短信验证码'}")
        typer.echo(f"打印：第{printed.get('pages') or '全部'}页，{printed.get('copies', 1)}份，"
                   f"{'双面' if printed.get('duplex') else '单面'}　送达回证数据包：{r['proof_packet']}")
    elif r["state"] == "refused":
        typer.echo(f"送达：受送达人拒绝签收　拒收人：{r['signer']}　时间：{_when(r['served_at'])}　"
                   f"身份核验：{'身份证' if r['identified_by'] == 'card' else '短信验证码'}")
        typer.echo(f"拒收理由：{r['refusal_reason'] or '-'}　送达回证数据包：{r['proof_packet']}")
    elif r["state"] == "mismatch":
        typer.echo(f"送达：送达回证与文书不符（数据包 {r['proof_packet']}），未计为送达")
    else:
        typer.echo("送达：尚未送达")
    if r["proof_packet"]:
        typer.echo(_audit_line(ctx.engine, r["kiosk_id"], r["proof_packet"]))


def _audit_line(engine, kiosk_id: str, packet_id: str) -> str:
    """The court's own check of the proof's audit trail (``court.audit``), and the refusal's event."""
    import json

    from court.store import InPacket, PacketAudit, store_session

    with store_session(engine) as s:
        audit = s.get(PacketAudit, (kiosk_id, packet_id))
        packet = s.get(InPacket, (kiosk_id, packet_id))
    if audit is None:
        return "审计链：未检查"
    line = f"审计链：{'完整' if audit.ok else '有断裂'}（{audit.events} 条事件）"
    try:
        events = [json.loads(x) for x in (Path(packet.files_dir) / "audit.jsonl").read_text().splitlines() if x]
    except (OSError, ValueError, TypeError, AttributeError):
        return line
    refused = [e for e in events if e.get("event") == "signature_refused"]
    if refused:
        line += f"　拒签记录：{refused[-1].get('at')} 理由 {refused[-1].get('reason_text') or refused[-1].get('reason')}"
    return line
