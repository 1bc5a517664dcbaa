"""Public documents and the viewer step as pure transitions: search, open, the window of pages
rendered ahead, zoom, printing within the allowed pages, the printer's state on screen."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows import effects as fx
from kiosk.flows import events as fx_events
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, DocumentFailed, DocumentOpened, FieldEdited,
                                NextTapped, OptionChosen, PageRendered, PrintProgress,
                                PublicationsLoaded)
from kiosk.flows.shell import BackTapped, ScreenTouched, TileTapped
from kiosk.flows.steps.library import Library, Publication
from kiosk.flows.steps.viewer import as_ranges, parse_ranges

JUDGMENTS = (
    Publication("j1", "judgment", "张某与李某民间借贷纠纷一审民事判决书", "2024-05-28", "/d/j1.pdf", "aa",
                3, "（2024）豫0102民初1187号", "民间借贷纠纷", "豫0102", 2024),
    Publication("j2", "judgment", "王某与赵某离婚纠纷一审民事判决书", "2023-11-02", "/d/j2.pdf", "bb",
                2, "（2023）豫0181民初455号", "离婚纠纷", "豫0181", 2023),
    Publication("g1", "guide", "诉讼指南：如何立案", "2024-01-10", "/d/g1.pdf", "cc", 2, topic="立案"),
    Publication("t1", "template", "民事起诉状（样式）", "2024-01-10", "/d/t1.pdf", "dd", 2, topic="起诉"),
)
LIBRARY = Library(3, "豫0102", "2024-06-01", JUDGMENTS)


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def to_library(d):
    d.send(ScreenTouched())
    d.send(TileTapped("public_documents"))
    assert d.step == "library"
    assert any(isinstance(e, fx.LoadPublications) for e in d.effects)
    d.send(PublicationsLoaded(LIBRARY))


def open_doc(d, item="j1", pages=12):
    to_library(d)
    d.effects.clear()
    d.send(OptionChosen(item, group="open"))
    assert d.step == "viewer"
    opened = next(e for e in d.effects if isinstance(e, fx.OpenDocument))
    d.send(DocumentOpened(opened.key, pages))
    return opened.key


def rendered(key, page, width=860):
    return PageRendered(key, page, width, int(width * 1.414), "rgba", b"\xff" * 16, serial=page * 10 + width)


def test_no_card_is_needed_and_judgments_are_searched_by_number_cause_court_and_year(driver):
    d = driver
    to_library(d)
    assert d.state.identity is None
    v = view(d)
    assert [r.item_id for r in v.results] == ["j1", "j2"]  # judgments, newest first
    assert v.results[0].published == "法院发布于 2024-05-28"
    assert "郑州市中原区人民法院" in v.results[0].detail
    d.send(FieldEdited("query", "455"))
    assert [r.item_id for r in view(d).results] == ["j2"]
    d.send(FieldEdited("query", ""))
    d.send(OptionChosen("民间借贷纠纷", group="cause"))
    assert [r.item_id for r in view(d).results] == ["j1"]
    d.send(OptionChosen("民间借贷纠纷", group="cause"))  # tapped again: all causes
    d.send(OptionChosen("2023", group="year"))
    assert [r.item_id for r in view(d).results] == ["j2"]
    d.send(OptionChosen("豫0102", group="court"))
    assert view(d).results == () and view(d).count_label == "共找到 0 份"
    years = dict((g, opts) for g, _v, opts in view(d).filters)["year"]
    assert [v for v, _l in years] == ["", "2024", "2023"]
    d.send(OptionChosen("guide", group="tab"))
    assert [r.item_id for r in view(d).results] == ["g1"] and view(d).filters == ()
    d.send(OptionChosen("template", group="tab"))
    assert [r.item_id for r in view(d).results] == ["t1"]


def test_an_unverified_or_missing_catalogue_is_said_plainly(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("public_documents"))
    d.send(PublicationsLoaded(None, "library.unverified", "本机的公开文书目录未通过法院签名核验"))
    assert view(d).status == "failed" and "签名核验" in view(d).message and view(d).results == ()
    d.send(OptionChosen("j1", group="open"))
    assert d.step == "library"


def test_pages_are_rendered_ahead_and_kept_only_around_the_current_one(driver):
    d = driver
    key = open_doc(d)
    v = view(d)
    assert v.page_label == "第 1 / 12 页" and v.title.startswith("张某与李某")
    assert v.subtitle == "法院发布于 2024-05-28"
    wants = [e for e in d.effects if isinstance(e, fx.RenderPages)]
    assert wants[-1].pages == (0, 1, 2) and wants[-1].width == 860
    for p in (0, 1, 2):
        d.send(rendered(key, p))
    assert view(d).current.page == 0
    d.effects.clear()
    d.send(ActionTapped("next_page"))
    v = view(d)
    assert v.page_label == "第 2 / 12 页" and v.current is not None and v.current.page == 1, \
        "the next page was rendered ahead: it shows at once"
    assert [e.pages for e in d.effects if isinstance(e, fx.RenderPages)] == [(3,)]
    for _ in range(4):
        d.send(ActionTapped("next_page"))
    kept = {b.page for b in d.state.journey.states["viewer"].bitmaps}
    assert kept <= {4, 5, 6, 7} and 0 not in kept, kept
    d.send(PageRendered("another-doc", 5, 860, 1216, "rgba", b"", serial=1))
    assert view(d).current is None, "a late page of another document is not shown"
    d.send(ActionTapped("prev_page"))
    assert view(d).page == 5
    for _ in range(20):
        d.send(ActionTapped("next_page"))
    assert view(d).page == 12 and not view(d).can_next


def test_zoom_renders_the_current_page_sharper_and_keeps_the_base_meanwhile(driver):
    d = driver
    key = open_doc(d)
    d.send(rendered(key, 0))
    d.effects.clear()
    d.send(ActionTapped("zoom_in"))
    v = view(d)
    assert v.zoom == 1.5 and v.zoom_label == "150%" and v.current.width == 860
    assert [(e.pages, e.width) for e in d.effects if isinstance(e, fx.RenderPages)][0] == ((0,), 1290)
    d.send(rendered(key, 0, 1290))
    assert view(d).current.width == 1290
    d.send(ActionTapped("zoom", "1.73"))  # a pinch
    assert view(d).zoom == 1.75
    d.send(ActionTapped("zoom", "9"))
    assert view(d).zoom == 2.5
    d.send(ActionTapped("zoom", "abc"))
    assert view(d).zoom == 2.5
    for _ in range(5):
        d.send(ActionTapped("zoom_out"))
    assert view(d).zoom == 1.0 and view(d).current.width == 860


def test_print_this_page_or_all_and_the_job_followed(driver):
    d = driver
    open_doc(d, pages=3)
    d.send(ActionTapped("next_page"))
    d.send(NextTapped())  # the main button: 打印
    v = view(d)
    assert v.print_state == "choosing"
    assert [c for c, _l in v.print_choices] == ["page", "all"]
    assert v.print_choices[0][1] == "打印本页（第 2 页）" and v.print_choices[1][1] == "打印全部 3 页"
    d.effects.clear()
    d.send(ActionTapped("print_go", "page"))
    job = next(e for e in d.effects if isinstance(e, fx.PrintDocument))
    assert job.page_ranges == "2" and job.path == "/d/j1.pdf" and job.sha256 == "aa"
    assert not view(d).can_print, "one job at a time"
    d.send(PrintProgress(job.key, "blocked", "printer.media_empty", "打印机缺纸，请联系工作人员。", 7))
    assert view(d).print_state == "blocked" and "缺纸" in view(d).print_message
    d.send(PrintProgress(job.key, "printing", job_id=7))
    d.send(PrintProgress(job.key, "done", job_id=7))
    assert view(d).print_state == "done" and "取走" in view(d).print_message
    events = [a["event"] for a in d.dossier.audit]
    assert events.count("print_requested") == 1 and "print_blocked" in events and "print_done" in events
    d.send(ActionTapped("print"))
    d.effects.clear()
    d.send(ActionTapped("print_go", "all"))
    assert next(e for e in d.effects if isinstance(e, fx.PrintDocument)).page_ranges is None


def test_only_the_pages_the_court_allows_are_printed(driver):
    d = driver
    to_library(d)
    spec = d.state.journey.journey.spec("library")
    journey = replace(d.state.journey.journey, steps=(
        replace(spec, params={"print_ranges": "1-2,5"}),) + d.state.journey.journey.steps[1:])
    d.state = replace(d.state, journey=replace(d.state.journey, journey=journey))
    d.send(OptionChosen("j1", group="open"))
    key = next(e for e in d.effects if isinstance(e, fx.OpenDocument)).key
    d.send(DocumentOpened(key, 6))
    for _ in range(2):
        d.send(ActionTapped("next_page"))  # page 3: not allowed
    d.send(ActionTapped("print"))
    assert [c for c, _l in view(d).print_choices] == ["all"]
    assert view(d).print_choices[0][1] == "打印允许打印的 3 页（1-2,5）"
    d.effects.clear()
    d.send(ActionTapped("print_go", "page"))
    assert not any(isinstance(e, fx.PrintDocument) for e in d.effects)
    d.send(ActionTapped("print_go", "all"))
    assert next(e for e in d.effects if isinstance(e, fx.PrintDocument)).page_ranges == "1-2,5"


def test_no_printing_when_the_court_allows_none_and_a_broken_document_is_explained(driver):
    d = driver
    to_library(d)
    journey = d.state.journey.journey
    steps = (replace(journey.steps[0], params={"print_ranges": None}),) + journey.steps[1:]
    d.state = replace(d.state, journey=replace(d.state.journey, journey=replace(journey, steps=steps)))
    d.send(OptionChosen("j1", group="open"))
    key = next(e for e in d.effects if isinstance(e, fx.OpenDocument)).key
    d.send(DocumentOpened(key, 2))
    assert not view(d).can_print
    d.send(ActionTapped("print"))
    assert view(d).print_state == "idle"
    d.send(BackTapped())
    assert d.step == "library"
    d.send(OptionChosen("j2", group="open"))
    key = next(e for e in reversed(d.effects) if isinstance(e, fx.OpenDocument)).key
    d.send(DocumentFailed(key, "viewer.tampered", "这份文书未通过法院签名核验"))
    assert view(d).status == "failed" and "签名核验" in view(d).message and not view(d).can_print


def test_page_ranges():
    assert parse_ranges("", 4) == {1, 2, 3, 4}
    assert parse_ranges(None, 4) == set()
    assert parse_ranges("1-2,5,9", 6) == {1, 2, 5}
    assert as_ranges({1, 2, 3, 5, 7, 8}) == "1-3,5,7-8"


def test_a_page_turned_while_zoomed_asks_for_the_zoomed_page_and_the_window_in_one_wish(driver):
    """The worker keeps only the latest wish per document: two requests in one reply would lose
    the first (the zoomed page never came, issue 11 bench)."""
    d = driver
    key = open_doc(d)
    for p in (0, 1, 2):
        d.send(rendered(key, p))
    d.send(ActionTapped("zoom_in"))
    d.send(rendered(key, 0, 1290))
    d.effects.clear()
    d.send(ActionTapped("next_page"))
    wants = [e for e in d.effects if isinstance(e, fx.RenderPages)]
    assert len(wants) == 1, wants
    (want,) = wants
    asked = [(p, want.width) for p in want.pages] + list(want.more)
    assert asked[0] == (1, 1290) and want.urgent, "the zoomed page on screen comes first, at once"
    assert (3, 860) in asked, "and the page ahead at the base width after it"


def test_a_page_is_kept_once_its_texture_exists_and_rendered_again_when_the_texture_is_lost(driver):
    """Pixels and texture are two copies of a page (26 MB each at 250 %): once the screen says it
    made the texture the step lets the pixels go; a screen rebuilt without them asks again."""
    d = driver
    key = open_doc(d)
    d.send(rendered(key, 0))
    d.send(rendered(key, 1))
    first = view(d).current
    assert first.pixels
    before = view(d)
    d.send(fx_events.PagesUploaded((first.serial,)))
    assert view(d) != before, "a new view is published: the old one, holding the pixels, goes"
    kept = {b.serial: b for b in d.state.journey.states["viewer"].bitmaps}
    assert kept[first.serial].pixels == b"" and view(d).current.serial == first.serial
    assert kept[rendered(key, 1).serial].pixels, "only the pages uploaded let their pixels go"
    d.effects.clear()
    d.send(fx_events.PagesLost((first.serial,)))
    assert view(d).current is None
    wants = [e for e in d.effects if isinstance(e, fx.RenderPages)]
    assert len(wants) == 1 and wants[0].pages[0] == 0 and wants[0].urgent
    d.send(rendered(key, 0))
    assert view(d).current is not None and view(d).current.pixels
