"""Audit targets for 文书领取's step screens (documents, served): the documents handed to the
step as its worker would (a real sample PDF), then printed, signed and sealed through the same
events the workers send."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

from kiosk.a11y.registry import register

_CASE = "（2024）豫0102民初1187号"


def _items(tag: str):
    from kiosk.flows.events import Collectable
    from kiosk.viewer.samples import sample_pdf

    path = Path(tempfile.gettempdir()) / "kiosk-audit-collect.pdf"
    if not path.exists():
        path.write_bytes(sample_pdf("judgment", pages=2))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    form = (("送达法院", "郑州市中原区人民法院"), ("案号", _CASE))
    return (Collectable("01a2310a-ed0a-7d0a-b48f-30e61f3a9c01", "张三与李四民间借贷纠纷一审民事判决书", str(path),
                        digest, tag, "张三", "judgment", _CASE, "豫0102", "2026-11-30T10:00:00Z", form),
            Collectable("01a2310a-ed0a-7d0a-b48f-30e61f3a9c02", "民事裁定书（准许撤回上诉）", str(path),
                        digest, tag, "张三", "ruling", _CASE, "豫0102", "2026-11-28T10:00:00Z", form, True))


def _to(kiosk, step: str) -> None:
    from kiosk.a11y.journey_targets import ZHANG
    from kiosk.flows.dossier import Identity, PacketInfo
    from kiosk.flows.events import (ActionTapped, CardRead, DocumentsFound, NextTapped, PacketSealed,
                                    PrintProgress, SignatureDrawn)
    from kiosk.flows.intents import ScreenTouched, TileTapped
    from kiosk.flows.rules.documents import recipient_tag

    send = kiosk.controller.send
    send(ScreenTouched())
    send(CardRead(Identity(**ZHANG)))
    send(TileTapped("document_collection"))
    kiosk.settle()
    js = kiosk.controller.state.journey
    items = _items(recipient_tag(ZHANG["id_number"]))
    send(DocumentsFound(js.states["documents"].ticket, items))
    kiosk.settle()
    if step == "documents":
        return
    send(ActionTapped("open", items[0].doc_id))
    kiosk.settle()
    key = kiosk.controller.state.journey.states["viewer"].key
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and kiosk.controller.state.journey.states["viewer"].status == "opening":
        kiosk.pump(1)
    send(PrintProgress(f"{key}#print1", "done", job_id=1))
    send(NextTapped())
    if step == "served":  # the seal answered below, as the sealing worker would
        from kiosk.flows.effects import SealProof

        kiosk.controller.dispatcher.register(SealProof, lambda _effect: None)
    send(SignatureDrawn('[{"x": 1, "y": 2, "t": 0}]', b""))
    kiosk.settle()
    if step == "served.failed":  # no court key on an audit kiosk: the seal fails, 重试 offered
        return
    send(PacketSealed(PacketInfo("01a2310a-ed0a-7d0a-b48f-30e61f3a9c38", "ab" * 32, time.time())))
    kiosk.settle()


register("step.documents", lambda kiosk: _to(kiosk, "documents"))
register("step.served", lambda kiosk: _to(kiosk, "served"))
register("served.failed", lambda kiosk: _to(kiosk, "served.failed"))
