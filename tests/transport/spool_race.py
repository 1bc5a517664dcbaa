"""One side of the sealing-vs-recovery race (test_spool): ``python -m tests.transport.spool_race
seal|recover ROOT SECONDS`` seals sample packets, or runs the sender's start-up recovery (a fresh
Outbox each round, as each start of `kiosk sender run` does), until SECONDS pass. One JSON line per
event on stdout: {"sealed": id} or {"error": traceback}."""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from kiosk.packet_assembly import sample_filing, seal_session
from offline_queue.outbox import Outbox
from tests.transport.helpers import kiosk_settings


def main(role: str, root: str, seconds: float) -> None:
    ks = kiosk_settings(Path(root), 1883)  # the same settings as the test's pair()
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        try:
            if role == "seal":
                pid = seal_session(ks, sample_filing(material_bytes=60_000, seed=rounds))
                print(json.dumps({"sealed": pid}), flush=True)
            else:
                outbox = Outbox.from_settings(ks)
                outbox.recover()
                outbox.engine.dispose()
        except Exception:
            print(json.dumps({"error": traceback.format_exc()}), flush=True)
    print(json.dumps({"rounds": rounds}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
