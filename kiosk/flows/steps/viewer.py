"""看文书: the pages of one verified document on screen, turned and zoomed by touch, printed
within the pages the court allows, the print job followed to its end.

Pure: the PDF is opened and rendered by the viewer's worker (``OpenDocument``, ``RenderPages``),
whose answers (``PageRendered``: the pixels, the watermark already in them) are kept only for a
window of pages around the current one, so turning to the next page finds it rendered ahead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from kiosk.flows.dossier import DocumentRef
from kiosk.flows.effects import OpenDocument, PrintDocument, RenderPages
from kiosk.flows.events import (ActionTapped, DocumentFailed, DocumentOpened, NextTapped,
                                PageRendered, PagesLost, PagesUploaded, PrintProgress)
from kiosk.flows.steps.base import NEXT, Reply, Step

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 1.0, 2.5, 0.5
MAX_COPIES = 5
AHEAD, BEHIND = 2, 1
"""Pages kept rendered after and before the current one, so a turn is a texture swap. Two
ahead, not one: a page ahead starts 0.25 s after the turn and, on two loaded cores, one ahead
was not always ready for a reader turning every 0.4 s (bench: p95 250 ms instead of 122). Each
page kept costs its texture only, ~5 MB (the pixels go once it is a texture)."""


@dataclass(frozen=True)
class PageBitmap:
    page: int
    width: int
    height: int
    fmt: str
    pixels: bytes = field(repr=False, compare=False)
    """Empty once the screen made its texture (``PagesUploaded``): the texture is the only copy."""
    serial: int = 0
    uploaded: bool = False
    """The pixels were let go (compared, unlike them: a view that changed only here is still
    published, so the screen lets go of the old view and its pixels too)."""


@dataclass(frozen=True)
class PrintState:
    state: str = "idle"  # idle | choosing | printing | blocked | done | failed
    message: str = ""
    pages: str = ""
    job: int = 0
    copies: int = 1
    duplex: bool = False


@dataclass(frozen=True)
class ViewerState:
    key: str = ""
    status: str = "opening"  # opening | ready | failed
    message: str = ""
    page_count: int = 0
    page: int = 0
    zoom: float = 1.0
    bitmaps: tuple[PageBitmap, ...] = ()
    printing: PrintState = field(default_factory=PrintState)
    prints: int = 0
    seen: frozenset = frozenset()
    """Pages shown so far (0-based)."""


@dataclass(frozen=True)
class ViewerView:
    title: str
    subtitle: str
    status: str
    message: str
    page: int
    page_count: int
    page_label: str
    zoom: float
    zoom_label: str
    current: PageBitmap | None
    ready: tuple[PageBitmap, ...]
    can_prev: bool
    can_next: bool
    can_print: bool
    print_state: str
    print_message: str
    print_choices: tuple[tuple[str, str], ...]
    """(action arg, label) of the print choices while choosing: this page, all allowed pages."""
    labels: dict = field(compare=False, default_factory=dict)
    options: tuple[tuple[str, str], ...] = ()
    """While choosing, with ``params["print_options"]``: (action, label) of the copies and
    duplex buttons (文书领取: copies − / +, 双面 on or off)."""
    next_label: str = ""
    """With ``params["after_print"]``: the main button once the print is done (to the proof)."""
    seen: int = 0


def parse_ranges(ranges: str | None, count: int) -> set[int]:
    """1-based pages named by ``"1-3,5"`` ("" = all, None = none), within ``count``."""
    if ranges is None:
        return set()
    if not ranges.strip():
        return set(range(1, count + 1))
    pages: set[int] = set()
    for part in ranges.replace(" ", "").split(","):
        a, _, b = part.partition("-")
        try:
            lo, hi = int(a), int(b or a)
        except ValueError:
            continue
        pages.update(p for p in range(lo, hi + 1) if 1 <= p <= count)
    return pages


def as_ranges(pages: set[int]) -> str:
    """{1, 2, 3, 5} → ``"1-3,5"``."""
    out, run = [], []
    for p in sorted(pages):
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [p]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


class Viewer(Step):
    kind = "viewer"

    def initial(self, spec, dossier, ctx):
        return ViewerState()

    @staticmethod
    def base_width(spec) -> int:
        return int(spec.params.get("width", 860))

    def enter(self, spec, state, dossier, ctx):
        doc: DocumentRef | None = dossier.document
        if doc is None:
            return Reply(ViewerState(status="failed", message=ctx.t("viewer.no_document")), dossier)
        key = f"{doc.doc_id}@{ctx.now:.3f}"
        dossier = dossier.logged(ctx.wall, "document_opened", doc=doc.doc_id, kind=doc.kind,
                                 watermark=bool(doc.watermark))
        return Reply(ViewerState(key=key), dossier,
                     (OpenDocument(key, doc.path, doc.sha256, doc.watermark),))

    # --- events ----------------------------------------------------------------------------
    def handle(self, spec, state, dossier, event, ctx):
        doc = dossier.document
        if isinstance(event, (DocumentOpened, DocumentFailed, PageRendered, PrintProgress)):
            if event.key.partition("#")[0] != state.key:
                return Reply(state, dossier)  # a late answer for a document no longer shown
        if isinstance(event, DocumentOpened):
            state = replace(state, status="ready", page_count=event.page_count, page=0,
                            seen=frozenset({0}))
            return Reply(state, dossier, self._wanted(spec, state))
        if isinstance(event, DocumentFailed):
            dossier = dossier.logged(event.wall, "document_failed", doc=doc.doc_id if doc else "",
                                     code=event.code)
            return Reply(replace(state, status="failed", message=event.message), dossier)
        if isinstance(event, PageRendered):
            return Reply(self._keep(spec, state, event), dossier)
        if isinstance(event, PagesUploaded):
            done = set(event.serials)
            return Reply(replace(state, bitmaps=tuple(replace(b, pixels=b"", uploaded=True) if b.serial in done else b
                                                      for b in state.bitmaps)), dossier)
        if isinstance(event, PagesLost):
            lost = set(event.serials)
            state = replace(state, bitmaps=tuple(b for b in state.bitmaps if b.serial not in lost))
            return Reply(state, dossier, self._wanted(spec, state) if state.status == "ready" else ())
        if isinstance(event, PrintProgress):
            return self._print_progress(state, dossier, event, ctx)
        if isinstance(event, ActionTapped) and state.status == "ready":
            return self._action(spec, state, dossier, event, ctx)
        if isinstance(event, NextTapped) and state.printing.state == "done" and spec.params.get("after_print"):
            return Reply(state, dossier.logged(event.wall, "document_collected", doc=doc.doc_id), go=NEXT)
        if isinstance(event, NextTapped) and state.status == "ready" and self._allowed(state, doc):
            return Reply(replace(state, printing=self._choosing(spec, state)), dossier)
        return Reply(state, dossier)

    def _action(self, spec, state, dossier, event, ctx):
        action = event.action
        if action in ("next_page", "prev_page"):
            page = state.page + (1 if action == "next_page" else -1)
            if not 0 <= page < state.page_count:
                return Reply(state, dossier)
            state = self._window(spec, replace(state, page=page, seen=state.seen | {page}))
            return Reply(state, dossier, self._wanted(spec, state))
        if action in ("copies_more", "copies_less", "duplex") and state.printing.state == "choosing":
            p = state.printing
            if action == "duplex":
                p = replace(p, duplex=not p.duplex)
            else:
                p = replace(p, copies=max(1, min(MAX_COPIES, p.copies + (1 if action == "copies_more" else -1))))
            return Reply(replace(state, printing=p), dossier)
        if action in ("zoom_in", "zoom_out", "zoom"):
            if action == "zoom":
                try:
                    zoom = float(event.arg)
                except ValueError:
                    return Reply(state, dossier)
            else:
                zoom = state.zoom + (ZOOM_STEP if action == "zoom_in" else -ZOOM_STEP)
            zoom = round(min(ZOOM_MAX, max(ZOOM_MIN, zoom)) * 20) / 20
            if zoom == state.zoom:
                return Reply(state, dossier)
            state = self._window(spec, replace(state, zoom=zoom))
            return Reply(state, dossier, self._wanted(spec, state))
        doc = dossier.document
        if action == "print" and self._allowed(state, doc):
            return Reply(replace(state, printing=self._choosing(spec, state)), dossier)
        if action == "print_cancel" and state.printing.state == "choosing":
            return Reply(replace(state, printing=PrintState()), dossier)
        if action == "print_go" and state.printing.state == "choosing":
            allowed = parse_ranges(doc.print_ranges, state.page_count)
            pages = {state.page + 1} & allowed if event.arg == "page" else allowed
            if not pages:
                return Reply(state, dossier)
            ranges = as_ranges(pages)
            whole = pages == set(range(1, state.page_count + 1))
            chosen = state.printing
            state = replace(state, printing=replace(chosen, state="printing", message=ctx.t("viewer.printing"),
                                                    pages=ranges), prints=state.prints + 1)
            dossier = dossier.logged(event.wall, "print_requested", doc=doc.doc_id, pages=ranges,
                                     copies=chosen.copies, duplex=chosen.duplex)
            key = f"{state.key}#print{state.prints}"
            return Reply(state, dossier, (PrintDocument(key, doc.path, doc.sha256,
                                                        None if whole else ranges, copies=chosen.copies,
                                                        title=doc.title[:60], duplex=chosen.duplex),))
        return Reply(state, dossier)

    def _print_progress(self, state, dossier, event, ctx):
        doc = dossier.document
        message = event.message or ctx.t(f"viewer.print_{event.state}")
        printing = replace(state.printing, state=event.state, message=message, job=event.job_id)
        if event.state in ("done", "failed", "blocked"):
            dossier = dossier.logged(event.wall, f"print_{event.state}", doc=doc.doc_id if doc else "",
                                     pages=state.printing.pages, code=event.code, job=event.job_id,
                                     copies=state.printing.copies, duplex=state.printing.duplex)
        return Reply(replace(state, printing=printing), dossier)

    @staticmethod
    def _choosing(spec, state) -> PrintState:
        """Print choices; with ``params["print_options"]`` a document of several pages starts
        double-sided (a 20-page judgment on 10 sheets), one copy."""
        duplex = bool(spec.params.get("print_options")) and state.page_count > 1
        return PrintState("choosing", duplex=duplex)

    @staticmethod
    def _allowed(state: ViewerState, doc: DocumentRef | None) -> bool:
        if doc is None or state.printing.state in ("printing", "blocked"):
            return False
        return bool(parse_ranges(doc.print_ranges, state.page_count))

    # --- the window of rendered pages ---------------------------------------------------------
    def _zoom_width(self, spec, state) -> int:
        """Zoomed pages are rendered at the next half step up, so a pinch does not re-render
        at every small change; the screen scales the bitmap to the exact zoom."""
        return int(self.base_width(spec) * math.ceil(state.zoom * 2) / 2)

    def _targets(self, spec, state) -> list[tuple[int, int]]:
        base = self.base_width(spec)
        pages = [state.page] + [state.page + i for i in range(1, AHEAD + 1)] + \
                [state.page - i for i in range(1, BEHIND + 1)]
        targets = [(p, base) for p in pages if 0 <= p < state.page_count]
        if state.zoom > 1:
            targets.insert(0, (state.page, self._zoom_width(spec, state)))
        return targets

    def _window(self, spec, state) -> ViewerState:
        keep = set(self._targets(spec, state))
        return replace(state, bitmaps=tuple(b for b in state.bitmaps if (b.page, b.width) in keep))

    def _wanted(self, spec, state):
        have = {(b.page, b.width) for b in state.bitmaps}
        missing = [t for t in self._targets(spec, state) if t not in have]
        if not missing:
            return ()
        # ONE request (a second would replace the first in the worker): the first target's
        # width leads, the zoomed current page first; the rest follow in order
        width = missing[0][1]
        pages = tuple(p for p, w in missing if w == width)
        more = tuple((p, w) for p, w in missing if w != width)
        return (RenderPages(state.key, pages, width, urgent=missing[0][0] == state.page, more=more),)

    def _keep(self, spec, state, event: PageRendered) -> ViewerState:
        if (event.page, event.width) not in set(self._targets(spec, state)):
            return state
        bitmap = PageBitmap(event.page, event.width, event.height, event.fmt, event.pixels, event.serial)
        others = tuple(b for b in state.bitmaps if (b.page, b.width) != (event.page, event.width))
        return replace(state, bitmaps=others + (bitmap,))

    # --- the view --------------------------------------------------------------------------
    def view(self, spec, state, dossier, ctx):
        doc = dossier.document
        on_page = [b for b in state.bitmaps if b.page == state.page]
        current = max(on_page, key=lambda b: b.width) if on_page else None
        if current is not None and state.zoom == 1:
            current = min(on_page, key=lambda b: b.width)
        subtitle = ""
        if doc is not None and doc.published_at:
            subtitle = ctx.t("viewer.published", date=doc.published_at)
        choices: tuple[tuple[str, str], ...] = ()
        if state.printing.state == "choosing" and doc is not None:
            allowed = parse_ranges(doc.print_ranges, state.page_count)
            if state.page + 1 in allowed:
                choices += (("page", ctx.t("viewer.print_this", page=state.page + 1)),)
            label = ("viewer.print_all" if len(allowed) == state.page_count else "viewer.print_allowed")
            choices += (("all", ctx.t(label, count=len(allowed), pages=as_ranges(allowed))),)
        options: tuple[tuple[str, str], ...] = ()
        if state.printing.state == "choosing" and spec.params.get("print_options"):
            p = state.printing
            options = (("copies_less", "－"), ("copies", ctx.t("doc.print.copies", copies=p.copies)),
                       ("copies_more", "＋"),
                       ("duplex", ctx.t("doc.print.duplex_on" if p.duplex else "doc.print.duplex_off")))
        after = spec.params.get("after_print")
        next_label = ctx.t(after) if after and state.printing.state == "done" else ""
        labels = {k: ctx.t(f"viewer.{k}") for k in ("prev", "next", "zoom_in", "zoom_out", "print",
                                                     "cancel", "opening", "swipe_hint")}
        return ViewerView(
            title=doc.title if doc else "", subtitle=subtitle, status=state.status,
            message=state.message, page=state.page + 1, page_count=state.page_count,
            page_label=ctx.t("viewer.page_of", page=state.page + 1, count=state.page_count)
            if state.page_count else "",
            zoom=state.zoom, zoom_label=f"{round(state.zoom * 100)}%", current=current,
            ready=state.bitmaps, can_prev=state.status == "ready" and state.page > 0,
            can_next=state.status == "ready" and state.page + 1 < state.page_count,
            can_print=state.status == "ready" and self._allowed(state, doc),
            print_state=state.printing.state, print_message=state.printing.message,
            print_choices=choices, labels=labels, options=options, next_label=next_label,
            seen=len(state.seen))

    def prompt(self, spec, state, dossier, ctx):
        return ctx.t(spec.prompt)
