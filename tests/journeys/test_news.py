"""New judge replies announced at the next ID tap (pure): the card read at home or on a journey's
identify step asks the court once per person and session; an answer with unseen replies is said
and shown once, with 查看法官回复 opening the conversation pre-filled; nothing survives the session."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.effects import AskCourt, Speak
from kiosk.flows.events import CardRead, CourtAnswered, CourtUnreachable
from kiosk.flows.news import NewsDismissed, NewsOpened
from kiosk.flows.shell import EndTapped, ScreenTouched, TileTapped
from kiosk.flows.view import AdminInfo, render_view
from tests.journeys.conftest import ZHANG

CASE = "（2024）豫0102民初1187号"
NEWS = {"replies": [{"packet_id": "0190-m1", "case_number": CASE, "judge": "李法官", "replied_at": 1_767_000_500.0}],
        "documents": []}


def news_asks(effects):
    return [e for e in effects if isinstance(e, AskCourt) and e.kind == "news"]


def shown(d):
    return render_view(d.state, "巩义市人民法院", "", AdminInfo()).news


def test_the_card_at_home_asks_once_and_the_reply_is_said_and_shown_once(driver):
    d = driver
    d.send(ScreenTouched())
    (ask,) = news_asks(d.send(CardRead(ZHANG)))
    assert ask.id_number == ZHANG.id_number and ask.ticket < 0 and ZHANG.id_number not in repr(ask)
    assert not news_asks(d.send(CardRead(ZHANG))), "the same card again: not asked twice"
    effects = d.send(CourtAnswered("news", "ok", NEWS, ticket=ask.ticket))
    assert [e.text for e in effects if isinstance(e, Speak)][0].startswith("法官已回复您的留言")
    view = shown(d)
    assert view.headline == "法官已回复您的留言" and CASE in view.detail and view.can_open
    assert view.open_label == "查看法官回复"
    d.send(NewsOpened())
    assert shown(d) is None and d.state.journey.journey.id == "contact_judge"
    assert d.step == "case_number" and d.dossier.case_ref == CASE and d.dossier.applicant == ZHANG
    assert d.dossier.court == "豫0102"


def test_a_journeys_identify_step_asks_too_and_nothing_outlives_the_session(driver):
    d = driver
    d.send(ScreenTouched())
    d.send(TileTapped("case_filing"))
    effects = d.send(CardRead(ZHANG))
    (ask,) = news_asks(effects)
    d.send(CourtAnswered("news", "ok", NEWS, ticket=ask.ticket))
    assert shown(d).headline == "法官已回复您的留言"
    d.send(NewsDismissed())
    assert shown(d) is None and d.state.journey.journey.id == "case_filing", "知道了 leaves the journey as it was"
    d.send(EndTapped())
    assert d.state.news is None and d.state.news_for == ""
    d.send(ScreenTouched())
    assert news_asks(d.send(CardRead(ZHANG))), "a new session asks again"


def test_stale_silent_or_empty_answers_show_nothing(driver):
    d = driver
    d.send(ScreenTouched())
    (ask,) = news_asks(d.send(CardRead(ZHANG)))
    d.send(CourtAnswered("news", "ok", NEWS, ticket=ask.ticket + 1))  # not this question's
    assert shown(d) is None
    d.send(CourtUnreachable("news", "query.timeout", ticket=ask.ticket))
    assert shown(d) is None, "a silent court is not worth a word at the card tap"
    d.send(CourtAnswered("news", "ok", {"replies": [], "documents": []}, ticket=ask.ticket))
    assert shown(d) is None


def test_documents_only_and_no_way_out_of_a_journey_with_materials(driver):
    d = driver
    d.send(ScreenTouched())
    (ask,) = news_asks(d.send(CardRead(ZHANG)))
    d.send(CourtAnswered("news", "ok", {"replies": [], "documents": [{"kind": "decision", "title": "x"}]},
                         ticket=ask.ticket))
    view = shown(d)
    assert view.headline == "法院有1份新文书发给您，请到文书领取处查看。" and not view.can_open
    d.send(NewsOpened())
    assert d.state.journey is None and shown(d) is None
    # in a filing with a scanned material, the reply is announced but the journey is not abandoned
    d.send(TileTapped("case_filing"))
    d.state = replace(d.state, news_for="")
    js = d.state.journey
    from kiosk.flows.dossier import MaterialEntry

    d.state = replace(d.state, journey=replace(js, dossier=js.dossier.with_material(MaterialEntry("m01", "起诉状"))))
    (again,) = news_asks(d.send(CardRead(ZHANG)))
    d.send(CourtAnswered("news", "ok", NEWS, ticket=again.ticket))
    assert shown(d).headline == "法官已回复您的留言" and not shown(d).can_open
    d.send(NewsOpened())
    assert d.state.journey.journey.id == "case_filing"
