"""卷宗查阅 at the kiosk: the archives the court approved for the person whose card was read
(``archives``), and the viewer over them (``archive_viewer``: the generic viewer plus the viewing's
time limit with a spoken warning, and every print reported to the court).

The worker (``LoadArchives``) lists only documents addressed to this card's holder whose court
signature and hashes verify at that moment; this step never sees anyone else's. One viewing
covers every file of an approval and lasts the minutes the court granted; when it runs out the
document is closed (its pages leave memory) and nothing more opens. The watermark — name, the
last four characters of the ID number, the kiosk, date and time — goes into the rendered pixels.
"""

from __future__ import annotations

import math
import time as _time
from dataclasses import dataclass, field, replace

from kiosk.flows.base import ClockTicked
from kiosk.flows.dossier import DocumentRef
from kiosk.flows.effects import CloseDocument, LoadArchives, SealPacket, Speak
from kiosk.flows.events import ArchivesLoaded, OptionChosen, PacketSealed, PrintProgress, SealFailed
from kiosk.flows.rules.packet import FilingSpec
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.steps.viewer import Viewer, ViewerView


@dataclass(frozen=True)
class ArchiveFile:
    path: str
    sha256: str
    title: str
    pages: int = 0
    print_ranges: str | None = None
    """CUPS page ranges the court allows to print; None = none."""


@dataclass(frozen=True)
class ArchiveGrant:
    """One approved viewing, as the court's signed ``archive`` document states it."""

    doc_id: str
    case_ref: str
    court: str
    court_code: str
    approved_at: str
    minutes: int
    link: str
    link_expires: str
    files: tuple[ArchiveFile, ...] = ()
    packet_id: str = ""


@dataclass(frozen=True)
class ArchiveRefusal:
    packet_id: str
    reason: str
    decided_at: str = ""
    court: str = ""
    doc_id: str = ""
    """The court's signed decision that says it (closed once shown: ``kiosk.effects.closing``)."""


@dataclass(frozen=True)
class Viewing:
    """The viewing under way: which approval, until when (monotonic), whether it was warned."""

    doc_id: str
    deadline: float
    watermark: str
    court_code: str = ""
    case_ref: str = ""
    warned: bool = False
    ended: bool = False


def watermark_text(identity, kiosk_id: str, wall: float) -> str:
    when = _time.strftime("%Y-%m-%d %H:%M", _time.localtime(wall))
    return f"{identity.name} · {identity.id_number[-4:]}\n{kiosk_id} · {when}"


def remaining(dossier, now: float) -> float | None:
    viewing = dossier.archive
    return None if viewing is None else max(0.0, viewing.deadline - now)


def clock_label(seconds: float) -> str:
    s = int(seconds + 0.999)
    return f"{s // 60:02d}:{s % 60:02d}"


def time_check(spec, dossier, ctx, event):
    """(dossier, effects, ended now) for a clock tick: the spoken warning once, then the end."""
    viewing = dossier.archive
    if viewing is None or viewing.ended or not isinstance(event, ClockTicked):
        return dossier, (), False
    left = viewing.deadline - ctx.now
    if left <= 0:
        dossier = replace(dossier, archive=replace(viewing, ended=True), document=None).logged(
            event.wall, "viewing_time_up", archive=viewing.doc_id)
        return dossier, (Speak(ctx.t("arc.time_up")),), True
    warn_s = float(spec.params.get("warn_s", 120))
    if left <= warn_s and not viewing.warned:
        dossier = replace(dossier, archive=replace(viewing, warned=True)).logged(
            event.wall, "viewing_time_warning", archive=viewing.doc_id, seconds=int(left))
        return dossier, (Speak(ctx.t("arc.time_warning", minutes=max(1, math.ceil(left / 60)))),), False
    return dossier, (), False


# --- the list of approved archives ----------------------------------------------------------------


@dataclass(frozen=True)
class ArchivesState:
    status: str = "loading"  # loading | ready | failed
    message: str = ""
    grants: tuple[ArchiveGrant, ...] = ()
    refusals: tuple[ArchiveRefusal, ...] = ()
    kiosk_id: str = ""
    unverified: int = 0


@dataclass(frozen=True)
class FileRow:
    key: str
    title: str
    detail: str


@dataclass(frozen=True)
class GrantRow:
    doc_id: str
    heading: str
    detail: str
    files: tuple[FileRow, ...]
    qr: str
    qr_label: str


