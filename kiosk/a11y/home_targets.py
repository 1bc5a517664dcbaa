"""Audit targets for the home screen's further pages (``screens.home`` pages its tiles): each page
after the first, reached with the same touch a litigant makes (更多服务)."""

from __future__ import annotations

from kiosk.a11y.registry import register


def _page(number: int):
    def go(kiosk) -> None:
        from kiosk.flows.intents import ScreenTouched

        kiosk.controller.send(ScreenTouched())
        kiosk.settle()
        home = kiosk.root.screens["home"]
        for _ in range(number - 1):
            kiosk.tap(home.next_button)
        if home.page != number - 1:
            raise LookupError(f"the home screen has no page {number}")
        kiosk.pump(2)

    return go


def register_pages() -> None:
    from kiosk.flows.catalog import SERVICES
    from screens.home import paged

    for number in range(2, len(paged(SERVICES)) + 1):
        register(f"home.page{number}", _page(number))


register_pages()
