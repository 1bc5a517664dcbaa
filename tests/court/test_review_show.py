"""`court-gateway review show` on real sealed packets recorded through the court's receiver: what
the filing judge reads, and that each claim the kiosk makes is checked at the court."""

from __future__ import annotations

import json

import pytest

from config.courts import packaged_courts
from court.keys import court_key
from court.review import dossier_for
from court.review_text import at, render
from offline_queue import service
from offline_queue.canonical import canonical, sha256_hex
from offline_queue.crypto import encrypt_for, generate_key
from offline_queue.manifest import uuid7
from tests.court.helpers import CONFIRMATIONS, pdf, record, seal, session_filing, signature, spool_manifest
from tests.court.test_recording import court

pytestmark = pytest.mark.unit


def show(ks, cs, engine, **seal_kw) -> tuple[str, str]:
    filing = seal_kw.pop("filing", None) or session_filing()
    pid = seal(ks, filing, **seal_kw)
    assert record(ks, cs, pid, engine)["state"] == "received"
    return pid, render(dossier_for(engine, cs, court_key(cs), pid), packaged_courts())


def test_the_filing_judges_view_from_the_cli(court_pair):
    ks, cs, engine = court_pair
    pid = seal(ks, session_filing(pages=(2, 1), listed_pages=(2, 3)))
    record(ks, cs, pid, engine)
    shown = court(cs, "review", "show", pid[:24])
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "业务：跨域立案" in out and "案件类型：民事起诉（civil_first）" in out
    assert "管辖法院：郑州市中原区人民法院（豫0102）" in out and "协作法院：巩义市人民法院（豫0181）" in out
    # parties, each value with where it came from; ID numbers masked
    assert "  原告（自然人）\n    姓名/名称：张三  [芯片]\n    身份证号：410181********4512  [芯片]\n    电话：13800138000  [手输]" in out
    assert "姓名/名称：李四  [OCR 93%]" in out and "身份证号：410102********4533  [OCR 81%]" in out
    assert "第三人（法人或其他组织）" in out and "统一社会信用代码：91410100MA44XXXX1B  [OCR 77%]" in out
    assert "410181199003074512" not in out and "410102198506014533" not in out
    assert "代理人（律师）" in out and "执业证号：14101201910123456  [手输]" in out and "代理：原告" in out
    assert "送达地址确认\n    地址：河南省巩义市新华路12号  [芯片]\n    方式：电子送达" in out
    assert "1：判令被告偿还借款人民币100000元及利息  [OCR 88%]" in out
    # materials against the PDFs' real page counts
    assert "1. 民事起诉状  原件  清单 2 页 / PDF 2 页  materials/01.pdf" in out
    assert "2. 借条（复印件）  复印件  清单 3 页 / PDF 1 页" in out and "！页数不符：清单写 3 页，PDF 实有 1 页" in out
    assert "内容筛查（规定第十二条）：1 处标记" in out and "材料 2 第 1 页 “狗官”  侮辱攻击" in out
    assert "签名确认（4 份）" in out and out.count("与文本一致") == 4
    assert f"“{CONFIRMATIONS[1]}”" in out and f"签署人 张三  签于 {at('2026-12-01T09:22:00.000Z')}" in out
    assert "发送前检查（3 项）\n  ✓ 管辖法院与案件类型相符" in out
    assert "审计链：已验证 6 条" in out and "文件校验：各文件与签名清单一致" in out
    assert "！" not in out.replace("！页数不符", "")  # nothing else is wrong with this filing
    digest = sha256_hex((ks.spool_dir / pid / "manifest.json").read_bytes())  # the kiosk's own digest
    assert f"包摘要（SHA-256）：{digest}" in out
    full = court(cs, "review", "show", pid, "--full").stdout
    assert "身份证号：410181199003074512  [芯片]" in full


def test_json_output_carries_the_same_checks(court_pair):
    ks, cs, engine = court_pair
    pid = seal(ks, session_filing(pages=(3, 1)))
    record(ks, cs, pid, engine)
    shown = court(cs, "review", "show", pid, "--json")
    assert shown.returncode == 0, shown.stderr
    d = json.loads(shown.stdout)
    assert d["digest"] == sha256_hex(canonical(spool_manifest(ks, pid)))
    assert [m["real_pages"] for m in d["materials"]["listed"]] == [3, 1]
    assert all(s["hash_ok"] for s in d["signatures"]) and len(d["signatures"]) == 4
    assert d["audit"]["ok"] and d["audit"]["events"] == 6 and d["record"]["audit_at_receipt"]["ok"]
    assert d["form_sections"]["parties"][0]["id_number"]["value"] == "410181********4512"
    assert d["idcard"]["id_number"] == "410181********4512"
    assert court(cs, "review", "show", "nonexistent").returncode == 1