@dataclass(frozen=True)
class ArchivesView:
    status: str
    message: str
    grants: tuple[GrantRow, ...]
    refusals: tuple[str, ...]
    empty: str
    time_label: str
    ended: bool
    labels: dict = field(compare=False, default_factory=dict)


class Archives(Step):
    kind = "archives"

    def initial(self, spec, dossier, ctx):
        return ArchivesState()

    def enter(self, spec, state, dossier, ctx):
        if dossier.applicant is None:
            return Reply(replace(state, status="failed", message=ctx.t("arc.no_card")), dossier)
        if state.status == "ready":
            return Reply(state, dossier)
        return Reply(ArchivesState(), dossier, (LoadArchives(dossier.applicant.id_number),))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ArchivesLoaded):
            if event.code:
                dossier = dossier.logged(event.wall, "archives_failed", code=event.code)
                return Reply(replace(state, status="failed", message=event.message), dossier)
            dossier = dossier.logged(event.wall, "archives_listed", grants=len(event.grants),
                                     refusals=len(event.refusals), unverified=event.unverified)
            return Reply(ArchivesState("ready", "", tuple(event.grants), tuple(event.refusals),
                                       event.kiosk_id, event.unverified), dossier)
        if isinstance(event, ClockTicked):
            dossier, effects, _ended = time_check(spec, dossier, ctx, event)
            return Reply(state, dossier, effects)
        if isinstance(event, OptionChosen) and event.group == "file" and state.status == "ready":
            return self._open(state, dossier, event, ctx)
        return Reply(state, dossier)

    def _open(self, state, dossier, event, ctx):
        doc_id, _, index = event.value.partition("/")
        grant = next((g for g in state.grants if g.doc_id == doc_id), None)
        if grant is None or not index.isdigit() or int(index) >= len(grant.files):
            return Reply(state, dossier)
        viewing = dossier.archive
        if viewing is not None and viewing.doc_id == doc_id and viewing.ended:
            return Reply(state, dossier)  # this viewing's time is over
        if viewing is None or viewing.doc_id != doc_id:
            viewing = Viewing(doc_id, ctx.now + grant.minutes * 60,
                              watermark_text(dossier.applicant, state.kiosk_id, ctx.wall),
                              grant.court_code, grant.case_ref)
            dossier = dossier.logged(event.wall, "viewing_started", archive=doc_id, minutes=grant.minutes,
                                     case_ref=grant.case_ref)
        f = grant.files[int(index)]
        doc = DocumentRef(f"{doc_id}/{index}", f.title, f.path, f.sha256, kind="archive",
                          print_ranges=f.print_ranges, watermark=viewing.watermark)
        dossier = replace(dossier, archive=viewing, document=doc).logged(
            event.wall, "archive_file_opened", archive=doc_id, file=int(index))
        return Reply(state, dossier, go=NEXT)

    def view(self, spec, state, dossier, ctx):
        viewing = dossier.archive
        left = remaining(dossier, ctx.now)
        ended = bool(viewing and viewing.ended)
        rows = []
        for g in state.grants:
            files = tuple(FileRow(f"{g.doc_id}/{i}", f.title, self._file_detail(f, ctx))
                          for i, f in enumerate(g.files))
            rows.append(GrantRow(g.doc_id, ctx.t("arc.grant", case_ref=g.case_ref or "-", court=g.court),
                                 ctx.t("arc.grant_detail", at=g.approved_at, minutes=g.minutes),
                                 files, g.link, ctx.t("arc.qr_label", date=g.link_expires)))
        refusals = tuple(ctx.t("arc.refused", at=r.decided_at, reason=r.reason) for r in state.refusals)
        message = state.message
        if state.status == "ready" and state.unverified:
            message = ctx.t("arc.unverified", count=state.unverified)
        if ended:
            message = ctx.t("arc.ended")
        time_label = "" if left is None or ended else ctx.t("arc.time_left", time=clock_label(left))
        labels = {k: ctx.t(f"arc.screen.{k}") for k in ("files", "open", "refusals", "qr_title")}
        labels["loading"] = ctx.t("arc.loading")
        return ArchivesView(state.status, message, tuple(rows), refusals,
                            ctx.t("arc.none") if state.status == "ready" and not rows else "",
                            time_label, ended, labels)

    @staticmethod
    def _file_detail(f: ArchiveFile, ctx) -> str:
        printing = (ctx.t("arc.print_none") if f.print_ranges is None
                    else ctx.t("arc.print_pages", pages=f.print_ranges or ctx.t("arc.all_pages")))
        return ctx.t("arc.file_detail", pages=f.pages, printing=printing)

    def prompt(self, spec, state, dossier, ctx):
        if state is not None and state.status == "ready" and not state.grants:
            return ctx.t("arc.none")
        return ctx.t(spec.prompt)


