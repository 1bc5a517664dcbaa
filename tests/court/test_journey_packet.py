"""The kiosk's real filing journey, to the court's review: the civil filing is walked through the
pure shell (card tap, case type, court, two scanned materials, parties pre-filled from OCR, five
signed confirmations), its ``SealPacket`` filing is sealed the way the kiosk's seal effect does
(``kiosk.effects.packets.session_filing`` + ``seal_session``), recorded by the court's receiver,
and read back by ``review show``."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from config.courts import packaged_courts
from court.keys import court_key
from court.review import dossier_for
from court.review_text import render
from kiosk.flows.dossier import PageRef
from kiosk.flows.effects import ScanMaterial, SealPacket
from kiosk.flows.events import (ActionTapped, FieldEdited, MaterialRecognised, NextTapped, OptionChosen,
                                PageScanned, ScanFinished, SignatureDrawn)
from kiosk.effects.packets import session_filing
from kiosk.packet_assembly import seal_session
from offline_queue.service import open_outbox
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


def seal_spec(ks, spec, files) -> str:
    """The kiosk's own seal path: the scans and signature images the journey's effects would
    have written put in ``files``, then ``kiosk.effects.packets.session_filing`` and ``seal_session``."""
    materials = []
    for m in spec.materials:
        path = files / f"{m['material_id']}.pdf"
        path.write_bytes(pdf(m["pages"]))
        materials.append({**m, "pdf_path": str(path)})
    signatures = []
    for s in spec.signatures:
        path = files / f"{s['key']}.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
        signatures.append({**s, "png_path": str(path)})
    spec = replace(spec, materials=tuple(materials), signatures=tuple(signatures))
    return seal_session(ks, session_filing(spec), outbox=open_outbox(ks))


def test_the_journeys_filing_reads_at_the_court(court_pair, tmp_path):
    ks, cs, engine = court_pair
    spec = journey_filing()
    pid = seal_spec(ks, spec, tmp_path)
    assert record(ks, cs, pid, engine)["state"] == "received"
    d = dossier_for(engine, cs, court_key(cs), pid)
    out = render(d, packaged_courts())
    assert "业务：跨域立案" in out and "案件类型：民事起诉（civil_first）" in out
    assert "管辖法院：郑州市中原区人民法院（豫0102）  协作法院：巩义市人民法院（豫0181）" in out

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
    assert [s["strokes"] for s in d["signatures"]] == [15] * 5 and all(s["png"] for s in d["signatures"])
    assert all(s["in_trail"] for s in d["signatures"])  # each has its "signed" event in the chain
    assert "！" not in out  # nothing is wrong with this filing


def test_the_fee_comes_from_the_journeys_claimed_amount(court_pair, tmp_path):
    from court.review import decide

    ks, cs, engine = court_pair
    pid = seal_spec(ks, journey_filing(), tmp_path)
    record(ks, cs, pid, engine)
    assert decide(engine, cs, pid, accept=True, court_key=court_key(cs)).fee_yuan == 2300.0  # 100 000 yuan


def test_a_signature_the_trail_does_not_record_is_marked(court_pair, tmp_path):
    ks, cs, engine = court_pair
    spec = journey_filing()
    audit = tuple(e for e in spec.audit if not (e["event"] == "signed" and e.get("confirmation") == "court"))
    pid = seal_spec(ks, replace(spec, audit=audit), tmp_path)
    record(ks, cs, pid, engine)
    d = dossier_for(engine, cs, court_key(cs), pid)
    assert [s["key"] for s in d["signatures"] if not s["in_trail"]] == ["court"]
    assert render(d, packaged_courts()).count("！审计链中没有这次签署的记录") == 1
