"""court-gateway: receive packets from the kiosks, review filings, send documents, watch the fleet."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from court.petitions_cli import petitions_app
from provisioning import cli as provisioning_cli

app = typer.Typer(help="Court-side gateway for the self-service kiosks.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
keys_app = typer.Typer(help="The court key pair and the trusted kiosk keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(petitions_app, name="petitions")
app.add_typer(provisioning_cli.ca_app, name="ca")
app.add_typer(provisioning_cli.enrol_app, name="enrol")
app.command("broker-config")(provisioning_cli.broker_config)
from court.cases_cli import case_app, messages_app  # noqa: E402

app.add_typer(case_app, name="case")
app.add_typer(messages_app, name="messages")
from court.collection_cli import documents_app  # noqa: E402

app.add_typer(documents_app, name="documents")
from court.fees_cli import fees_app  # noqa: E402

app.add_typer(fees_app, name="fees")
from court.video_cli import transcripts_app, video_app  # noqa: E402

app.add_typer(video_app, name="video")
app.add_typer(transcripts_app, name="transcripts")
from court.archives_cli import archives_app  # noqa: E402

app.add_typer(archives_app, name="archives")
from court.review_cli import review_app  # noqa: E402

app.add_typer(review_app, name="review")

ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="Gateway TOML file (or $COURT_CONFIG).")]


class Ctx:
    """Settings, store, key and notifier, built once per command."""

    def __init__(self, config: Path | None):
        from court.keys import court_key
        from court.settings import load_court_settings
        from court.sms import load_notifier
        from court.store import open_store

        try:
            self.settings = load_court_settings(config)
        except Exception as exc:  # pydantic / TOML errors: print them, not a traceback
            typer.echo(f"configuration error: {exc}", err=True)
            raise typer.Exit(2) from None
        where = _store_name(self.settings.store_url)
        try:
            self.engine = open_store(self.settings.store_url)
        except Exception as exc:  # full disk, unwritable directory, server away: one line, not a traceback
            typer.echo(f"court store {where} cannot be opened: {_reason(exc)}", err=True)
            raise typer.Exit(1) from None
        try:
            self.key = court_key(self.settings)
        except OSError as exc:
            typer.echo(f"court key {self.settings.key_path} cannot be read or created: {_reason(exc)}", err=True)
            raise typer.Exit(1) from None
        self.notifier = load_notifier(self.settings.notifier, self.settings, self.engine)


def _store_name(url: str) -> str:
    """The store's URL without its password (``user:secret@host`` → ``user@host``)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: say so through the error that follows
        return url


def _reason(exc: BaseException) -> str:
    """One line: the driver's own message (not SQLAlchemy's wrapper with its SQL and link), or
    "disk full" when it is one."""
    from offline_queue.fsutil import disk_full_reason

    full = disk_full_reason(exc)
    if full is not None:
        return f"disk full ({full})"
    err = getattr(exc, "orig", None) or exc
    if isinstance(err, OSError) and err.strerror:
        text = f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    else:
        text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


@app.command()
def run(config: ConfigOption = None,
        shared: Annotated[Optional[str], typer.Option(help="Shared-subscription group (scale-out).")] = None,
        receiver_id: Annotated[Optional[str], typer.Option(help="This instance's id.")] = None) -> None:
    """Receive packets until stopped (Ctrl-C / SIGTERM)."""
    import signal
    import threading

    from court.gateway import Gateway

    from config.security import transport_refusal

    _logging()
    ctx = Ctx(config)
    refusal = transport_refusal(ctx.settings.broker)
    if refusal:
        typer.echo(refusal, err=True)
        raise typer.Exit(2)
    if shared:
        ctx.settings.shared_group = shared
    if receiver_id:
        ctx.settings.receiver_id = receiver_id
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    logging.getLogger("court").info("gateway %s running (store %s)", ctx.settings.receiver_id,
                                    ctx.settings.store_url.split("@")[-1])
    Gateway(ctx.settings, ctx.engine, ctx.key, ctx.notifier).run(stop)


def _try_publish(ctx: Ctx, doc) -> None:
    from court.documents import mark_published, one_shot_publisher, publish_document

    try:
        publish, close = one_shot_publisher(ctx.settings)
    except OSError as exc:
        typer.echo(f"broker unreachable ({exc}); the gateway will send document {doc.doc_id}", err=True)
        return
    ok = publish_document(publish, doc) and close()
    if ok:
        mark_published(ctx.engine, doc.doc_id)
    typer.echo(f"document {doc.doc_id} {'published' if ok else 'queued for the gateway'}")


