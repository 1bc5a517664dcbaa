"""The home screen with more services than one page holds: pages by group (the public documents,
needing no ID card, on a page of their own), turned by touch, every tile ≥ 15 mm with its name and
hint inside it, the first page again whenever the home screen is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.flows.catalog import SERVICES, WAITING_FOR_A_TILE, ServiceInfo
from screens.home import PAGE_SIZE, paged

pytestmark = pytest.mark.ui
SHOTS = os.environ.get("QUERY_SHOTS")


def test_pages_group_the_services_and_hold_ten_each():
    pages = paged(SERVICES)
    assert [s.id for page in pages for s in page] == [s.id for s in SERVICES], "every service, in order"
    assert all(len(page) <= PAGE_SIZE for page in pages) and len(pages) == 2
    assert [s.id for s in pages[1]] == ["public_documents"] and WAITING_FOR_A_TILE == ()
    many = tuple(ServiceInfo(f"s{i}", "x", "x", "x", "x") for i in range(23))
    assert [len(p) for p in paged(many)] == [10, 10, 3]
    assert paged(()) == [()]


def test_turning_to_the_public_documents_by_touch_without_an_id_card(kiosk):
    from screens import theme

    kiosk.tap(pos=(kiosk.window.width / 2, kiosk.window.height * 0.6))
    home = kiosk.root.screens["home"]
    assert kiosk.screen == "home" and home.page == 0
    assert home.prev_button.opacity == 0 and home.next_button.label.text == "无需身份证"
    assert home.page_label.text == "第 1 / 2 页" and home.title.text == "请选择要办理的业务"
    mm = theme.ACTIVE.px_per_mm
    for page in home.pages:
        for service in page:
            tile = home.tiles[service.id]
            if tile.parent is None:
                continue
            assert tile.width / mm >= 15 and tile.height / mm >= 15, service.id
            for label in (tile.title, tile.subtitle):
                assert label.texture_size[1] <= label.height + 1 and label.texture_size[0] <= label.width + 1
    assert home.tiles["public_documents"].parent is None, "not on the first page"
    if SHOTS:
        kiosk.save(Path(SHOTS) / "cf-home-page1.png")
    kiosk.tap(home.next_button)
    assert home.page == 1 and home.title.text == "无需身份证的服务" and home.next_button.opacity == 0
    assert home.page_label.text == "第 2 / 2 页" and home.tiles["case_filing"].parent is None
    tile = home.tiles["public_documents"]
    assert tile.parent is not None and tile.height / mm >= 15
    if SHOTS:
        kiosk.save(Path(SHOTS) / "cf-home-page2.png")
    kiosk.tap(tile)
    assert kiosk.screen == "step.library", "public documents: no ID card asked"
    assert kiosk.controller.state.identity is None
    kiosk.tap(kiosk.root.screens["step.library"].back_button)
    assert kiosk.screen == "home" and home.page == 0, "back on the home screen: its first page"
    kiosk.tap(home.next_button)
    kiosk.tap(home.prev_button)
    assert home.page == 0 and home.tiles["case_filing"].parent is not None
