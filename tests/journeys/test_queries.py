"""案件查询 and 联系法官 as pure transitions: the live question asked on arrival, the court's answer
rendered per case and filing, a silent court said plainly with a retry, late answers ignored,
the message typed, checked and sealed into a packet."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.effects import AskCourt, SealPacket
from kiosk.flows.engine import view_of
from kiosk.flows.events import (ActionTapped, CardRead, CourtAnswered, CourtUnreachable, FieldEdited,
                                FieldFocused, NextTapped)
from kiosk.flows.shell import ScreenTouched, TileTapped
from tests.journeys.conftest import ZHANG

CASE = "（2024）豫0102民初1187号"
CASES = {"cases": [{"case_number": CASE, "court": "豫0102", "case_type": "民事一审", "cause": "民间借贷纠纷",
                    "status": "审理中", "judge": "李法官", "clerk": "王书记员", "role": "plaintiff",
                    "hearings": [{"at": "2025-03-01 09:30", "room": "第三法庭"}],
                    "deadlines": [{"due": "2025-02-20", "what": "举证期限届满"}]}],
         "filings": [{"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000", "service": "case_filing",
                      "court": "豫0102", "sealed_at": 1_767_000_000.0, "state": "accepted",
                      "case_number": CASE, "fee_yuan": 2300.0, "reason": ""},
                     {"packet_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001", "service": "case_filing",
                      "court": "豫0102", "sealed_at": 1_767_000_100.0, "state": "rejected",
                      "case_number": "", "fee_yuan": None, "reason": "起诉状缺少被告住所"}]}


def view(d):
    return view_of(d.state.journey, d.state.env.context(d.state))[1]


def asks(effects):
    """The step's own questions (the shell's "what is new" at the card tap is ``test_news``'s)."""
    return [e for e in effects if isinstance(e, AskCourt) and e.kind != "news"]


def to_my_cases(d):
    d.send(ScreenTouched())
    d.send(TileTapped("case_query"))
    assert d.step == "identify"
    effects = d.send(CardRead(ZHANG))
    assert d.step == "cases", "the card alone asks: no 下一步 to find"
    return effects


def test_my_cases_asks_the_court_and_shows_each_case_and_filing(driver):
    d = driver
    (ask,) = asks(to_my_cases(d))
    assert ask.kind == "cases" and ask.id_number == ZHANG.id_number and ask.ticket == 1
    assert ZHANG.id_number not in repr(ask)
    assert view(d).status == "asking" and not view(d).can_continue
    d.send(CourtAnswered("cases", "ok", CASES, ticket=1))
    v = view(d)
    assert v.headline == "查到您的 1 件案件、2 份提交记录。"
    case, accepted, rejected = v.cards
    assert case.title == CASE and case.badge == "审理中"
    assert "法院：郑州市中原区人民法院" in case.lines and "承办法官：李法官　书记员：王书记员" in case.lines
    assert "开庭：2025-03-01 09:30　第三法庭" in case.lines and "期限：2025-02-20　举证期限届满" in case.lines
    assert "您的身份：原告" in case.lines
    assert accepted.badge == "已受理" and f"案号：{CASE}" in accepted.lines
    assert any("2300.00元" in line for line in accepted.lines)
    assert rejected.badge == "未予受理" and "原因：起诉状缺少被告住所" in rejected.lines
    events = [e["event"] for e in d.dossier.audit]
    assert "court_query" in events and "court_answered_query" in events
    assert ZHANG.id_number not in repr(d.dossier.audit), "the audit holds no ID number"
    d.send(NextTapped())
    assert d.state.journey is None, "完成 ends the journey"


