"""文书公开 / 诉讼指南 / 文书样式: what the court published, read from the kiosk's own signed copy
(no ID card needed). Judgments are searched by case number digits, cause of action, court and
year; guides and templates are listed. Choosing one opens it in the viewer step that follows.

The catalogue arrives as ``PublicationsLoaded`` after ``LoadPublications`` (the worker verifies
the court's signature first); this step only filters plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.flows.dossier import DocumentRef
from kiosk.flows.effects import LoadPublications
from kiosk.flows.events import FieldEdited, OptionChosen, PublicationsLoaded
from kiosk.flows.steps.base import NEXT, Reply, Step

KINDS = ("judgment", "guide", "template")
FILTERS = ("cause", "court", "year")
MAX_RESULTS = 30


@dataclass(frozen=True)
class Publication:
    """One published document, as the court's signed catalogue lists it."""

    item_id: str
    kind: str  # judgment | guide | template
    title: str
    published_at: str  # YYYY-MM-DD, the court's publication date
    path: str = ""
    sha256: str = ""
    pages: int = 0
    case_number: str = ""
    cause: str = ""
    court: str = ""  # court code (豫0102)
    year: int = 0
    topic: str = ""


@dataclass(frozen=True)
class Library:
    version: int
    court: str
    issued_at: str
    items: tuple[Publication, ...] = ()


@dataclass(frozen=True)
class LibraryState:
    status: str = "loading"  # loading | ready | failed
    message: str = ""
    library: Library | None = field(default=None, repr=False)
    tab: str = "judgment"
    query: str = ""
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ResultRow:
    item_id: str
    title: str
    detail: str
    published: str


@dataclass(frozen=True)
class LibraryView:
    status: str
    message: str
    tab: str
    tabs: tuple[tuple[str, str], ...]
    query: str
    query_hint: str
    filters: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    """(group, chosen value, ((value, label)…)) per filter; value "" = all."""
    results: tuple[ResultRow, ...]
    count_label: str
    version_label: str


def normalise(case_number: str) -> str:
    return "".join(ch for ch in case_number if ch not in "（）() ")


def matches(item: Publication, tab: str, query: str, filters: dict[str, str]) -> bool:
    if item.kind != tab:
        return False
    if tab != "judgment":
        return not query or query in item.title
    if query and query not in normalise(item.case_number):
        return False
    for group, value in filters.items():
        if value and str(getattr(item, group)) != value:
            return False
    return True


class LibraryStep(Step):
    kind = "library"

    def initial(self, spec, dossier, ctx):
        return LibraryState(tab=spec.params.get("tab", "judgment"))

    def enter(self, spec, state, dossier, ctx):
        return Reply(replace(state, status="loading") if state.library is None else state, dossier,
                     (LoadPublications(),))

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, PublicationsLoaded):
            if event.library is None:
                return Reply(replace(state, status="failed", message=event.message), dossier)
            return Reply(replace(state, status="ready", library=event.library, message=""), dossier)
        if isinstance(event, FieldEdited) and event.target == "query":
            return Reply(replace(state, query=event.value.strip()[:20]), dossier)
        if not isinstance(event, OptionChosen):
            return Reply(state, dossier)
        if event.group == "tab" and event.value in KINDS:
            return Reply(replace(state, tab=event.value, query=""), dossier)
        if event.group in FILTERS:
            chosen = dict(state.filters)
            chosen[event.group] = "" if chosen.get(event.group) == event.value else event.value
            return Reply(replace(state, filters=tuple(sorted(chosen.items()))), dossier)
        if event.group == "open" and state.library is not None:
            item = next((i for i in state.library.items if i.item_id == event.value), None)
            if item is None:
                return Reply(state, dossier)
            doc = DocumentRef(item.item_id, item.title, item.path, item.sha256, kind=item.kind,
                              published_at=item.published_at,
                              print_ranges=spec.params.get("print_ranges", ""),
                              watermark=spec.params.get("watermark", ""))
            dossier = replace(dossier, document=doc).logged(
                event.wall, "publication_opened", item=item.item_id, kind=item.kind,
                catalogue=state.library.version)
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        items = state.library.items if state.library else ()
        chosen = dict(state.filters)
        found = [i for i in items if matches(i, state.tab, state.query, chosen)]
        found.sort(key=lambda i: (i.published_at, i.item_id), reverse=True)
        rows = tuple(ResultRow(i.item_id, i.title, self._detail(i, ctx),
                               ctx.t("library.published", date=i.published_at))
                     for i in found[:MAX_RESULTS])
        filters = ()
        if state.tab == "judgment":
            judgments = [i for i in items if i.kind == "judgment"]
            filters = tuple((group, chosen.get(group, ""), self._options(group, judgments, ctx))
                            for group in FILTERS)
        tabs = tuple((k, ctx.t(f"library.tab.{k}")) for k in KINDS)
        version = (ctx.t("library.version", version=state.library.version, date=state.library.issued_at)
                   if state.library else "")
        return LibraryView(state.status, state.message, state.tab, tabs, state.query,
                           ctx.t("library.query_hint" if state.tab == "judgment" else "library.no_query"),
                           filters, rows, ctx.t("library.count", count=len(found)), version)

    @staticmethod
    def _court_name(code: str, ctx) -> str:
        court = ctx.courts.by_code(code) if ctx.courts is not None else None
        return court.name if court is not None else code

    def _detail(self, item: Publication, ctx) -> str:
        if item.kind == "judgment":
            return f"{item.case_number}　{item.cause}　{self._court_name(item.court, ctx)}"
        return item.topic

    def _options(self, group: str, items, ctx) -> tuple[tuple[str, str], ...]:
        values = sorted({str(getattr(i, group)) for i in items if getattr(i, group)},
                        reverse=group == "year")
        def short(code: str) -> str:  # the row is headed 法院: 郑州市中原区, not 郑州市中原区人民法院
            name = self._court_name(code, ctx)
            return name[:-4] if name.endswith("人民法院") and len(name) > 4 else name
        label = short if group == "court" else (lambda v: v)
        return (("", ctx.t("library.all")),) + tuple((v, label(v)) for v in values)
