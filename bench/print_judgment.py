"""Touch "print" → the first page out of the IPP printer, for a 20-page judgment collected at the
kiosk (文书领取), on the real screens (offscreen), through the kiosk's print effect (the signed
hash checked again, CUPS over IPP, the job followed) to a private cupsd → ippeveprinter.

The named peer, in the same run and on the same print stack: the same file sent with ``lp``
alone (same queue, same double-sided option). ippeveprinter takes the whole document before it
"prints", so "first page out" is the moment the printer has the document (its job script runs).

    .venv/bin/python bench/print_judgment.py [--pages 20] [--trials 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-home-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def new_file(printed: Path, before: set, pump=None, timeout: float = 120.0) -> float:
    """Wait for a new document in ippeveprinter's output folder; the moment it appeared."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(printed.glob("*.pdf")) - before:
            return time.perf_counter()
        if pump is not None:
            pump()
        else:
            time.sleep(0.005)
    raise TimeoutError("nothing reached the printer")


def deliver(ks, cs, pdf: bytes, holder) -> str:
    """A 20-page judgment for the card holder, signed by the court, into the kiosk's inbox."""
    from court.collection import collectable_document
    from court.keys import court_key
    from offline_queue.canonical import b64e, canonical, sha256_hex
    from offline_queue.document import recipient_tag
    from offline_queue.downlink import DocumentInbox
    from offline_queue.service import court_public_key, open_outbox

    doc = collectable_document(cs, court_key(cs), kiosk_id=ks.kiosk.kiosk_id, pdf=pdf,
                               title="张三与李四民间借贷纠纷一审民事判决书（基准测试）",
                               recipient=recipient_tag(holder.id_number), recipient_name=holder.name,
                               doc_type="judgment", case_ref="（2024）豫0102民初1187号", code="123456")
    inbox = DocumentInbox(open_outbox(ks), ks.storage.data_dir / "docs", court_public_key(ks),
                          ks.kiosk.kiosk_id, 8 << 20)
    inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}))
    for f, c, data in doc.chunks():
        inbox.on_chunk(doc.doc_id, f, c, data, sha256_hex(data))
    return doc.doc_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()

    from kivy.base import EventLoop

    from kiosk.headless import Headless
    from kiosk.viewer.samples import sample_pdf
    from kiosk.walkthrough import Walk, documents_open, start_with_card
    from tests.fixtures.cups import PrintStack
    from tests.transport.helpers import court_settings, exchange_keys
    from tests.ui.journey_rig import journey_settings

    root = Path(tempfile.mkdtemp(prefix="bench-print-", dir="/tmp"))
    root.chmod(0o755)
    (root / "cups").mkdir()
    (root / "cups").chmod(0o755)
    stack = PrintStack(root / "cups")
    stack.start()
    kiosk = None
    try:
        ks = journey_settings(root / "kiosk", 1)
        printer = ks.devices.printer.model_copy(update={
            "kind": "cups", "url": stack.queue,
            "options": {"server": f"127.0.0.1:{stack.cups_port}"}})  # the driver's own poll interval
        ks = ks.model_copy(update={"devices": ks.devices.model_copy(update={"printer": printer})})
        cs = court_settings(root / "court", 1)
        exchange_keys(ks, cs)
        pdf = root / "judgment.pdf"
        pdf.write_bytes(sample_pdf("judgment", pages=args.pages))
        kiosk = Headless(ks, with_runtime=True, start_sender=False)
        walk = Walk(kiosk, None, log=lambda _m: None)
        start_with_card(walk)
        holder = kiosk.controller.state.identity
        doc_id = deliver(ks, cs, pdf.read_bytes(), holder)
        kiosk_s, lp_s, accepted_s = [], [], []
        for trial in range(args.trials):
            # the kiosk: 文书领取 → the judgment → 打印 → 打印全部 (the touch measured)
            if kiosk.screen != "home":
                walk.tap(walk.screen.end_button)
                walk.wait_screen("attract", 20)
                kiosk.app.kiosk.runtime.devices["idcard"].simulator.remove()
                time.sleep(1.5)  # the watcher sees the card gone: the next one is a new touch
                start_with_card(walk)
            documents_open(walk, shot="")
            walk.tap(walk.screen.row_buttons[doc_id])
            walk.wait_screen("step.viewer")
            walk.wait(lambda: walk.body.current is not None, 30, "the first page")
            settle = time.monotonic() + 2.0  # a reader looks at the page; the pages ahead render
            while time.monotonic() < settle:
                EventLoop.idle()
            walk.next()
            walk.wait(lambda: walk.body.print_state == "choosing", 5, "the print choices")
            before = set(stack.printed.glob("*.pdf"))
            start = time.perf_counter()
            kiosk.tap(walk.screen.choice_buttons["all"])
            out = new_file(stack.printed, before, EventLoop.idle)
            kiosk_s.append(out - start)
            walk.wait(lambda: walk.body.print_state == "done", 120, "the job done")
            # the peer: the same file, lp alone, same queue and options
            before = set(stack.printed.glob("*.pdf"))
            start = time.perf_counter()
            subprocess.run(["lp", "-h", f"127.0.0.1:{stack.cups_port}", "-d", stack.queue,
                            "-o", "sides=two-sided-long-edge", str(pdf)], check=True, capture_output=True)
            accepted_s.append(time.perf_counter() - start)
            lp_s.append(new_file(stack.printed, before, EventLoop.idle) - start)  # the kiosk on screen meanwhile
            time.sleep(1.0)  # let the printer go idle between trials
        k, lp = statistics.median(kiosk_s), statistics.median(lp_s)
        load = os.getloadavg()[0]
        print(f"judgment: {args.pages} pages, {pdf.stat().st_size / 1024:.0f} KiB, double-sided; "
              f"{args.trials} trials each; load average {load:.1f} on {os.cpu_count()} cores")
        print(f"kiosk  touch 打印全部 → document at the IPP printer: median {k * 1000:.0f} ms "
              f"({', '.join(f'{x * 1000:.0f}' for x in kiosk_s)})")
        print(f"lp     command → document at the IPP printer:        median {lp * 1000:.0f} ms "
              f"({', '.join(f'{x * 1000:.0f}' for x in lp_s)}; lp itself returned in "
              f"{statistics.median(accepted_s) * 1000:.0f} ms)")
        print(f"ratio kiosk / lp: {k / lp:.2f}")
        return 0
    finally:
        if kiosk is not None:
            kiosk.close()
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
