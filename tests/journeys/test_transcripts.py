"""笔录签署 and 跨域视频辅助 as pure transitions (norms §13–18): the application with its form and
the three confirmations of §14(2); the booth checked when the litigant uses it; a transcript read
to its end before it can be signed; the signature stamped; a refusal with its reason; the court's
scheduled time on the status step. No Kivy, no devices."""

from __future__ import annotations

import json

from kiosk.flows.effects import AlertStaff, OpenDocument, RenderPages, SealPacket, Speak, WatchAnswer
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, DocumentFailed, DocumentOpened, FieldEdited,
                                NextTapped, OptionChosen, PacketStateChanged, PageRendered, ScrolledToEnd,
                                SignatureDrawn)
from kiosk.flows.rules.video import VIDEO_FORM
from kiosk.flows.shell import ScreenTouched, TileTapped
from kiosk.flows.video import (CheckEquipment, EquipmentChecked, LoadTranscripts, StampFailed,
                               StampTranscript, TranscriptAnswered, TranscriptItem, TranscriptsLoaded,
                               TranscriptStamped)
from tests.journeys.conftest import ZHANG

CASE = "（2024）豫0102民初1187号"
STROKES = json.dumps({"strokes": [[{"x": 1, "y": 2, "t": 0}, {"x": 40, "y": 30, "t": 5}]]})
ITEM = TranscriptItem("0190-doc", "调解笔录", CASE, "豫0102", "/tmp/t.pdf", "ab" * 32, 1_767_000_000.0)


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def of(effects, kind):
    return [e for e in effects if isinstance(e, kind)]


def open_tile(d, way):
    d.send(ScreenTouched())
    d.send(TileTapped("transcript_signing"))
    assert d.step == "way"
    return d.send(OptionChosen(way))


def test_the_form_and_its_options_have_their_texts(driver):
    ctx = driver.state.env.context(driver.state)
    for spec in VIDEO_FORM.fields:
        assert ctx.texts.has(spec.label), spec.label
        for option in spec.options:
            assert ctx.texts.has(f"form.option.{spec.key}.{option}"), option


def fill_video_form(d, way="court_booth"):
    open_tile(d, "video_assist")
    assert d.step == "notice"
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    assert d.step == "case_number"
    d.send(FieldEdited("case_ref", CASE))
    d.send(NextTapped())
    assert d.step == "form"
    assert d.dossier.form_value("service_address").value == ZHANG.address  # from the chip
    d.send(NextTapped())
    assert d.step == "form" and view(d).message, "missing choices are named, nothing moves on"
    d.send(OptionChosen("mediation", group="video_session"))
    d.send(OptionChosen(way, group="video_way"))
    d.send(OptionChosen("post", group="service_method"))
    d.send(FieldEdited("phone", "12345"))
    assert d.dossier.form_value("phone") is None and view(d).editing_error, "a bad phone is refused"
    d.send(FieldEdited("phone", "13800138000"))
    return d.send(NextTapped())


def test_video_assistance_from_the_form_to_the_courts_scheduled_time(driver):
    d = driver
    effects = fill_video_form(d)
    assert d.step == "equipment", "the litigant uses the booth: its equipment is checked"
    (check,) = of(effects, CheckEquipment)
    d.send(EquipmentChecked(check.key, (("camera", True, "USB Camera", ""), ("microphone", True, "mic", ""),
                                        ("speaker", False, "", "av.speaker_missing"))))
    v = view(d)
    assert not v.ok and "扬声器" in v.headline and [r.present for r in v.rows] == [True, True, False]
    assert any(isinstance(e, Speak) and "扬声器" in e.text for e in d.effects), "said, not only shown"
    assert any(isinstance(e, AlertStaff) and e.code == "av_missing" for e in d.effects), "staff are told"
    d.send(NextTapped())
    assert d.step == "check" and not view(d).problems
    d.send(NextTapped())
    assert d.step == "sign"
    texts = []
    for _ in range(3):
        texts.append(view(d).text)
        d.send(SignatureDrawn(STROKES, b"png"))
    assert "豫0102" in texts[1] or "中原区" in texts[1], "the jurisdiction court is confirmed (§14(2))"
    assert ZHANG.address in texts[2] and "邮寄送达" in texts[2], "the address and the method are confirmed"
    assert d.step == "submit"
    (seal,) = of(d.effects, SealPacket)
    filing = seal.filing
    assert (filing.service, filing.kind, filing.case_type) == ("video_assist", "video_assist", "video_assist")
    assert filing.case_ref == CASE and filing.jurisdiction_court == "豫0102"
    application = filing.form["application"]
    assert application["kind_name"] == "跨域视频辅助申请"
    assert filing.form["service"]["address"]["value"] == ZHANG.address and filing.form["service"]["method"] == "post"
    assert [s["key"] for s in filing.signatures] == ["video.form", "video.court", "video.service"]
    assert any(e["event"] == "equipment_checked" and e["missing"] == ["speaker"] for e in filing.audit)
    d.seal()
    assert d.step == "status" and of(d.effects, WatchAnswer)
    d.send(PacketStateChanged("0190-test", "answered", "视频调解时间：2026-12-08 09:30"))
    assert view(d).headline == "视频时间已安排" and "2026-12-08" in view(d).detail