def test_silent_court_is_said_plainly_with_a_retry_and_late_answers_are_ignored(driver):
    d = driver
    to_my_cases(d)
    d.send(CourtUnreachable("cases", "query.timeout", ticket=1))
    v = view(d)
    assert v.status == "unreachable" and v.can_retry and v.cards == ()
    assert v.headline == "暂时无法连接法院，请稍后再试。" and "5秒" in v.message
    (again,) = asks(d.send(ActionTapped("retry")))
    assert again.ticket == 2 and view(d).status == "asking"
    d.send(CourtAnswered("cases", "ok", CASES, ticket=1))  # the first question's answer, too late
    assert view(d).status == "asking"
    d.send(CourtAnswered("cases", "ok", {"cases": [], "filings": []}, ticket=2))
    assert view(d).headline == "没有查到您的案件。" and "人工服务窗口" in view(d).message


def test_contact_the_judge_conversation_then_a_message_sealed_as_a_packet(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("contact_judge"))
    d.send(FieldEdited("case_ref", CASE))
    d.send(NextTapped())
    assert d.step == "identify"
    d.send(CardRead(ZHANG))
    (ask,) = asks(d.send(NextTapped()))
    assert d.step == "conversation" and ask.kind == "messages" and ask.case_number == CASE
    d.send(CourtAnswered("messages", "unknown_case", {"case_number": CASE}, ticket=1))
    assert "没有查到案号为（2024）豫0102民初1187号的案件" in view(d).headline and not view(d).can_continue
    d.send(NextTapped())
    assert d.step == "conversation", "no message to a case the court does not know"
    d.send(ActionTapped("retry"))
    replied = {"case_number": CASE, "judge": "李法官", "clerk": "王书记员",
               "messages": [{"packet_id": "p1", "sent_at": 1_767_000_000.0, "text": "请问何时开庭？",
                             "state": "replied", "reply": "定于3月1日上午开庭。", "replied_at": 1_767_003_600.0,
                             "replied_by": "李法官"}]}
    d.send(CourtAnswered("messages", "ok", replied, ticket=2))
    head, message = view(d).cards
    assert head.title == CASE and message.badge == "法官已回复"
    assert message.lines[0] == "请问何时开庭？" and "定于3月1日上午开庭。" in message.lines[1]
    d.send(NextTapped())
    assert d.step == "compose" and not view(d).can_continue
    d.send(NextTapped())
    assert view(d).error == "请先填写留言内容。"
    d.send(FieldFocused("message"))
    assert view(d).editing
    d.send(FieldEdited("message", "字" * 501))
    assert "最多500字，现在有501字" in view(d).error and not view(d).can_continue
    d.send(NextTapped())
    assert d.step == "compose"
    d.send(FieldEdited("message", "  我想申请延期举证，材料见附件。 "))
    assert view(d).can_continue and view(d).count == "15/500字"
    d.send(NextTapped())
    assert d.step == "attachments" and view(d).can_continue, "attachments are optional"
    effects = d.send(NextTapped())
    assert d.step == "submit"
    (seal,) = [e for e in effects if isinstance(e, SealPacket)]
    spec = seal.filing
    assert spec.service == "contact_judge" and spec.kind == "message" and spec.case_ref == CASE
    assert spec.form["message"] == {"value": "我想申请延期举证，材料见附件。", "source": "typed"}
    assert spec.identity["id_number"] == ZHANG.id_number and spec.materials == ()


def test_lawyer_channel_asks_with_the_lawyers_own_card(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("case_query"))
    d.send(ActionTapped("lawyer"))
    d.send(FieldEdited("licence", "14101201810123456"))
    d.send(FieldEdited("phone", "13912345678"))
    lawyer = replace(ZHANG, name="王律师", id_number="410102198001010018")
    d.send(CardRead(lawyer))
    d.send(FieldEdited("represents", "张三"))
    assert d.step == "identify", "a lawyer still confirms with 下一步"
    (ask,) = asks(d.send(NextTapped()))
    assert ask.id_number == lawyer.id_number


def test_query_texts_have_no_ellipsis_character():
    """U+2026 in a wrapped Kivy label cost ~0.7 s per render here (measured by bench/queries.py:
    1.45 s → 0.27 s card-to-screen without it): the live answer's texts avoid it."""
    from kiosk.texts import catalogue

    table = catalogue().tables["zh"]
    offending = [k for k, v in table.items() if k.startswith("q.") and "…" in v]
    assert offending == []
