"""卷宗查阅 as pure transitions: the request from the notice to the packet (the materials wanted in
the form, the confirmations signed with the values in them); viewing what the court approved,
only the card holder's, watermarked, printed within the allowed pages and reported; the time
limit with its spoken warning, then the document closed; refusals and failures shown."""

from __future__ import annotations

from kiosk.flows.base import ClockTicked
from kiosk.flows.effects import (CloseDocument, LoadArchives, OpenDocument, PrintDocument, SealPacket,
                                 Speak, WatchAnswer)
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, ArchivesLoaded, CardRead, DocumentFailed, DocumentOpened,
                                FieldEdited, NextTapped, OptionChosen, PacketStateChanged, PageRendered,
                                PrintProgress, ScrolledToEnd, SignatureDrawn)
from kiosk.flows.rules.applications import APPLICATION_TYPES, FORMS
from kiosk.flows.shell import ScreenTouched, TileTapped
from kiosk.flows.steps.archives import ArchiveFile, ArchiveGrant, ArchiveRefusal
from tests.journeys.conftest import ZHANG

GRANT = ArchiveGrant("doc-1", "（2024）豫0102民初1187号", "郑州市中原区人民法院", "豫0102", "2026-12-01 10:00", 30,
                     "https://court.example/a/xyz", "2026-12-16",
                     (ArchiveFile("/d/01.pdf", "aa", "起诉状", 3, "1-2"), ArchiveFile("/d/02.pdf", "bb", "庭审笔录", 5, None)),
                     "pkt-1")


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def signed():
    return SignatureDrawn('[{"x":1,"y":2,"t":0}]', b"png", True)


def test_the_form_and_the_confirmations_have_their_texts(driver):
    ctx = driver.state.env.context(driver.state)
    form = FORMS["archive_request"]
    assert APPLICATION_TYPES["archive_request"].name == "卷宗查阅"
    for spec in form.fields:
        assert ctx.texts.has(spec.label) and ctx.texts.has(spec.label, "en"), spec.label
        for option in spec.options:
            assert ctx.texts.has(f"form.option.{spec.key}.{option}", "en")


def test_a_request_from_the_notice_to_the_packet_and_the_courts_answer(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("archive_viewing"))
    assert d.step == "way"
    d.send(OptionChosen("archive_request"))
    assert d.step == "notice"
    d.send(NextTapped())
    assert d.step == "notice", "the notice must be read to its end"
    d.send(ScrolledToEnd())
    d.send(NextTapped())
    assert d.dossier.notice_accepted
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    assert d.step == "case_number"
    d.send(FieldEdited("case_ref", "（2024）豫0102民初1187号"))
    d.send(NextTapped())
    assert d.step == "form" and d.dossier.court == "豫0102"
    assert d.dossier.form_value("case_ref").value == "（2024）豫0102民初1187号"
    d.send(NextTapped())
    assert d.step == "form", "the relation, the materials and the phone are missing"
    d.send(OptionChosen("party", group="relation"))
    d.send(FieldEdited("materials", "起诉状、证据材料、庭审笔录"))
    d.send(FieldEdited("phone", "123"))
    assert d.dossier.form_value("phone") is None, "a wrong phone is refused"
    d.send(FieldEdited("phone", "13800138000"))
    d.send(NextTapped())
    assert d.step == "check"
    assert view(d).problems == ()
    d.send(NextTapped())
    assert d.step == "sign"
    first = view(d).text
    assert "起诉状、证据材料、庭审笔录" in first and "张三" in first and "（2024）豫0102民初1187号" in first
    d.send(signed())
    assert "郑州市中原区人民法院" in view(d).text and "13800138000" in view(d).text
    d.send(signed())
    d.send(signed())
    assert d.step == "submit"
    seal = next(e for e in d.effects if isinstance(e, SealPacket)).filing
    assert seal.kind == "archive_request" and seal.jurisdiction_court == "豫0102"
    app = seal.form["application"]
    assert app["kind"] == "archive_request"
    assert app["fields"]["materials"]["value"] == "起诉状、证据材料、庭审笔录"
    assert [s["key"] for s in seal.signatures] == ["arc.form", "arc.court", "arc.terms"]
    d.seal("pkt-1")
    assert d.step == "status"
    assert any(isinstance(e, WatchAnswer) and e.packet_id == "pkt-1" for e in d.effects)
    d.send(PacketStateChanged("pkt-1", "rejected", "申请查阅的材料尚未在办案系统生成。案件经办人员：王书记员 0371-12345678。"))
    v = view(d)
    assert v.headline == "管辖法院未能办理" and "0371-12345678" in v.detail


def to_archives(d, grants=(GRANT,), refusals=(), unverified=0):
    d.send(ScreenTouched())
    d.send(TileTapped("archive_viewing"))
    d.send(OptionChosen("archive_view"))
    assert d.step == "identify", "viewing needs no notice or form: the card first"
    d.send(CardRead(ZHANG))
    d.send(NextTapped())
    assert d.step == "archives"
    load = next(e for e in d.effects if isinstance(e, LoadArchives))
    assert load.id_number == ZHANG.id_number
    d.send(ArchivesLoaded(grants, refusals, "kiosk-01", unverified))


def open_file(d, index=0, pages=3):
    d.effects.clear()
    d.send(OptionChosen(f"doc-1/{index}", group="file"))
    assert d.step == "viewer"
    opened = next(e for e in d.effects if isinstance(e, OpenDocument))
    d.send(DocumentOpened(opened.key, pages))
    return opened