def test_own_device_skips_the_booth_check(driver):
    fill_video_form(driver, way="own_device")
    assert driver.step == "check"


def test_equipment_check_alone_and_again_after_a_fix(driver):
    d = driver
    effects = open_tile(d, "equipment_check")
    assert d.step == "equipment"
    from kiosk.flows.view import step_frame

    assert step_frame(d.state).progress == "第 2 步，共 2 步", "the steps of other ways are not counted"
    (first,) = of(effects, CheckEquipment)
    d.send(EquipmentChecked(first.key, (("camera", False, "", "av.camera_missing"),
                                        ("microphone", True, "mic", ""), ("speaker", True, "spk", ""))))
    assert view(d).rows[0].status == "没有找到" and view(d).rows[0].hint
    (again,) = of(d.send(ActionTapped("recheck")), CheckEquipment)
    d.send(EquipmentChecked(first.key, (("camera", True, "late answer of the first probe", ""),)))
    assert view(d).checking, "a late answer to an earlier probe changes nothing"
    d.send(EquipmentChecked(again.key, (("camera", True, "cam", ""), ("microphone", True, "mic", ""),
                                        ("speaker", True, "spk", ""))))
    assert view(d).ok and view(d).headline.startswith("摄像头、麦克风和扬声器都正常")
    d.send(NextTapped())
    assert d.state.journey is None, "nothing to send: back to the services"


def test_no_booth_on_this_kiosk_says_so(driver):
    (check,) = of(open_tile(driver, "equipment_check"), CheckEquipment)
    driver.send(EquipmentChecked(check.key, (), "本机没有配置视频设备，请到人工服务窗口咨询。"))
    v = view(driver)
    assert v.headline.startswith("本机没有配置视频设备") and not any(r.present for r in v.rows)


def to_transcript(d, items=(ITEM,), refused=()):
    open_tile(d, "transcript")
    assert d.step == "identify"
    d.send(CardRead(ZHANG))
    effects = d.send(NextTapped())
    assert d.step == "transcript"
    (load,) = of(effects, LoadTranscripts)
    assert load.id_number == ZHANG.id_number
    d.send(TranscriptsLoaded(load.key, items, refused))
    return load.key


def read_to_end(d, pages=2):
    (opened,) = of(d.send(ActionTapped("open", ITEM.doc_id)), OpenDocument)
    assert opened.sha256 == ITEM.sha256
    (render,) = of(d.send(DocumentOpened(opened.key, pages)), RenderPages)
    assert render.pages == tuple(range(pages))
    d.send(ScrolledToEnd())
    assert not view(d).at_end, "the end of a half-rendered transcript is not its end"
    for page in range(pages):
        d.send(PageRendered(opened.key, page, 760, 1000, "rgba", b"\0" * 16))
    d.send(NextTapped())
    assert view(d).phase == "reading", "the sign button sleeps until the end was reached"
    d.send(ScrolledToEnd())
    assert view(d).at_end
    return opened.key