def test_what_the_court_catches_the_kiosk_got_wrong(court_pair):
    ks, cs, engine = court_pair
    filing = session_filing(pages=(1, 1))
    filing.form["parties"][0]["name"] = {"value": "张叁", "source": "chip"}  # "chip", yet not the card's
    filing.form["jurisdiction_court"] = {"value": "豫0103", "source": "typed"}  # the manifest says 豫0102
    filing.materials[1].pdf = b"%PDF-1.4\nnot really a pdf"
    sigs = [signature(1, CONFIRMATIONS[0]), signature(2, CONFIRMATIONS[1], tamper=True),
            {**signature(3, CONFIRMATIONS[2]), "strokes": []}]
    pid, out = show(ks, cs, engine, filing=filing, signatures=sigs, screening=[],
                    checks={"checks": [{"id": "signature", "ok": False, "text": "缺少送达地址确认签名"}]},
                    extra=[("materials/03.pdf", pdf(1), "material")])
    assert "！姓名“张叁”标为芯片读取，却与身份证芯片数据不一致" in out and out.count("标为芯片读取") == 1
    assert "！表单中的 jurisdiction_court 为 豫0103，与签名清单的 豫0102 不一致" in out
    assert "PDF 无法打开" in out
    assert "！materials/03.pdf 在包内但未列入材料清单" in out
    assert "内容筛查（规定第十二条）：无标记" in out
    assert out.count("与文本一致") == 2 and "！文本的 SHA-256 与签名所绑定的哈希不符" in out
    assert "！签名没有笔迹数据" in out
    assert "  ✗ 缺少送达地址确认签名" in out


def test_the_sample_filings_older_signature_form_is_read(court_pair):
    """``sample_filing`` style: signature/strokes.json with a hash but not the text."""
    ks, cs, engine = court_pair
    filing = session_filing()
    filing.signature_png, filing.strokes = b"\x89PNG\r\n\x1a\n", [{"x": 1, "y": 2, "t": 0}]
    filing.signed_text = CONFIRMATIONS[0]
    _pid, out = show(ks, cs, engine, filing=filing, signatures=[])
    assert "签名确认（1 份）" in out and "签署文本不在包内，无法核对哈希" in out


def encrypted_form(ks, monkeypatch, public) -> tuple[str, object]:
    """A filing whose form.json travels as form.json.enc, bound to its packet id like idcard.json.enc."""
    pid = uuid7()
    monkeypatch.setattr(service, "uuid7", lambda: pid)
    filing = session_filing()
    blob = encrypt_for(public, canonical({"fields": filing.form}), pid.encode())
    return pid, filing, blob


def seal_encrypted(ks, filing, blob):
    from kiosk.packet_assembly import builder_for
    from offline_queue.service import open_outbox, seal_packet

    b = builder_for(ks, filing)
    b.items = [i for i in b.items if i.path != "form.json"]
    b.add_bytes("form.json.enc", blob, "form", "application/jose+json")
    return seal_packet(ks, b, outbox=open_outbox(ks))


def test_an_encrypted_form_is_decrypted_with_the_court_key(court_pair, monkeypatch):
    ks, cs, engine = court_pair
    pid, filing, blob = encrypted_form(ks, monkeypatch, court_key(cs).public_key())
    assert seal_encrypted(ks, filing, blob) == pid and not (ks.spool_dir / pid / "form.json").exists()
    record(ks, cs, pid, engine)
    out = render(dossier_for(engine, cs, court_key(cs), pid), packaged_courts())
    assert "姓名/名称：李四  [OCR 93%]" in out and "身份证号：410181********4512  [芯片]" in out


def test_a_form_encrypted_to_another_key_is_named_not_a_traceback(court_pair, monkeypatch):
    ks, cs, engine = court_pair
    pid, filing, blob = encrypted_form(ks, monkeypatch, generate_key("p256").public_key())
    seal_encrypted(ks, filing, blob)
    record(ks, cs, pid, engine)
    out = render(dossier_for(engine, cs, court_key(cs), pid), packaged_courts())
    assert "！form.json.enc: 无法用本院密钥解密" in out and "当事人：表单未列出" in out
    assert "审计链：已验证 6 条" in out  # the rest of the dossier is still there


def test_a_packet_still_arriving_shows_what_the_manifest_says(court_pair):
    from court.receiver import Receiver
    from tests.transport.helpers import packet_messages

    ks, cs, engine = court_pair
    pid = seal(ks, session_filing())
    head, _chunks = packet_messages(ks, pid)
    Receiver(cs, engine, court_key(cs)).process([head])
    d = dossier_for(engine, cs, court_key(cs), pid)
    out = render(d, packaged_courts())
    assert not d["complete"] and "材料包尚未完整接收" in out and "状态：receiving" in out
    assert "管辖法院：郑州市中原区人民法院（豫0102）" in out


