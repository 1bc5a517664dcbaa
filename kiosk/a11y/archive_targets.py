"""Audit targets for 卷宗查阅's step screens (archives, archive_viewer): an approval handed to
the list step as its worker would, with a real sample PDF rendered by the real viewer worker."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

from kiosk.a11y.registry import register


def _grant():
    from kiosk.flows.steps.archives import ArchiveFile, ArchiveGrant
    from kiosk.viewer.samples import sample_pdf

    path = Path(tempfile.gettempdir()) / "kiosk-audit-archive.pdf"
    if not path.exists():
        path.write_bytes(sample_pdf("judgment", pages=3))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return ArchiveGrant("audit-archive", "（2024）豫0102民初1187号", "郑州市中原区人民法院", "豫0102",
                        "2026-12-01 10:00", 30, "https://court.example/archive/1187", "2026-12-16",
                        (ArchiveFile(str(path), digest, "起诉状及证据", 3, "1-2"),
                         ArchiveFile(str(path), digest, "庭审笔录", 3, None)))


def _to(kiosk, step: str) -> None:
    from kiosk.flows.dossier import Identity
    from kiosk.flows.events import ArchivesLoaded, CardRead, NextTapped, OptionChosen
    from kiosk.flows.intents import ScreenTouched, TileTapped

    send = kiosk.controller.send
    for event in (ScreenTouched(), TileTapped("archive_viewing"), OptionChosen("archive_view"),
                  CardRead(Identity(name="张三", id_number="410181199003074517")), NextTapped()):
        send(event)
        kiosk.settle()
    send(ArchivesLoaded((_grant(),), (), "kiosk-audit"))
    kiosk.settle()
    if step == "viewer":
        send(OptionChosen("audit-archive/0", group="file"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            kiosk.pump(1)
            if getattr(kiosk.controller.view.step.body, "current", None) is not None:
                break
        kiosk.settle()


register("step.archives", lambda kiosk: _to(kiosk, "archives"))
register("step.archive_viewer", lambda kiosk: _to(kiosk, "viewer"))