def test_a_transcript_read_to_the_end_signed_and_sent_back(driver, tmp_path):
    d = driver
    to_transcript(d)
    assert view(d).phase == "list" and view(d).items[0][1] == "调解笔录"
    key = read_to_end(d)
    said = d.send(NextTapped())
    assert view(d).phase == "signing" and ITEM.sha256 in view(d).confirm_text
    assert [e.text for e in said if isinstance(e, Speak)] == ["请在方框内签上您的姓名，然后点击确认签名。"]
    d.send(SignatureDrawn("", b"", valid=False, reason="签名太小"))
    assert view(d).error == "签名太小" and not of(d.effects, StampTranscript), "an empty signature stamps nothing"
    (stamp,) = of(d.send(SignatureDrawn(STROKES, b"png")), StampTranscript)
    assert stamp.key == key and stamp.sha256 == ITEM.sha256 and ZHANG.name in stamp.caption
    d.send(StampFailed(key, "transcript.broken_pdf", "这份笔录文件已损坏"))
    assert view(d).phase == "signing" and view(d).error == "这份笔录文件已损坏"
    (stamp,) = of(d.send(SignatureDrawn(STROKES, b"png")), StampTranscript)
    d.send(TranscriptStamped(key, str(tmp_path / "signed.pdf"), "cd" * 32, 3))
    assert d.step == "submit"
    (seal,) = of(d.effects, SealPacket)
    f = seal.filing
    assert (f.service, f.kind, f.case_type, f.case_ref, f.jurisdiction_court) == (
        "transcript_signing", "transcript_signature", "transcript", CASE, "豫0102")
    record = f.form["record"]
    assert record["decision"]["value"] == "signed" and record["transcript_sha256"]["value"] == ITEM.sha256
    assert [m["name"] for m in f.materials] == ["已签名笔录《调解笔录》"] and f.materials[0]["pages"] == 3
    (sig,) = f.signatures
    assert sig["key"] == "transcript" and not sig["refused"] and ITEM.sha256 in sig["text"]
    assert sig["strokes_json"] == STROKES
    events = [e["event"] for e in f.audit]
    assert events.index("transcript_read_to_end") < events.index("transcript_signed")
    assert [e.doc_id for e in of(d.effects, TranscriptAnswered)] == [ITEM.doc_id], "not offered again"
    d.seal()
    assert d.step == "transcript_status"
    d.send(PacketStateChanged("0190-test", "received"))
    assert view(d).headline == "管辖法院已收到您的笔录签署结果"


def test_a_refusal_with_its_reason_is_sent_too(driver):
    d = driver
    to_transcript(d)
    read_to_end(d)
    d.send(ActionTapped("refuse"))
    d.send(NextTapped())
    assert view(d).phase == "refusing" and view(d).error == "请先选择拒绝签名的原因。"
    d.send(ActionTapped("reason", "not_what_i_said"))
    d.send(NextTapped())
    assert d.step == "submit"
    (seal,) = of(d.effects, SealPacket)
    f = seal.filing
    assert f.form["record"]["decision"]["value"] == "refused"
    assert f.form["record"]["refusal_reason"]["value"] == "not_what_i_said"
    (sig,) = f.signatures
    assert sig["refused"] and "笔录记载与本人陈述不符" in sig["text"] and not f.materials


def test_refusing_is_only_offered_after_reading(driver):
    to_transcript(driver)
    driver.send(ActionTapped("open", ITEM.doc_id))
    driver.send(ActionTapped("refuse"))
    assert view(driver).phase == "reading"


def test_a_transcript_that_does_not_render_cannot_be_signed(driver):
    d = driver
    to_transcript(d)
    (opened,) = of(d.send(ActionTapped("open", ITEM.doc_id)), OpenDocument)
    d.send(DocumentFailed(opened.key, "viewer.broken_pdf", "文件已损坏"))
    v = view(d)
    assert v.phase == "failed" and v.headline == "调解笔录" and "无法显示" in v.error
    assert any(isinstance(e, AlertStaff) and e.code == "transcript_unreadable" for e in d.effects)
    d.send(NextTapped())
    d.send(SignatureDrawn(STROKES, b"png"))
    assert d.step == "transcript" and not of(d.effects, StampTranscript)


def test_none_for_this_person_and_unverified_ones_are_never_offered(driver):
    to_transcript(driver, items=(), refused=(("0190-bad", "manifest signature does not verify"),))
    v = view(driver)
    assert v.phase == "none" and "未通过法院签名核验" in v.headline and not v.items
    driver.send(ActionTapped("open", "0190-bad"))
    assert view(driver).phase == "none"


def test_the_store_unreachable_says_so(driver):
    open_tile(driver, "transcript")
    driver.send(CardRead(ZHANG))
    (load,) = of(driver.send(NextTapped()), LoadTranscripts)
    driver.send(TranscriptsLoaded(load.key, code="queue.error", message="本机存储暂时无法使用"))
    v = view(driver)
    assert v.phase == "failed" and v.error == "本机存储暂时无法使用" and v.headline == "暂时无法办理笔录签署"
