"""Audit targets for the public documents' step screens (library, viewer): a catalogue handed to
the library step as its worker would, and a real sample PDF rendered by the real viewer worker."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

from kiosk.a11y.registry import register


def _library():
    from kiosk.flows.steps.library import Library, Publication
    from kiosk.viewer.samples import sample_pdf

    path = Path(tempfile.gettempdir()) / "kiosk-audit-judgment.pdf"
    if not path.exists():
        path.write_bytes(sample_pdf("judgment", pages=3))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    items = (Publication("j1", "judgment", "张某与李某民间借贷纠纷一审民事判决书", "2024-05-28", str(path),
                         digest, 3, "（2024）豫0102民初1187号", "民间借贷纠纷", "豫0102", 2024),
             Publication("j2", "judgment", "王某与赵某离婚纠纷一审民事判决书", "2023-11-02", str(path),
                         digest, 3, "（2023）豫0181民初455号", "离婚纠纷", "豫0181", 2023))
    return Library(3, "豫0181", "2024-06-01", items)


def _to(kiosk, step: str) -> None:
    from kiosk.flows.events import OptionChosen, PublicationsLoaded
    from kiosk.flows.intents import ScreenTouched, TileTapped

    send = kiosk.controller.send
    send(ScreenTouched())
    send(TileTapped("public_documents"))
    kiosk.settle()
    send(PublicationsLoaded(_library()))
    kiosk.settle()
    if step == "viewer":
        send(OptionChosen("j1", group="open"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            kiosk.pump(1)
            body = kiosk.controller.view.step.body
            if getattr(body, "current", None) is not None:
                break
        kiosk.settle()


register("step.library", lambda kiosk: _to(kiosk, "library"))
register("step.viewer", lambda kiosk: _to(kiosk, "viewer"))


def _pane(pane: str):
    """The library's keypad or filters: in large type (elderly, English) each shows on its own,
    reached with the litigant's tap on 按案号查找 / 筛选; in normal type they are always there."""

    def go(kiosk) -> None:
        _to(kiosk, "library")
        screen = kiosk.root.manager.current_screen
        if kiosk.screen != "step.library":
            raise LookupError(f"expected step.library, showing {kiosk.screen}")
        if screen.large:
            kiosk.tap(screen.to_number if pane == "number" else screen.to_filters)
            kiosk.pump(2)
            if screen.pane != pane:
                raise LookupError(f"the library's {pane} part did not show")

    return go


register("library.number", _pane("number"))
register("library.filters", _pane("filters"))


def _print_choices(kiosk) -> None:
    """The viewer with its print choices open (打印 tapped): this page, every page, 取消."""
    from kiosk.flows.events import NextTapped

    _to(kiosk, "viewer")
    kiosk.controller.send(NextTapped())
    kiosk.settle()
    if getattr(kiosk.controller.view.step.body, "print_state", "") != "choosing":
        raise LookupError("the viewer's print choices did not open")


register("viewer.print", _print_choices)