def test_the_approved_archive_opens_watermarked_and_prints_only_the_allowed_pages(driver):
    d = driver
    to_archives(d)
    v = view(d)
    assert [f.title for f in v.grants[0].files] == ["起诉状", "庭审笔录"]
    assert v.grants[0].qr == "https://court.example/a/xyz", "the court's download link as a QR (norms §24(2))"
    assert "可打印：第1-2页" in v.grants[0].files[0].detail and "不可打印" in v.grants[0].files[1].detail
    opened = open_file(d)
    assert opened.watermark.startswith("张三 · 4517\nkiosk-01 · "), opened.watermark
    v = view(d)
    assert v.time_label == "剩余查阅时间 29:59" and v.can_print  # one driver second after opening
    d.send(PageRendered(opened.key, 0, 860, 1216, "rgba", b"\0" * 16, serial=1))
    d.send(ActionTapped("next_page"))
    d.send(ActionTapped("next_page"))
    d.effects.clear()
    d.send(ActionTapped("print"))
    assert [c[0] for c in view(d).print_choices] == ["all"], "page 3 is not allowed: no 'this page'"
    d.send(ActionTapped("print_go", "all"))
    job = next(e for e in d.effects if isinstance(e, PrintDocument))
    assert job.page_ranges == "1-2"
    d.effects.clear()
    d.send(PrintProgress(job.key, "printing", job_id=7))
    d.send(PrintProgress(job.key, "done", job_id=7))
    report = next(e for e in d.effects if isinstance(e, SealPacket)).filing
    assert report.kind == "archive_print" and report.jurisdiction_court == "豫0102"
    fields = report.form["application"]["fields"]
    assert (fields["archive"]["value"], fields["pages"]["value"], fields["job"]["value"]) == ("doc-1", "1-2", "7")
    events = [a["event"] for a in d.dossier.audit]
    assert "print_requested" in events and "print_done" in events


def test_a_file_the_court_does_not_allow_to_print_has_no_print(driver):
    d = driver
    to_archives(d)
    open_file(d, 1, pages=5)
    assert not view(d).can_print
    d.effects.clear()
    d.send(ActionTapped("print"))
    d.send(ActionTapped("print_go", "all"))
    assert not any(isinstance(e, PrintDocument) for e in d.effects)


def test_the_time_limit_warns_aloud_then_closes_the_archive(driver):
    d = driver
    to_archives(d)
    opened = open_file(d)
    start = d.state.now
    d.state, effects = _tick(d, start + 28 * 60 + 30)
    said = [e.text for e in effects if isinstance(e, Speak)]
    assert said == ["查阅时间还剩大约2分钟，时间到后卷宗将自动关闭。"]
    assert view(d).time_short
    d.state, effects = _tick(d, start + 28 * 60 + 40)
    assert not any(isinstance(e, Speak) for e in effects), "warned once"
    d.state, effects = _tick(d, start + 30 * 60 + 1)
    assert any(isinstance(e, CloseDocument) and e.key == opened.key for e in effects)
    assert any(isinstance(e, Speak) and "查阅时间已到" in e.text for e in effects)
    v = view(d)
    assert v.status == "failed" and v.current is None and v.ready == () and "时间已到" in v.message and v.ended
    assert d.dossier.document is None
    assert "viewing_time_up" in [a["event"] for a in d.dossier.audit]
    # back on the list, nothing of this approval opens again
    d.state, _ = _back(d)
    assert d.step == "archives" and view(d).ended
    d.send(OptionChosen("doc-1/1", group="file"))
    assert d.step == "archives"


def _tick(d, at):
    """A touch just before (the reader is active: no idle warning), then the clock at ``at``."""
    from kiosk.flows.shell import transition

    state, _ = transition(d.state, ScreenTouched(at=at - 1, wall=d.wall + at - 1))
    return transition(state, ClockTicked(at=at, wall=d.wall + at))


def _back(d):
    from kiosk.flows.shell import BackTapped, transition

    return transition(d.state, BackTapped(at=d.state.now + 1, wall=d.wall + d.state.now + 1))


def test_refusals_no_archive_unverified_and_a_pdf_that_does_not_render(driver):
    d = driver
    to_archives(d, grants=(), refusals=(ArchiveRefusal("pkt-2", "申请查阅的材料涉及国家秘密。", "2026-12-01 11:00"),),
                unverified=1)
    v = view(d)
    assert v.grants == () and v.empty.startswith("没有找到法院批准您查阅的卷宗")
    assert v.refusals == ("2026-12-01 11:00法院答复：申请查阅的材料涉及国家秘密。",)
    assert "1份卷宗材料未通过法院签名核验" in v.message
    d2 = type(d)()
    to_archives(d2)
    opened = open_file(d2)
    d2.send(DocumentFailed(opened.key, "viewer.broken_pdf", "这份文书无法显示，请联系工作人员。"))
    v = view(d2)
    assert v.status == "failed" and v.message == "这份文书无法显示，请联系工作人员。" and not v.can_print
    assert "document_failed" in [a["event"] for a in d2.dossier.audit]


def test_the_worker_failing_is_a_message(driver):
    d = driver
    to_archives(d, grants=())
    d.send(ArchivesLoaded(code="arc.unavailable", message="暂时无法读取法院批准的卷宗，请稍后再试或联系工作人员。"))
    v = view(d)
    assert v.status == "failed" and v.message.startswith("暂时无法读取")