def test_the_fee_comes_from_an_encrypted_forms_claim(court_pair, monkeypatch):
    from court.review import decide

    ks, cs, engine = court_pair
    pid, filing, blob = encrypted_form(ks, monkeypatch, court_key(cs).public_key())
    seal_encrypted(ks, filing, blob)
    record(ks, cs, pid, engine)
    row = decide(engine, cs, pid, accept=True, court_key=court_key(cs))
    assert row.fee_yuan == 2300.0  # 100 000 yuan claimed (诉讼费用交纳办法 §13), not the flat 50


def test_the_lawyer_channel_and_a_refused_confirmation(court_pair):
    ks, cs, engine = court_pair
    filing = session_filing()
    lawyer = {"name": "王五", "id_number": "110101198001011234", "card_type": "resident", "source": "chip"}
    filing.idcard = lawyer  # in the lawyer channel the card read is the lawyer's own
    for field in ("name", "id_number", "address"):
        filing.form["parties"][0][field]["source"] = "typed"
    filing.form["agent"] = {"licence": {"value": "14101201910123456", "source": "typed"},
                            "phone": {"value": "13700137000", "source": "typed"},
                            "represents": {"value": "plaintiff", "source": "typed"}, "identity": lawyer}
    refused = {**signature(5, "本人承诺：提交的材料不涉及国家秘密。"), "strokes": None, "refused": True}
    _pid, out = show(ks, cs, engine, filing=filing, signatures=[signature(1, CONFIRMATIONS[0]), refused])
    assert "代理人（律师）" in out and "代理：原告  [手输]" in out
    assert "    律师身份：王五  110101********1234  居民身份证  [芯片]" in out
    assert "标为芯片读取" not in out  # the lawyer's chip values match the lawyer's card
    assert "！当事人拒绝签署此项确认" in out and "110101198001011234" not in out


def test_malformed_files_are_named_and_the_rest_is_shown(court_pair):
    """A kiosk bug (or an old version) writing odd shapes: each is named, none is a traceback."""
    from kiosk.packet_assembly import builder_for
    from offline_queue.service import open_outbox, seal_packet

    ks, cs, engine = court_pair
    b = builder_for(ks, session_filing())
    odd = {"form.json": [1, 2], "material_list.json": {"materials": ["民事起诉状", {"no": 2, "name": "借条", "pages": 1}]}}
    for item in b.items:
        if item.path in odd:
            item.data = json.dumps(odd[item.path], ensure_ascii=False).encode()
    b.add_json("screening.json", {"flags": {"term": "x"}}, "screening")
    b.add_json("checks.json", "all fine", "checks")
    b.add_json("signature/01.json", ["not", "a", "signature"], "signature")
    b.add_json("signature/02.json", {"text": "本人确认", "text_sha256": 12345, "strokes": "{not json"}, "signature")
    pid = seal_packet(ks, b, outbox=open_outbox(ks))
    record(ks, cs, pid, engine)
    shown = court(cs, "review", "show", pid)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "！form.json: 内容格式不对（list），已略过" in out and "当事人：表单未列出" in out
    assert "清单条目格式不对" in out and "2. 借条  复印件  清单 1 页 / PDF 1 页  materials/02.pdf" in out
    assert "内容筛查（规定第十二条）：无标记" in out
    assert "！signature/01.json: 内容格式不对（list），已略过" in out
    assert "！文本的 SHA-256 与签名所绑定的哈希不符" in out
    assert "！checks.json: 内容格式不对（str），已略过" in out and "发送前检查：！checks.json 无法读取" in out
    assert "审计链：已验证 6 条" in out


def test_a_material_transfer_shows_its_case_and_the_packet_it_replaces(court_pair):
    ks, cs, engine = court_pair
    filing = session_filing(pages=(1,))
    filing.service, filing.kind, filing.case_type = "material_transfer", "material_transfer", "material_transfer"
    filing.case_ref, filing.supersedes = "（2024）豫0181民初1187号", "01a230f0-0000-7000-8000-000000000000"
    filing.form = {"case_ref": {"value": filing.case_ref, "source": "typed"}, "parties": filing.form["parties"][:1]}
    _pid, out = show(ks, cs, engine, filing=filing, screening=[])
    assert "业务：材料转递（material_transfer / material_transfer）  案件类型：材料转递（已立案件）" in out
    assert "关联案号：（2024）豫0181民初1187号  替代材料包：01a230f0-0000-7000-8000-000000000000" in out
    assert "送达地址确认：" not in out and "！表单中" not in out


@pytest.mark.parametrize("case_type, code", [("first_enforcement", "执"), ("admin_nonlitigation_enforcement", "行审"),
                                             ("civil_appeal", "民终")])
def test_the_journeys_case_types_get_their_case_number_codes(court_pair, case_type, code):
    from court.review import decide

    ks, cs, engine = court_pair
    filing = session_filing(pages=(1,))
    filing.case_type = case_type
    pid = seal(ks, filing)
    record(ks, cs, pid, engine)
    row = decide(engine, cs, pid, accept=True, court_key=court_key(cs))
    assert f"{cs.court_code}{code}1号" in row.case_number
