"""卷宗查阅 walked with touches through the real screens, on the simulators, a real Mosquitto and a
real court gateway: the request (notice, case number keypad, the materials typed on the pinyin
keyboard, three signatures) to the court's record; ``court-gateway archives approve`` with the
pages that may be printed; the signed answer back on the status step; then a new session, the ID
card, the approved archive (and nobody else's), the watermark in the pixels on screen, a swipe, a
pinch, a print of only the allowed pages reported back to the court; the time limit running out
with nothing of the archive left on disk or in memory."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from kiosk.walkthrough import Walk, archive_open, archive_read_and_print, archive_request, start_with_card
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
LINK = "https://court.example/archive/1187"


def shots_dir(tmp_path) -> Path:
    root = os.environ.get("ARC_SHOTS")
    return Path(root) if root else tmp_path / "shots"


def watermark_pixels(pixels: bytes) -> int:
    """Pixels the dark-red watermark ink tinted (the sample pages are black on white: r == g == b)."""
    import numpy as np

    rgba = np.frombuffer(pixels, dtype=np.uint8).reshape(-1, 4).astype(int)
    return int(((rgba[:, 0] - rgba[:, 1]) > 18).sum())


def screen_pixels(kiosk, path: Path) -> int:
    from PIL import Image

    kiosk.save(path)
    image = Image.open(path).convert("RGBA")
    return watermark_pixels(image.tobytes())


class WriteWatch:
    """Every file opened for writing by this process while ``on`` (Python's audit hook ``open``)."""

    def __init__(self):
        self.on = False
        self.written: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event, args):
        if not self.on or event != "open":
            return
        path, mode, flags = (list(args) + [None, None])[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
            (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing and isinstance(path, (str, bytes, os.PathLike)):
            self.written.append(os.fsdecode(path))


WATCH = WriteWatch()


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_request_approve_view_watermarked_print_allowed_pages_and_time_out(tmp_path, mosquitto):
    from kiosk.viewer.samples import long_pdf, sample_pdf

    with kiosk_and_court(tmp_path, mosquitto.port, pinyin=True) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path), log=lambda _m: None)
        start_with_card(walk)
        packet_id = archive_request(walk, CASE)
        assert running.outbox.get(packet_id).state == "delivered"
        listing = court_cli(cs, "archives", "list")
        assert packet_id in listing.stdout and CASE in listing.stdout and "证据材料" in listing.stdout, listing.stdout
        complaint, transcript = tmp_path / "complaint.pdf", tmp_path / "transcript.pdf"
        complaint.write_bytes(sample_pdf("judgment", pages=3))
        transcript.write_bytes(long_pdf(2))
        approved = court_cli(cs, "archives", "approve", packet_id, "--file", str(complaint), "--title", "起诉状及证据",
                             "--print", "1-2", "--file", str(transcript), "--title", "庭审笔录",
                             "--link", LINK, "--minutes", "30")
        assert approved.returncode == 0, approved.stderr
        walk.wait(lambda: walk.body.state == "answered", 60, "the court's signed answer")
        assert walk.screen.headline.text == "管辖法院已批准查阅"
        walk.shot("archive-approved", "the court approved: its signed answer on the status step")
        walk.next()
        walk.wait_screen("home")
        _end(walk)

        # someone else's card: nothing of this archive
        archive_open(walk, card="long_term")
        assert walk.body.grants == () and walk.body.empty and walk.screen.file_cards == []
        _end(walk)

        # the addressee: the archive, its QR code, the watermarked page
        archive_open(walk, 0)
        body = walk.body
        assert body.status == "ready" and body.current is not None
        # the page's pixels live only in its texture once it is on screen (PagesUploaded)
        assert watermark_pixels(walk.screen.area.texture.pixels) > 1000, "the watermark is in the page's pixels"
        assert screen_pixels(kiosk, tmp_path / "screen.png") > 1000, "and on the screen"
        assert body.time_label.startswith("剩余查阅时间 ")
        watermark = kiosk.controller.state.journey.dossier.document.watermark
        assert watermark.startswith("张三丰 · ") and ks.kiosk.kiosk_id in watermark

        archive_read_and_print(walk)
        assert walk.body.print_state == "done"
        jobs = list(kiosk.controller.ports.printer.jobs.values())
        assert [j.options.page_ranges for j in jobs] == ["1-2"], "only the pages the court allowed"
        walk.wait(lambda: "archive_print" in court_cli(cs, "archives", "prints").stdout
                  or "1-2" in court_cli(cs, "archives", "prints").stdout, 60, "the print reported to the court")
        prints = court_cli(cs, "archives", "prints").stdout
        assert "起诉状及证据 / 1-2 / " in prints, prints

        # the second file may not be printed; then the clock runs out
        walk.tap(walk.screen.back_button)
        walk.wait_screen("step.archives")
        walk.tap(walk.screen.file_cards[1])
        walk.wait_screen("step.archive_viewer")
        walk.wait(lambda: walk.body.current is not None, 20, "the transcript")
        assert not walk.body.can_print and "未准许打印" in walk.body.notice
        data_root = Path(ks.storage.data_dir)
        before = files_under(tmp_path / "kiosk")
        WATCH.on = True
        (tmp_path / "probe.bin").write_bytes(b"x")  # the watch itself sees a write
        assert WATCH.written and WATCH.written[-1].endswith("probe.bin")
        WATCH.written.clear()
        try:
            for _ in range(2):
                from kiosk.walkthrough import swipe

                swipe(walk, walk.screen.area, -360)
                kiosk.pump(3)
            viewing = kiosk.controller.state.journey.dossier.archive
            _advance(kiosk, viewing.deadline - 60)
            walk.wait(lambda: walk.body.time_short, 5, "the last minutes")
            walk.shot("archive-warning", "two minutes left: said aloud, the clock turns red")
            _advance(kiosk, viewing.deadline + 1)
            walk.wait(lambda: walk.body.status == "failed" and walk.body.ended, 10, "the end of the viewing")
        finally:
            WATCH.on = False
        kiosk.pump(3)
        walk.shot("archive-time-up", "the time is up: the archive is closed, no page left on screen")
        assert walk.screen.area.texture is None and walk.screen.textures == {}
        assert kiosk.controller.ports.renderer._docs == {}, "the renderer let the document go"
        assert kiosk.controller.state.journey.dossier.document is None
        # Other threads run meanwhile: the log, the sender taking the spool's (empty) lock file, a
        # child's stdin on /dev/null. None of those can hold a page; anything else fails.
        written = [p for p in WATCH.written if not p.endswith((".log", ".txt", ".lock"))
                   and not p.startswith(("/dev/", "/proc/"))]
        assert written == [], f"viewing wrote files: {written}"
        after = files_under(tmp_path / "kiosk")
        changed = sorted(p for p in set(after) - set(before) | {p for p in before if after.get(p) != before[p]}
                         if not p.endswith(("-wal", "-shm", ".db", ".sqlite", ".log")))
        assert changed == [], f"files appeared or changed while viewing: {changed}"
        images = [p for p in data_root.rglob("*") if p.suffix in (".png", ".jpg", ".ppm", ".bmp", ".raw")
                  and p.parent.name != "signature"]  # the request's signatures wait in its packet
        assert images == [], f"page images in the kiosk's data: {images}"
        walk.tap(walk.screen.back_button)
        walk.wait_screen("step.archives")
        assert walk.body.ended
        walk.tap(walk.screen.file_cards[0])
        kiosk.pump(3)
        assert kiosk.screen == "step.archives", "nothing opens once the time is over"
        out = os.environ.get("ARC_SHOTS")
        if out:
            shutil.copy(tmp_path / "screen.png", Path(out) / "screen-watermark.png")


def _end(walk: Walk) -> None:
    """结束办理: the session ends, back to the attract screen."""
    kiosk = walk.kiosk
    if kiosk.screen.startswith("step."):
        walk.tap(walk.screen.end_button)
    elif kiosk.screen == "home":
        from kiosk.flows.intents import EndTapped

        kiosk.controller.send(EndTapped())
    walk.wait_screen("attract", 15)


def _advance(kiosk, now: float) -> None:
    """The kiosk's monotonic clock moved on to ``now`` (the viewing's deadline is on it), with a
    touch at once so the idle timeout stays out of it; the app's own ticks then see the time."""
    from kiosk.flows.intents import ScreenTouched

    controller = kiosk.controller
    real = getattr(controller, "_real_clock", controller.clock)
    controller._real_clock = real
    offset = now - real()
    if offset > 0:
        controller.clock = lambda: real() + offset
    controller.send(ScreenTouched())
    kiosk.pump(5)
