"""The headless demo's 文书领取 part alone (``kiosk.demo_services.documents_step``) against the
embedded demo court (real Mosquitto with mutual TLS, real `court-gateway run`, as `kiosk demo
--demo-court` starts them): the litigant asks for the judgment, the clerk answers with it, and
only then is it picked up, previewed, printed and signed for — one PNG per step, in that order."""

from __future__ import annotations

import pytest

from kiosk.demo_court import DemoCourt
from kiosk.demo_services import documents_step
from kiosk.headless import Headless, demo_settings
from kiosk.walkthrough import Walk, start_with_card
from tests.ui.journey_rig import journey_settings

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_the_demo_asks_for_the_judgment_then_collects_it(tmp_path):
    said: list[str] = []
    settings = journey_settings(tmp_path / "kiosk", 1)  # the broker and the court key: the demo court's
    with DemoCourt(settings, workdir=tmp_path) as court:
        kiosk = Headless(demo_settings(court.apply(settings)), with_runtime=True, start_sender=True)
        try:
            walk = Walk(kiosk, tmp_path / "shots", log=said.append)
            start_with_card(walk)
            doc_id = documents_step(walk, court, said.append)
            assert kiosk.screen == "home"
        finally:
            kiosk.close()
        listing = court.records("documents")
        requests = court.records("documents", "requests", "--state", "answered")
    row = next(line for line in listing.splitlines() if line.startswith(doc_id))
    assert " served " in row and "张三丰" in row, listing
    assert "document_sent" in requests and "判决书" in requests, requests
    steps = [p.name.split("-", 1)[1] for p in walk.shots]
    walked = ["documents.png", "documents-case-number.png", "documents-form.png", "documents-sign.png",
              "documents-requested.png",
              "documents-sent.png", "documents-preview.png", "documents-print-choices.png",
              "documents-printed.png", "documents-proof.png", "documents-served.png"]
    assert [s for s in steps if s in walked] == walked, steps
    assert any("document request sealed as packet" in line for line in said)