# --- the viewer over one file of an approved archive ----------------------------------------------


@dataclass(frozen=True)
class ArchiveViewerView(ViewerView):
    time_label: str = ""
    time_short: bool = False
    ended: bool = False
    notice: str = ""
    """What the side panel says about the viewing (printable pages, no copies)."""
    extra: dict = field(compare=False, default_factory=dict)


class ArchiveViewer(Viewer):
    """The generic viewer; the archive's clock and print reports are added around it."""

    kind = "archive_viewer"

    def enter(self, spec, state, dossier, ctx):
        viewing = dossier.archive
        if viewing is None or viewing.ended or dossier.document is None:
            return Reply(replace(self.initial(spec, dossier, ctx), status="failed",
                                 message=ctx.t("arc.time_up")), dossier)
        return super().enter(spec, state, dossier, ctx)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ClockTicked):
            key = state.key
            dossier, effects, ended = time_check(spec, dossier, ctx, event)
            if ended:
                state = replace(state, status="failed", message=ctx.t("arc.time_up"), bitmaps=(),
                                printing=replace(state.printing, state="idle"))
                effects += (CloseDocument(key),)
            return Reply(state, dossier, effects)
        if isinstance(event, PacketSealed):
            return Reply(state, dossier.logged(event.wall, "print_reported", packet_id=event.packet.packet_id))
        if isinstance(event, SealFailed):
            return Reply(state, dossier.logged(event.wall, "print_report_failed", code=event.code))
        doc = dossier.document
        reply = super().handle(spec, state, dossier, event, ctx)
        if (isinstance(event, PrintProgress) and event.state == "done" and doc is not None
                and event.key.partition("#")[0] == state.key and state.printing.state != "done"):
            return replace(reply, effects=reply.effects + (self._report(reply.dossier, doc, state, event, ctx),))
        return reply

    def _report(self, dossier, doc, state, event, ctx) -> SealPacket:
        """The print, reported to the court as a small packet of its own (``archive_print``)."""
        viewing = dossier.archive
        archive_id = viewing.doc_id if viewing else doc.doc_id
        fields = {"archive": archive_id, "document": doc.title, "pages": state.printing.pages or "",
                  "job": str(event.job_id), "request": "",
                  "printed_at": _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(event.wall or ctx.wall))}
        case_ref = viewing.case_ref if viewing else ""
        form = {"journey": dossier.service, "case_ref": case_ref or None,
                "application": {"kind": "archive_print", "kind_name": "卷宗打印",
                                "fields": {k: {"value": v, "source": "staff"} for k, v in fields.items()}}}
        spec = FilingSpec(service=dossier.service, kind="archive_print", case_type="archive_print",
                          jurisdiction_court=(viewing.court_code if viewing else "") or ctx.kiosk_court,
                          case_ref=case_ref or None, supersedes=None,
                          form=form, identity=dossier.applicant.as_json() if dossier.applicant else None,
                          materials=(), material_list=(), screening=(), signatures=(),
                          checks={"problems": [], "checked_at": ctx.wall, "materials": []},
                          audit=dossier.audit)
        return SealPacket(spec)

    def view(self, spec, state, dossier, ctx):
        base = super().view(spec, state, dossier, ctx)
        viewing = dossier.archive
        left = remaining(dossier, ctx.now)
        ended = bool(viewing and viewing.ended)
        doc = dossier.document
        if doc is None or doc.print_ranges is None:
            notice = ctx.t("arc.viewer_no_print")
        else:
            notice = ctx.t("arc.viewer_print", pages=doc.print_ranges or ctx.t("arc.all_pages"))
        fields = {k: getattr(base, k) for k in base.__dataclass_fields__}
        return ArchiveViewerView(**fields,
                                 time_label="" if left is None or ended else ctx.t("arc.time_left",
                                                                                   time=clock_label(left)),
                                 time_short=left is not None and left <= float(spec.params.get("warn_s", 120)),
                                 ended=ended, notice=notice)
