"""What is new for one person at the next ID tap (``court.news``): a judge's reply until a kiosk
showed the conversation holding it; documents addressed to them once, then no longer."""

from __future__ import annotations

import time

import pytest

from court import cases
from court.keys import court_key
from court.news import mark_seen, news_for
from court.queries import answer_for
from court.store import InPacket, OutDocument, store_session
from offline_queue.document import recipient_tag
from tests.court.helpers import record, seal, session_filing

pytestmark = pytest.mark.unit
ZHANG = "410181199003074512"
CASE = "（2024）豫0102民初1187号"


def message(ks, cs, engine) -> InPacket:
    filing = session_filing(pages=(1,))
    filing.service, filing.kind, filing.case_type, filing.case_ref = "contact_judge", "message", "contact_judge", CASE
    filing.form = {"message": {"value": "请问何时开庭", "source": "typed"}}
    pid = seal(ks, filing, screening=[])
    record(ks, cs, pid, engine)
    with store_session(engine) as s:
        return s.get(InPacket, (ks.kiosk.kiosk_id, pid))


def test_a_reply_is_news_until_the_conversation_showed_it(court_pair):
    ks, cs, engine = court_pair
    tag = recipient_tag(ZHANG)
    packet = message(ks, cs, engine)
    assert news_for(engine, tag) == {"replies": [], "documents": []}, "no reply yet"
    cases.reply(engine, packet, "三月一日开庭", "李法官")
    (reply,) = news_for(engine, tag)["replies"]
    assert reply["case_number"] == CASE and reply["judge"] == "李法官"
    assert news_for(engine, tag)["replies"], "still news: asking does not make it seen"
    assert news_for(engine, recipient_tag("11010519491231002X"))["replies"] == [], "nobody else's"
    body = {"kind": "messages", "params": {"subject": tag, "case_number": CASE}}
    status, data = answer_for(engine, court_key(cs), body)  # the kiosk shows the conversation
    assert status == "ok" and data["messages"][0]["state"] == "replied"
    assert news_for(engine, tag)["replies"] == []
    mark_seen(engine, tag, data)  # twice is harmless
    assert news_for(engine, tag)["replies"] == []


def test_documents_addressed_to_the_person_are_told_once(court_pair):
    ks, cs, engine = court_pair
    tag = recipient_tag(ZHANG)
    with store_session(engine) as s:
        for kind, who in (("decision", tag), ("catalogue", tag), ("decision", recipient_tag("11010519491231002X"))):
            s.add(OutDocument(doc_id=f"d-{kind}-{who[:6]}", kiosk_id=ks.kiosk.kiosk_id, kind=kind, title="决定书",
                              recipient=who, path="/nowhere", created_at=time.time()))
        s.commit()
    (doc,) = news_for(engine, tag)["documents"]
    assert doc["kind"] == "decision", "the court's catalogue is not news for a person"
    assert news_for(engine, tag)["documents"] == [], "told once"