@app.command("send-document")
def send_document(file: Path, kiosk: Annotated[str, typer.Option(help="Kiosk id.")],
                  for_id: Annotated[str, typer.Option("--for", help="The recipient's ID number.")],
                  kind: Annotated[str, typer.Option(help="judgment | archive | transcript | notice")],
                  title: Annotated[Optional[str], typer.Option(help="Title (default: file name).")] = None,
                  case_ref: Annotated[Optional[str], typer.Option(help="Case number.")] = None,
                  config: ConfigOption = None) -> None:
    """Sign a PDF and send it to a kiosk for one litigant; the litigant gets an SMS."""
    from court.documents import applicant_of, make_document, store_document
    from court.sms import document_ready_text
    from offline_queue.document import recipient_tag

    if kind not in ("judgment", "archive", "transcript", "notice"):
        typer.echo("--kind must be judgment, archive, transcript or notice", err=True)
        raise typer.Exit(2)
    if not file.is_file():
        typer.echo(f"{file}: no such file", err=True)
        raise typer.Exit(2)
    ctx = Ctx(config)
    tag = recipient_tag(for_id)
    doc = make_document(ctx.settings, ctx.key, kiosk_id=kiosk, kind=kind, title=title or file.stem,
                        files=[(f"{kind}.pdf", file.read_bytes(), kind, "application/pdf")],
                        recipient=tag, case_ref=case_ref)
    store_document(ctx.engine, ctx.settings, doc)
    _try_publish(ctx, doc)
    person = applicant_of(ctx.engine, tag)
    text = document_ready_text(ctx.settings.court_name, person.applicant_name if person else None, kind,
                               title or file.stem)
    ctx.notifier.send("document_ready", person.phone if person else None, text, doc.doc_id)
    typer.echo(doc.doc_id)



def _send_catalogue(ctx: Ctx, kiosk_ids: list[str]) -> None:
    """The new catalogue version to each kiosk, kept in the store until each verifies it."""
    from court.documents import store_document
    from court.publications import catalogue_document, fleet

    targets = kiosk_ids or fleet(ctx.settings)
    if not targets:
        typer.echo("no enrolled kiosk yet: the catalogue goes out with the next publication")
    for kid in targets:
        doc = catalogue_document(ctx.settings, ctx.key, kid)
        store_document(ctx.engine, ctx.settings, doc)
        _try_publish(ctx, doc)


KioskOption = Annotated[Optional[list[str]], typer.Option("--kiosk", help="Only these kiosks (default: every enrolled kiosk).")]


@app.command()
def publish(kind: Annotated[str, typer.Argument(help="judgment | guide | template")], file: Path,
            title: Annotated[str, typer.Option(help="Title shown at the kiosk.")],
            case_number: Annotated[str, typer.Option(help="Judgment: case number.")] = "",
            cause: Annotated[str, typer.Option(help="Judgment: cause of action (案由).")] = "",
            court: Annotated[str, typer.Option(help="Judgment: court code (default: from the case number).")] = "",
            year: Annotated[Optional[int], typer.Option(help="Judgment: year (default: from the case number).")] = None,
            topic: Annotated[str, typer.Option(help="Guide or template: its topic.")] = "",
            date: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (default: today).")] = None,
            kiosk: KioskOption = None, config: ConfigOption = None) -> None:
    """Publish an anonymised judgment, a litigation guide or a blank template to the kiosks."""
    from court.publications import PublishError, publish as add

    ctx = Ctx(config)
    try:
        entry = add(ctx.settings, kind, file, title=title, case_number=case_number, cause=cause,
                    court=court, year=year, topic=topic, published_at=date)
    except PublishError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"published {entry['item_id']}: {entry['title']} ({entry['pages']} pages, {entry['published_at']})")
    _send_catalogue(ctx, kiosk or [])


@app.command()
def withdraw(item_id: str, kiosk: KioskOption = None, config: ConfigOption = None) -> None:
    """Withdraw a published document: kiosks stop showing it with the next catalogue version."""
    from court.publications import PublishError, withdraw as remove

    ctx = Ctx(config)
    try:
        entry = remove(ctx.settings, item_id)
    except PublishError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"withdrawn {item_id}: {entry['title']}")
    _send_catalogue(ctx, kiosk or [])


