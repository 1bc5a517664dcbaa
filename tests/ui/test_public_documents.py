"""文书公开 walked with touches: the court publishes with ``court-gateway publish``, the signed
catalogue reaches the kiosk over a real Mosquitto and sender, a litigant without an ID card
searches, opens, swipes, pinches and prints on the real IPP printer (CUPS → ippeveprinter),
paper running out mid-job included; a withdrawn judgment disappears."""

from __future__ import annotations

import contextlib

import pytest

from kiosk.walkthrough import Walk, open_publication, open_service, print_shown, turn_and_zoom
from tests.transport.helpers import Running, court_settings, exchange_keys
from tests.ui.journey_rig import court_cli, journey_settings
from tests.viewer.helpers import DATES, publish_samples  # noqa: F401  (DATES: sample dates)

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@contextlib.contextmanager
def kiosk_with_printer(tmp_path, broker_port, print_stack):
    from kiosk.headless import Headless

    ks = journey_settings(tmp_path / "kiosk", broker_port)
    printer = ks.devices.printer.model_copy(update={
        "kind": "cups", "url": print_stack.queue,
        "options": {"server": f"127.0.0.1:{print_stack.cups_port}", "poll_interval": 0.1}})
    ks = ks.model_copy(update={"devices": ks.devices.model_copy(update={"printer": printer})})
    cs = court_settings(tmp_path / "court", broker_port)
    exchange_keys(ks, cs)
    kiosk = Headless(ks, with_runtime=True, start_sender=False)
    try:
        with Running(ks, cs, gateway=True, sender=True) as running:
            yield kiosk, ks, cs, running
    finally:
        kiosk.close()


def publish(cs, tmp_path):
    from kiosk.viewer.samples import SAMPLES, write_samples

    ids = {}
    for sample, path in write_samples(tmp_path / "samples"):
        args = ["publish", sample.kind, str(path), "--title", sample.title, "--date", DATES[sample.kind]]
        if sample.kind == "judgment":
            args += ["--case-number", sample.meta["case_number"], "--cause", sample.meta["cause"]]
        else:
            args += ["--topic", sample.meta["topic"]]
        done = court_cli(cs, *args)
        assert done.returncode == 0, done.stderr
        ids[sample.kind] = done.stdout.split()[1].rstrip(":")
    assert len(ids) == len(SAMPLES)
    return ids


def test_search_read_turn_zoom_and_print_a_published_judgment(tmp_path, mosquitto, print_stack):
    with kiosk_with_printer(tmp_path, mosquitto.port, print_stack) as (kiosk, ks, cs, running):
        ids = publish(cs, tmp_path)
        listing = court_cli(cs, "publications")
        assert "catalogue version 3" in listing.stdout and ids["judgment"] in listing.stdout
        docs = running.sender.docs
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        walk.wait(lambda: any(d.kind == "catalogue" and d.title.endswith("第3版")
                              for d in docs.documents()), 60, "catalogue version 3 at the kiosk")
        open_publication(walk)
        assert kiosk.controller.state.identity is None, "no ID card was needed"
        body = walk.body
        assert body.page_label == "第 1 / 3 页" and body.subtitle == "法院发布于 2024-05-28"
        turn_and_zoom(walk)
        assert walk.body.page_label == "第 2 / 3 页" and walk.body.zoom > 1.5
        before = set(print_stack.printed.glob("*.pdf"))
        print_stack.inject("STATE: +media-empty-error", hold=True, release=("STATE: -media-empty-error",))
        print_shown(walk, "all")
        assert walk.body.print_state == "blocked" and "缺纸" in walk.body.print_message
        walk.shot("print-paper-out", "paper out: told plainly, the job kept")
        print_stack.release_hold()
        walk.wait(lambda: walk.body.print_state == "done", 90, "the job to finish after the refill")
        walk.shot("printed", "printed: the same job finished once the tray was refilled")
        printed = set(print_stack.printed.glob("*.pdf")) - before
        assert len(printed) == 1, printed
        events = [a["event"] for a in kiosk.controller.state.journey.dossier.audit]
        assert {"publication_opened", "print_requested", "print_blocked", "print_done"} <= set(events)
        # the court withdraws the judgment: the kiosk no longer lists it
        done = court_cli(cs, "withdraw", ids["judgment"])
        assert done.returncode == 0, done.stderr
        walk.wait(lambda: any(d.title.endswith("第4版") for d in docs.documents()), 60, "version 4")
        walk.tap(walk.screen.back_button)
        walk.wait_screen("step.library")
        walk.tap(walk.screen.back_button)
        walk.wait_screen("home")
        open_service(walk, "public_documents")
        walk.wait(lambda: kiosk.screen == "step.library" and walk.body.status == "ready"
                  and "第 4 版" in walk.body.version_label, 15, "the new catalogue")
        assert walk.body.results == ()
        walk.tap(walk.screen.tab_buttons["guide"])
        walk.wait(lambda: [r.title for r in walk.body.results] == ["诉讼指南：如何立案"], 5, "the guide")
