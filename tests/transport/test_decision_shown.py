"""A court decision counts as shown (closed at the session's end, then purged) only when its
person saw it: the status step on screen when it arrived. A request is sealed as the kiosk's
journey seals it and recorded by the court's real receiver; the court answers on its command line;
the signed decision lands verified in the kiosk's real inbox on disk; the kiosk's real watch
reports it, the pure shell takes it, and the effects the shell gives go through the real
dispatcher to the real session hook. Left before the answer came, or the session timed out under
the idle warning: nothing is closed, the decision is kept (the unclosed retention applies)."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import select

from kiosk.effects import answers
from kiosk.effects.closing import SessionDocuments
from kiosk.effects.dispatcher import Dispatcher
from kiosk.effects.packets import session_filing
from kiosk.flows.base import ClockTicked
from kiosk.flows.dossier import PacketInfo
from kiosk.flows.effects import SealPacket, WatchAnswer
from kiosk.flows.events import NextTapped, PacketSealed, PacketStateChanged
from kiosk.flows.shell import EndTapped, MoreTimeTapped
from kiosk.packet_assembly import seal_session
from kiosk.session import Session
from offline_queue import doc_store
from offline_queue.models import InDocument
from offline_queue.service import open_outbox
from tests.court.helpers import record
from tests.court.test_collection_cli import deliver, fill_request, pair, ports_for  # noqa: F401
from tests.journeys.conftest import Driver
from tests.journeys.test_documents import last
from tests.ui.journey_rig import court_cli

pytestmark = pytest.mark.integration
CASE = "（2024）豫0102民初1187号"


class Kiosk:
    """The pure shell (``Driver``) with the kiosk's real effect side: its watch over the answer,
    its dispatcher and its session hook, over the real outbox on disk."""

    def __init__(self, ks, tmp_path):
        self.ks = ks
        self.d = Driver()
        self.ports = ports_for(ks)
        self.session = Session(tmp_path / "sessions")
        self.ports.session = lambda: self.session
        self.ports.closing = SessionDocuments(self.ports)
        self.ports.watch_interval_s = 0.05
        self.dispatcher = Dispatcher(self.ports, lambda _event: None, lambda *_a: None)

    def send(self, event) -> tuple:
        effects = self.d.send(event)
        for effect in effects:
            if type(effect).__name__ != "EndSession":  # the controller's own (below, in end())
                self.dispatcher.run(effect)
        return effects

    def request(self, cs, engine) -> str:
        """文书领取: a request filled in, signed, sealed into the outbox, recorded by the court;
        the status step waits for the court's answer."""
        d = self.d
        fill_request(d)
        pid = seal_session(self.ks, session_filing(last(d, SealPacket).filing), outbox=open_outbox(self.ks))
        assert record(self.ks, cs, pid, engine)["state"] == "received"
        d.send(PacketSealed(PacketInfo(pid, "ab" * 32, d.wall)))
        assert d.step == "answer" and last(d, WatchAnswer).packet_id == pid
        return pid

    def watch(self, pid: str) -> PacketStateChanged:
        """The kiosk's real watch finds the verified decision; what it reports goes to the shell."""
        got = []
        answers.watch_answer(WatchAnswer(pid), self.ports, got.append, timeout_s=10)
        assert len(got) == 1, got
        (changed,) = got
        assert changed.packet_id == pid and changed.state == "not_generated", changed
        self.send(changed)
        return changed

    def end(self) -> None:
        """The session's end as the controller runs it: the session wiped, its hooks run."""
        self.session.forget()
        self.ports.closing.end_session()

    def closed(self) -> str | None:
        """How the decision was closed here, or None."""
        outbox = self.ports.outbox()
        with outbox.session() as s:
            (row,) = s.exec(select(InDocument).where(InDocument.kind == "decision")).all()
            served = s.get(doc_store.DocumentServed, row.doc_id)
            assert row.state == "verified"
            return served.how if served else None


def court_answers(ks, cs, engine, pid: str) -> None:
    done = court_cli(cs, "documents", "answer", pid, "--not-generated")
    assert done.returncode == 0, done.stderr
    assert deliver(ks, engine) == ["verified"]


def test_a_decision_on_screen_when_it_arrives_is_closed_as_shown(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    kiosk = Kiosk(ks, tmp_path)
    pid = kiosk.request(cs, engine)
    court_answers(ks, cs, engine, pid)
    kiosk.watch(pid)
    assert kiosk.d.step == "answer" and kiosk.d.dossier.packet.state == "not_generated", "on screen"
    assert kiosk.closed() is None, "nothing closed while the session runs"
    kiosk.send(EndTapped())
    kiosk.end()
    assert kiosk.closed() == "shown"


def test_a_decision_arriving_after_the_person_left_the_status_step_is_not_shown(pair, tmp_path):  # noqa: F811
    ks, cs, engine = pair
    kiosk = Kiosk(ks, tmp_path)
    pid = kiosk.request(cs, engine)
    kiosk.send(NextTapped())  # 完成 before the court answered: back to the services, the session goes on
    assert kiosk.d.state.screen == "home" and kiosk.d.state.journey is None
    court_answers(ks, cs, engine, pid)
    kiosk.watch(pid)
    kiosk.send(EndTapped())
    kiosk.end()
    assert kiosk.closed() is None, "never seen: not closed as shown (kept until the unclosed retention)"


@pytest.mark.parametrize("then", ["timed_out", "more_time"])
def test_a_decision_arriving_under_the_idle_warning_is_shown_only_once_it_is_dismissed(pair, tmp_path, then):  # noqa: F811
    ks, cs, engine = pair
    kiosk = Kiosk(ks, tmp_path)
    pid = kiosk.request(cs, engine)
    policy = kiosk.d.state.policy
    kiosk.d.clock = itertools.count(int(kiosk.d.state.now + policy.idle_timeout_s + 1))
    kiosk.send(ClockTicked())
    assert kiosk.d.state.warning_until is not None, "the idle warning covers the status step"
    court_answers(ks, cs, engine, pid)
    kiosk.watch(pid)
    if then == "timed_out":  # nobody answered the warning: the person had gone
        kiosk.d.clock = itertools.count(int(kiosk.d.state.warning_until + 1))
        kiosk.send(ClockTicked())
        assert kiosk.d.state.screen == "attract"
        kiosk.end()
        assert kiosk.closed() is None
    else:
        kiosk.send(MoreTimeTapped())
        assert kiosk.d.state.warning_until is None and kiosk.d.step == "answer"
        kiosk.send(EndTapped())
        kiosk.end()
        assert kiosk.closed() == "shown"
