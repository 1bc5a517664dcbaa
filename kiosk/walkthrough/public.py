"""文书公开: searching the public judgments, turning and zooming pages, printing one."""

from __future__ import annotations

from kiosk.walkthrough.gestures import pinch, swipe
from kiosk.walkthrough.steps import open_service
from kiosk.walkthrough.walk import Walk


def open_publication(walk: Walk, *, digits: str = "1187", cause: str = "民间借贷纠纷") -> None:
    """From wherever the session is to a published judgment on screen, found by its case
    number's digits and its cause of action: no ID card."""
    kiosk = walk.kiosk
    if kiosk.screen == "attract":
        walk.tap(kiosk.root.screens["attract"])
        walk.wait_screen("home")
    open_service(walk, "public_documents")
    walk.wait_screen("step.library")
    walk.wait(lambda: walk.body.status != "loading", 15, "the catalogue")
    walk.shot("library", "文书公开: the court's published judgments, guides and templates; no ID card")
    screen = walk.screen
    for digit in digits:
        walk.tap(screen.keys[digit])
    walk.tap(screen.chips[("cause", cause)])
    walk.wait(lambda: len(walk.body.results) >= 1 and walk.body.query == digits
              and screen.result_cards, 5, "the search")
    walk.shot("search", f"searched by the case number's digits {digits} and the cause {cause}")
    walk.tap(screen.result_cards[0])
    walk.wait_screen("step.viewer")
    walk.wait(lambda: walk.body.current is not None, 15, "the first page")
    walk.shot("viewer", "the first page, rendered off the Kivy thread; the next ones rendered ahead")


def turn_and_zoom(walk: Walk) -> None:
    """A swipe to the next page, then a pinch to zoom in."""
    area = walk.screen.area
    page = walk.body.page
    swipe(walk, area, -360)
    walk.wait(lambda: walk.body.page == page + 1 and walk.body.current is not None, 10, "the next page")
    walk.shot("next-page", f"swiped: {walk.body.page_label}")
    pinch(walk, area, 1.8)
    walk.wait(lambda: walk.body.zoom > 1 and walk.body.current is not None
              and walk.body.current.width > 860, 15, "the zoomed page")
    walk.kiosk.pump(2)
    walk.shot("zoomed", f"pinched to {walk.body.zoom_label}: the page rendered again, sharper")


def print_shown(walk: Walk, choice: str = "all", timeout: float = 90.0) -> None:
    """打印 → this page or all allowed pages → the job followed to its end on the printer."""
    walk.next()
    walk.wait(lambda: walk.body.print_state == "choosing", 5, "the print choices")
    walk.shot("print-choices", "print this page or every page the court allows")
    walk.tap(walk.screen.choice_buttons[choice])
    walk.wait(lambda: walk.body.print_state in ("done", "failed", "blocked"), timeout, "the print job")
