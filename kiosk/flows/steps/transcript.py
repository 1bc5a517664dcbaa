"""笔录签署 (norms §15(2), §17): the transcripts the court sent for this person (verified, and
addressed to the card's holder), one read to its end by scrolling, then signed on the pad — the
signature stamped onto the transcript's last page — or refused with a reason. Either way the
answer goes back to the court as a packet (the submit step that follows).

Pure: listing, rendering and stamping are effects (``kiosk.flows.video``); the pages arrive as
``PageRendered`` pixels and live only in memory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from kiosk.flows.dossier import MaterialEntry, PageRef, SignedText, Value
from kiosk.flows.effects import AlertStaff, OpenDocument, RenderPages, Speak
from kiosk.flows.events import (ActionTapped, DocumentFailed, DocumentOpened, NextTapped, PageRendered,
                                ScrolledToEnd, SignatureDrawn)
from kiosk.flows.rules.video import REFUSAL_REASONS, TRANSCRIPT
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.steps.viewer import PageBitmap
from kiosk.flows.video import (LoadTranscripts, StampFailed, StampTranscript, TranscriptAnswered,
                               TranscriptItem, TranscriptsLoaded, TranscriptStamped)

WIDTH = 760
MAX_PAGES = 40
"""A transcript longer than this is read at the service window (memory: every page is kept)."""


@dataclass(frozen=True)
class TranscriptState:
    phase: str = "loading"  # loading | list | none | reading | signing | stamping | refusing | failed
    key: str = ""
    items: tuple[TranscriptItem, ...] = ()
    refused_docs: int = 0
    chosen: str = ""
    page_count: int = 0
    bitmaps: tuple[PageBitmap, ...] = ()
    at_end: bool = False
    error: str = ""
    reason: str = ""
    signature: tuple[str, bytes] = field(default=("", b""), repr=False)


@dataclass(frozen=True)
class TranscriptView:
    phase: str
    headline: str
    items: tuple[tuple[str, str, str], ...]
    """(doc id, title, case number and date) per transcript to sign."""
    title: str
    pages: tuple[PageBitmap, ...]
    page_count: int
    at_end: bool
    hint: str
    confirm_text: str
    signer: str
    error: str
    reasons: tuple[tuple[str, str, bool], ...]
    labels: dict = field(compare=False, default_factory=dict)


def doc_key(state: TranscriptState) -> str:
    return f"{state.key}/{state.chosen}"


def confirm_text(item: TranscriptItem, name: str, pages: int, ctx) -> str:
    return ctx.t("transcript.confirm", name=name, title=item.title, case_ref=item.case_ref or "-",
                 pages=pages, sha=item.sha256)


def refusal_text(item: TranscriptItem, name: str, reason: str, ctx) -> str:
    return ctx.t("transcript.refusal", name=name, title=item.title, case_ref=item.case_ref or "-",
                 reason=ctx.t(f"transcript.reason.{reason}"), sha=item.sha256)


class Transcript(Step):
    kind = "transcript"

    def initial(self, spec, dossier, ctx):
        return TranscriptState()

    def enter(self, spec, state, dossier, ctx):
        if dossier.applicant is None:
            return Reply(TranscriptState(phase="failed", error=ctx.t("transcript.no_card")), dossier)
        key = f"tr@{ctx.now:.3f}"
        return Reply(TranscriptState(key=key), dossier, (LoadTranscripts(key, dossier.applicant.id_number),))

    def _item(self, state) -> TranscriptItem | None:
        return next((i for i in state.items if i.doc_id == state.chosen), None)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, TranscriptsLoaded):
            return self._loaded(state, dossier, event, ctx)
        if isinstance(event, (DocumentOpened, DocumentFailed, PageRendered)):
            if event.key.partition("#")[0] != doc_key(state) or state.phase != "reading":
                return Reply(state, dossier)  # late news about a transcript no longer open
            return self._document(state, dossier, event, ctx)
        if isinstance(event, (TranscriptStamped, StampFailed)):
            if event.key != doc_key(state) or state.phase != "stamping":
                return Reply(state, dossier)
            return self._stamped(state, dossier, event, ctx)
        if isinstance(event, ScrolledToEnd) and state.phase == "reading" and not state.at_end:
            if state.page_count and len(state.bitmaps) >= state.page_count:
                dossier = dossier.logged(event.wall, "transcript_read_to_end", doc=state.chosen,
                                         pages=state.page_count)
                return Reply(replace(state, at_end=True), dossier, (Speak(ctx.t("transcript.read_done")),))
            return Reply(state, dossier)
        if isinstance(event, SignatureDrawn) and state.phase == "signing":
            return self._signed(state, dossier, event, ctx)
        if isinstance(event, NextTapped):
            return self._next(state, dossier, event, ctx)
        if isinstance(event, ActionTapped):
            return self._action(state, dossier, event, ctx)
        return Reply(state, dossier)

    def _loaded(self, state, dossier, event, ctx):
        if event.key != state.key or state.phase != "loading":
            return Reply(state, dossier)
        tag_ok = tuple(i for i in event.items if i.path and i.sha256)
        dossier = dossier.logged(event.wall, "transcripts_listed", count=len(tag_ok),
                                 refused=[d for d, _ in event.refused])
        if event.code:
            return Reply(replace(state, phase="failed", error=event.message), dossier)
        phase = "list" if tag_ok else "none"
        return Reply(replace(state, phase=phase, items=tag_ok, refused_docs=len(event.refused)), dossier)

    def _open(self, state, dossier, doc_id, event, ctx):
        state = replace(state, phase="reading", chosen=doc_id, page_count=0, bitmaps=(), at_end=False,
                        error="", reason="", signature=("", b""))
        item = self._item(state)
        dossier = dossier.logged(event.wall, "transcript_opened", doc=doc_id, sha256=item.sha256)
        return Reply(state, dossier, (OpenDocument(doc_key(state), item.path, item.sha256, ""),
                                      Speak(ctx.t("transcript.voice.reading"))))

    def _document(self, state, dossier, event, ctx):
        if isinstance(event, DocumentOpened):
            if event.page_count > MAX_PAGES or event.page_count < 1:
                dossier = dossier.logged(event.wall, "transcript_failed", doc=state.chosen, code="too_long")
                return Reply(replace(state, phase="failed", error=ctx.t("transcript.too_long", max=MAX_PAGES)),
                             dossier, (AlertStaff("transcript_unreadable", state.chosen),))
            state = replace(state, page_count=event.page_count)
            return Reply(state, dossier, (RenderPages(doc_key(state), tuple(range(event.page_count)), WIDTH,
                                                      urgent=True),))
        if isinstance(event, DocumentFailed):
            dossier = dossier.logged(event.wall, "transcript_failed", doc=state.chosen, code=event.code)
            return Reply(replace(state, phase="failed", error=ctx.t("transcript.unreadable")),
                         dossier, (AlertStaff("transcript_unreadable", state.chosen), Speak(ctx.t("transcript.unreadable"))))
        if event.width != WIDTH or not 0 <= event.page < state.page_count:
            return Reply(state, dossier)
        bitmap = PageBitmap(event.page, event.width, event.height, event.fmt, event.pixels, event.serial)
        others = tuple(b for b in state.bitmaps if b.page != event.page)
        return Reply(replace(state, bitmaps=tuple(sorted(others + (bitmap,), key=lambda b: b.page))), dossier)

    def _next(self, state, dossier, event, ctx):
        if state.phase == "reading" and state.at_end:
            return Reply(replace(state, phase="signing", error=""), dossier, (Speak(ctx.t("transcript.voice.signing")),))
        if state.phase == "refusing" and state.reason:
            return self._refused(state, dossier, event, ctx)
        if state.phase == "refusing":
            return Reply(replace(state, error=ctx.t("transcript.choose_reason")), dossier)
        return Reply(state, dossier)

    def _action(self, state, dossier, event, ctx):
        action = event.action
        if action == "open" and state.phase in ("list", "failed") and any(i.doc_id == event.arg for i in state.items):
            return self._open(state, dossier, event.arg, event, ctx)
        if action == "list" and state.phase in ("reading", "failed", "signing", "refusing") and state.items:
            return Reply(replace(state, phase="list", chosen="", bitmaps=(), at_end=False, error=""), dossier)
        if action == "refuse" and state.phase in ("reading", "signing") and state.at_end:
            return Reply(replace(state, phase="refusing", error="", reason=""), dossier,
                         (Speak(ctx.t("transcript.voice.refusing")),))
        if action == "reason" and state.phase == "refusing" and event.arg in REFUSAL_REASONS:
            return Reply(replace(state, reason=event.arg, error=""), dossier)
        if action == "reading" and state.phase in ("signing", "refusing"):
            return Reply(replace(state, phase="reading", error=""), dossier)
        return Reply(state, dossier)

    def _signed(self, state, dossier, event, ctx):
        if not event.valid or not event.png or not event.strokes_json:
            dossier = dossier.logged(event.wall, "signature_refused_by_pad", doc=state.chosen)
            return Reply(replace(state, error=event.reason or ctx.t("sign.too_small")), dossier)
        item = self._item(state)
        caption = ctx.t("transcript.stamp", name=dossier.applicant.name,
                        at=_stamp_time(event.wall), sha=item.sha256[:32])
        state = replace(state, phase="stamping", error="", signature=(event.strokes_json, event.png))
        return Reply(state, dossier, (StampTranscript(doc_key(state), item.path, item.sha256, event.png,
                                                      event.strokes_json, caption),))

    def _stamped(self, state, dossier, event, ctx):
        if isinstance(event, StampFailed):
            dossier = dossier.logged(event.wall, "transcript_stamp_failed", doc=state.chosen, code=event.code)
            return Reply(replace(state, phase="signing", error=event.message, signature=("", b"")), dossier,
                         (Speak(event.message),))
        item = self._item(state)
        name = dossier.applicant.name
        text = confirm_text(item, name, state.page_count, ctx)
        strokes, png = state.signature
        signed = SignedText("transcript", text, _sha(text), strokes, png, signed_at=event.wall)
        material = MaterialEntry("signed-transcript", ctx.t("transcript.material_name", title=item.title),
                                 doc_type="signed_transcript", original=True,
                                 pages=tuple(PageRef(f"signed-transcript-p{n}", "") for n in range(event.pages)),
                                 status="ready", pdf_path=event.pdf_path, layer_ok=True, scanned_at=event.wall)
        dossier = self._record(dossier, item, "signed", "").with_material(material)
        dossier = replace(dossier, signatures=(signed,)).logged(
            event.wall, "transcript_signed", doc=item.doc_id, transcript_sha256=item.sha256,
            signed_pdf_sha256=event.sha256, text_sha256=signed.text_sha256)
        return Reply(replace(state, signature=("", b"")), dossier, (TranscriptAnswered(item.doc_id),), go=NEXT)

    def _refused(self, state, dossier, event, ctx):
        item = self._item(state)
        text = refusal_text(item, dossier.applicant.name, state.reason, ctx)
        refused = SignedText("transcript", text, _sha(text), "", signed_at=event.wall, refused=True)
        dossier = replace(self._record(dossier, item, "refused", state.reason), signatures=(refused,),
                          materials=())
        dossier = dossier.logged(event.wall, "transcript_refused", doc=item.doc_id,
                                 transcript_sha256=item.sha256, reason=state.reason)
        return Reply(state, dossier, (TranscriptAnswered(item.doc_id),), go=NEXT)

    @staticmethod
    def _record(dossier, item, decision, reason):
        dossier = replace(dossier, case_type=TRANSCRIPT, case_ref=item.case_ref, court=item.court)
        values = {"transcript_doc_id": item.doc_id, "transcript_title": item.title,
                  "transcript_sha256": item.sha256, "decision": decision, "refusal_reason": reason}
        for key, value in values.items():
            dossier = dossier.with_form(key, Value(value, "typed") if value else None)
        return dossier

    # --- the view --------------------------------------------------------------------------
    def view(self, spec, state, dossier, ctx):
        item = self._item(state)
        name = dossier.applicant.name if dossier.applicant else ""
        items = tuple((i.doc_id, i.title, ctx.t("transcript.item_line", case_ref=i.case_ref or "-",
                                                at=_stamp_time(i.received_at)))
                      for i in state.items)
        headline = {"loading": ctx.t("transcript.loading"), "none": ctx.t("transcript.none"),
                    "list": ctx.t("transcript.choose", count=len(state.items)),
                    "failed": item.title if item else ctx.t("transcript.failed_headline")}.get(
                        state.phase, item.title if item else "")
        if state.phase == "refusing":
            headline = ctx.t("transcript.refuse_question", title=item.title if item else "")
        if state.phase == "none" and state.refused_docs:
            headline = ctx.t("transcript.none_verified")
        if state.phase == "reading":
            hint = ctx.t("transcript.read_done" if state.at_end else "transcript.read_on")
        elif state.phase == "stamping":
            hint = ctx.t("transcript.stamping")
        else:
            hint = ""
        reasons = tuple((r, ctx.t(f"transcript.reason.{r}"), r == state.reason) for r in REFUSAL_REASONS)
        labels = {k: ctx.t(f"transcript.label.{k}") for k in (
            "open", "list", "sign", "refuse", "reading", "refuse_send", "loading_pages", "end")}
        labels["pages"] = ctx.t("transcript.label.pages", count=state.page_count)
        return TranscriptView(
            phase=state.phase, headline=headline, items=items, title=item.title if item else "",
            pages=state.bitmaps, page_count=state.page_count, at_end=state.at_end, hint=hint,
            confirm_text=confirm_text(item, name, state.page_count, ctx) if item else "",
            signer=ctx.t("transcript.label.signer", name=name), error=state.error,
            reasons=reasons, labels=labels)

    def prompt(self, spec, state, dossier, ctx):
        if state is None:
            return ctx.t(spec.prompt)
        return {"signing": ctx.t("transcript.voice.signing"), "refusing": ctx.t("transcript.voice.refusing"),
                "reading": ctx.t("transcript.voice.reading")}.get(state.phase, ctx.t(spec.prompt))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp_time(wall: float) -> str:
    import time as _time

    return _time.strftime("%Y-%m-%d %H:%M", _time.localtime(wall)) if wall else "-"