@app.command()
def publications(config: ConfigOption = None) -> None:
    """What kiosks may show: the catalogue's version and items."""
    from court.publications import load

    ctx = Ctx(config)
    catalogue = load(ctx.settings)
    typer.echo(f"catalogue version {catalogue.version} ({catalogue.issued_at or 'never issued'})")
    for item in catalogue.items:
        detail = item.get("case_number") or item.get("topic", "")
        typer.echo(f"{item['item_id']}  {item['kind']:8} {item['published_at']}  {item['title']}  {detail}")

@app.command()
def kiosks(config: ConfigOption = None,
           as_json: Annotated[bool, typer.Option("--json", help="One JSON object per kiosk.")] = False) -> None:
    """The fleet from the kiosks' signed heartbeats (enrolled kiosks only): online or offline, last
    seen, queue, oldest undelivered, 15-minute breaches, remote config, device faults."""
    from court import fleet

    ctx = Ctx(config)
    trusted = {p.stem for p in ctx.settings.kiosk_keys_path.glob("*.pem")}  # a ghost's status is no kiosk
    rows = fleet.rows(ctx.engine, trusted)
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r.as_dict(), ensure_ascii=False))
        return
    for line in fleet.table(rows):
        typer.echo(line)


@app.command()
def incoming(config: ConfigOption = None) -> None:
    """Packets still arriving: progress, and the 15-minute clock since sealing (! when over)."""
    from court.monitor import incoming as incoming_packets

    ctx = Ctx(config)
    rows = incoming_packets(ctx.engine, ctx.settings.clock_limit_s)
    if not rows:
        typer.echo("no packet is arriving")
        return
    typer.echo(f"{'kiosk':20} {'packet':36} {'service':14} {'sealed':19} {'chunks':>11} {'clock':>8}")
    for r in rows:
        typer.echo(f"{r.kiosk_id:20} {r.packet_id:36} {r.service:14} {_when(r.sealed_at):19} "
                   f"{f'{r.chunks_stored}/{r.chunks_total}':>11} {r.age_s / 60:6.1f}m{' !' if r.over_limit else ''}")


@app.command("sms")
def sms_list(config: ConfigOption = None, limit: int = 20) -> None:
    """The latest SMS the gateway produced (the default notifier's outbox)."""
    from sqlmodel import select

    from court.store import Sms, store_session

    ctx = Ctx(config)
    with store_session(ctx.engine) as s:
        rows = s.exec(select(Sms).order_by(Sms.id.desc()).limit(limit)).all()
    for r in rows:
        typer.echo(f"{_when(r.created_at)} {r.kind:18} {r.phone or '-':13} {r.text}")


@keys_app.command("export")
def keys_export(config: ConfigOption = None,
                out: Annotated[Optional[Path], typer.Option(help="Write here instead of stdout.")] = None) -> None:
    """Print the court's public key (PEM) for the kiosks' keys.court_public_key_file."""
    from offline_queue.crypto import public_pem

    pem = public_pem(Ctx(config).key)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pem)
    else:
        typer.echo(pem.decode(), nl=False)


@keys_app.command("trust")
def keys_trust(kiosk_id: str, public_pem: Path, config: ConfigOption = None) -> None:
    """Trust a kiosk's public key (from `kiosk packet export-key`)."""
    from court.keys import trust_kiosk

    typer.echo(f"trusted {kiosk_id}: key {trust_kiosk(Ctx(config).settings, kiosk_id, public_pem)}")


@keys_app.command("revoke")
def keys_revoke(kiosk_id: str, config: ConfigOption = None) -> None:
    """Stop trusting a kiosk: its packets are refused (logged) from now on, connected or not."""
    from court.keys import revoke_kiosk

    try:
        kept = revoke_kiosk(Ctx(config).settings, kiosk_id)
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"revoked {kiosk_id}: its packets are refused from now on (key kept as {kept})")


def main() -> None:
    app()


# `enrol serve` lives in its own module (it needs Ctx, defined above) and registers itself here.
from court import enrol_cmd  # noqa: E402,F401
from court import config_cmd  # noqa: E402,F401  (`config push | status`, remote site config)
