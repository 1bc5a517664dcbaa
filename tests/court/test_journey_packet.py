"""The kiosk's real filing journey, to the court's review: the civil filing is walked through the
pure shell (card tap, case type, court, two scanned materials, parties pre-filled from OCR, five
signed confirmations), its ``SealPacket`` filing is sealed with the kiosk's packet code, recorded by
the court's receiver, and read back by ``review show``.

``seal_spec`` stands in for the kiosk's SealPacket handler (not written yet): it lays the journey's
filing out as the packet format the court reads (see docs/readme/court-review.md)."""

from __future__ import annotations

import json

import pytest

from config.courts import packaged_courts
from court.keys import court_key
from court.review import dossier_for
from court.review_text import render
from kiosk.flows.dossier import PageRef
from kiosk.flows.effects import ScanMaterial, SealPacket
from kiosk.flows.events import (ActionTapped, FieldEdited, MaterialRecognised, NextTapped, OptionChosen,
                                PageScanned, ScanFinished, SignatureDrawn)
from kiosk.packet_assembly import Material, SessionFiling, builder_for
from offline_queue.service import open_outbox, seal_packet
from tests.court.helpers import pdf, record
from tests.journeys.conftest import COMPLAINT_FIELDS, Driver
from tests.journeys.test_filing_journey import walk_to_materials

pytestmark = pytest.mark.unit
STROKES = json.dumps({"format": "ISO/IEC 19794-7 time series",
                      "strokes": [[{"x": i, "y": i % 5, "t": i * 10} for i in range(15)]]})


def journey_filing():
    d = Driver()
    walk_to_materials(d)
    effects = d.send(ActionTapped("add", "complaint"))
    d.scan([e for e in effects if isinstance(e, ScanMaterial)][0].material_id, 2, fields=COMPLAINT_FIELDS)
    effects = d.send(ActionTapped("add", "evidence"))
    evidence = [e for e in effects if isinstance(e, ScanMaterial)][0].material_id
    d.send(PageScanned(evidence, PageRef(f"{evidence}-p0", f"/tmp/{evidence}-0.png", b"")))
    d.send(ScanFinished(evidence))
    d.send(MaterialRecognised(evidence, f"/tmp/{evidence}.pdf", "借条 狗官", 90.0, True, flags=(
        {"term": "狗官", "category": "insult", "page": 0, "context": "借条狗官"},)))
    d.send(NextTapped())
    d.send(FieldEdited("phone", "13800138000"))
    d.send(OptionChosen("electronic", group="service_method"))
    for _ in range(3):  # parties, material list, check
        d.send(NextTapped())
    for _ in range(5):
        d.send(SignatureDrawn(STROKES, b"png", True))
    return next(e for e in d.effects if isinstance(e, SealPacket)).filing


def seal_spec(ks, spec) -> str:
    filing = SessionFiling(service=spec.service, case_type=spec.case_type, kind=spec.kind,
                           jurisdiction_court=spec.jurisdiction_court, case_ref=spec.case_ref,
                           supersedes=spec.supersedes, form=spec.form, idcard=spec.identity,
                           materials=[Material(m["name"], pdf(m["pages"]), m["ocr_text"], m["original"], m["pages"])
                                      for m in spec.materials],
                           audit_events=list(spec.audit))
    b = builder_for(ks, filing)
    listing = [{**row, "file": f"materials/{row['no']:02d}.pdf"} for row in spec.material_list]
    next(i for i in b.items if i.path == "material_list.json").data = json.dumps(
        {"materials": listing}, ensure_ascii=False).encode()
    b.add_json("screening.json", {"flags": list(spec.screening)}, "screening")
    b.add_json("checks.json", spec.checks, "checks")
    for n, s in enumerate(spec.signatures, start=1):
        b.add_bytes(f"signature/{n:02d}.png", b"\x89PNG\r\n\x1a\n", "signature", "image/png")
        b.add_json(f"signature/{n:02d}.json", {"key": s["key"], "text": s["text"], "text_sha256": s["text_sha256"],
                                               "strokes": json.loads(s["strokes_json"] or "null"),
                                               "signed_at": s["signed_at"], "signer": s["signer"],
                                               "refused": s["refused"]}, "signature")
    return seal_packet(ks, b, outbox=open_outbox(ks))


def test_the_journeys_filing_reads_at_the_court(court_pair):
    ks, cs, engine = court_pair
    spec = journey_filing()
    pid = seal_spec(ks, spec)
    assert record(ks, cs, pid, engine)["state"] == "received"
    d = dossier_for(engine, cs, court_key(cs), pid)
    out = render(d, packaged_courts())
    assert "业务：跨域立案" in out and "案件类型：民事起诉（civil_first）" in out
    assert "管辖法院：郑州市中原区人民法院（豫0102）  协作法院：巩义市人民法院（豫0181）" in out
    assert "！表单中" not in out  # the form's {"code": …} courts agree with the manifest
    assert "  原告（自然人）\n    姓名/名称：张三  [芯片]\n    身份证号：410181********4517  [芯片]" in out
    assert "  被告（自然人）\n    姓名/名称：李四  [OCR 93%]" in out
    assert "送达地址确认\n    地址：河南省巩义市新华路12号  [芯片]\n    方式：电子送达\n    电话：13800138000  [手输]" in out
    assert "诉讼请求\n    1：100000  [OCR 88%]" in out
    assert "清单 2 页 / PDF 2 页  materials/01.pdf" in out and "清单 1 页 / PDF 1 页  materials/02.pdf" in out
    assert "材料 2 第 1 页 “狗官”  侮辱攻击" in out
    assert "签名确认（5 份）" in out and out.count("与文本一致") == 5 and "[no_secrets]" in out
    assert "发送前检查：通过" in out and "文字层已核对" in out
    assert f"审计链：已验证 {len(spec.audit)} 条" in out and len(spec.audit) >= 10
    assert "身份证芯片数据（本院密钥解密）：张三  410181********4517" in out
    assert "410181199003074517" not in out
    assert [s["strokes"] for s in d["signatures"]] == [15] * 5
