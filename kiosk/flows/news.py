"""New replies announced at the next ID tap (issue 13 §2), pure: when a card is read in a session
(at home, or on any journey's identify step) the shell asks the court once, live, what is new for
this person — the judges' replies they have not yet seen, documents addressed to them — and says
and shows it once, with a way to the conversation when nothing would be lost by leaving.

The answer lives in the session's state only (``NavState.news``) and goes with the session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.base import UserEvent
from kiosk.flows.effects import AskCourt, Speak
from kiosk.flows.events import CourtAnswered, CourtUnreachable

KIND = "news"
CONTACT_JUDGE = "contact_judge"


@dataclass(frozen=True)
class News:
    headline: str
    detail: str
    case_number: str = ""
    """The case of the newest unseen reply ("" when only documents are new)."""


@dataclass(frozen=True)
class NewsOpened(UserEvent):
    """查看法官回复: to the conversation in that case."""


@dataclass(frozen=True)
class NewsDismissed(UserEvent):
    """知道了."""


@dataclass(frozen=True)
class NewsView:
    headline: str
    detail: str
    open_label: str
    dismiss_label: str
    can_open: bool


def ask_for(state, identity):
    """(state, effects): the question, once per person per session."""
    if identity is None or state.news_for == identity.id_number:
        return state, ()
    ticket = state.news_ticket - 1  # negative: never a journey step's own ticket
    state = replace(state, news_for=identity.id_number, news_ticket=ticket, news=None)
    return state, (AskCourt(KIND, identity.id_number, "", ticket),)


def is_answer(state, event) -> bool:
    return isinstance(event, (CourtAnswered, CourtUnreachable)) and event.kind == KIND


def answered(state, event):
    """The court's answer: something to say, or nothing (a silent court is not worth a word here)."""
    if not isinstance(event, CourtAnswered) or event.ticket != state.news_ticket or event.status != "ok":
        return state, ()
    ctx = state.env.context(state)
    data = event.data or {}
    replies = [r for r in data.get("replies", []) if isinstance(r, dict)]
    documents = [d for d in data.get("documents", []) if isinstance(d, dict)]
    if not replies and not documents:
        return state, ()
    lines = []
    if replies:
        cases = "、".join(dict.fromkeys(r.get("case_number") or "" for r in replies if r.get("case_number")))
        lines.append(ctx.t("cf.news.replies_detail", cases=cases, count=len(replies)))
    if documents:
        lines.append(ctx.t("cf.news.documents", count=len(documents)))
    headline = ctx.t("cf.news.replies") if replies else lines[-1]
    newest = max(replies, key=lambda r: r.get("replied_at") or 0) if replies else {}
    news = News(headline, "\n".join(lines) if replies else "", str(newest.get("case_number") or ""))
    return replace(state, news=news), (Speak("，".join([headline, *lines]) if replies else headline),)


def _nothing_to_lose(state) -> bool:
    js = state.journey
    if js is None:
        return True
    d = js.dossier
    return not d.materials and not d.signatures and d.packet is None and d.message is None


def view(state) -> NewsView | None:
    if state.news is None:
        return None
    ctx = state.env.context(state)
    return NewsView(state.news.headline, state.news.detail, ctx.t("cf.news.open"), ctx.t("cf.news.dismiss"),
                    bool(state.news.case_number) and CONTACT_JUDGE in state.env.journeys
                    and _nothing_to_lose(state))


def tapped(state, event):
    """知道了, or 查看法官回复: the conversation, pre-filled with the case and the card."""
    from kiosk.flows import engine
    from kiosk.flows.dossier import Dossier
    from kiosk.flows.steps.case_number import parse_case_number

    news, state = state.news, replace(state, news=None)
    if isinstance(event, NewsDismissed) or news is None or not news.case_number:
        return state, ()
    shown = view(replace(state, news=news))
    if not shown.can_open:
        return state, ()
    _number, court = parse_case_number(news.case_number)
    seed = Dossier(service=CONTACT_JUDGE, case_ref=news.case_number, court=court if _number else "")
    js, effects = engine.start_journey(state.env.journeys[CONTACT_JUDGE], state.env.context(state),
                                       state.identity, seed=seed)
    return replace(state, screen="journey", service=CONTACT_JUDGE, journey=js), effects
