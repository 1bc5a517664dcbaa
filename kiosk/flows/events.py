"""Events the effect handlers answer with, and intents the step screens send.

Handlers report results as events so they pass through ``transition`` like a tap does: the card
read, the pages scanned, the packet sealed, the court's receipt stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.flows.base import Event, UserEvent
from kiosk.flows.dossier import Identity, PacketInfo, PageRef

# --- results from the effect handlers ---------------------------------------------------------


@dataclass(frozen=True)
class CardRead(UserEvent):
    """An ID card was read at the reader; putting a card down is a person's act."""

    identity: Identity


@dataclass(frozen=True)
class CardFailed(UserEvent):
    code: str  # idcard.expired | idcard.bad_check_digit | idcard.read_failed | idcard.removed
    detail: str = ""


@dataclass(frozen=True)
class QrScanned(UserEvent):
    """A code read by the QR scanner (a court notice, an SMS on a phone)."""

    text: str


@dataclass(frozen=True)
class PageScanned(Event):
    material_id: str
    page: PageRef


@dataclass(frozen=True)
class PageReplaced(Event):
    """A rescanned page took the place of page ``index``."""

    material_id: str
    index: int
    page: PageRef


@dataclass(frozen=True)
class ScanFinished(Event):
    material_id: str


@dataclass(frozen=True)
class ScanFailed(Event):
    material_id: str
    code: str
    message: str


@dataclass(frozen=True)
class MaterialRecognised(Event):
    material_id: str
    pdf_path: str
    ocr_text: str
    confidence: float
    layer_ok: bool
    problems: tuple[tuple[str, str], ...] = ()
    flags: tuple[dict, ...] = ()
    fields: tuple[tuple[str, Any], ...] = ()
    doc_type: str = ""
    page_problems: tuple[tuple[int, str], ...] = ()  # (0-based page index, capture code)


@dataclass(frozen=True)
class RecognitionFailed(Event):
    material_id: str
    code: str
    message: str


@dataclass(frozen=True)
class PacketSealed(Event):
    packet: PacketInfo


@dataclass(frozen=True)
class SealFailed(Event):
    code: str
    message: str


@dataclass(frozen=True)
class ReceiptPrinted(Event):
    pass


@dataclass(frozen=True)
class ReceiptPrintFailed(Event):
    code: str
    message: str


@dataclass(frozen=True)
class PacketStateChanged(Event):
    packet_id: str
    state: str  # received | accepted | rejected
    reason: str = ""
    doc_id: str = ""
    """The court's signed document that said it (a decision), "" for the queue's own news: the
    status step closes it as shown only if it is on screen when this arrives."""


# --- intents from the step screens --------------------------------------------------------------


@dataclass(frozen=True)
class NextTapped(UserEvent):
    """The step's main button (下一步, 同意, 确认…)."""


@dataclass(frozen=True)
class ScrolledToEnd(UserEvent):
    pass


@dataclass(frozen=True)
class OptionChosen(UserEvent):
    """A choice on a choose step; ``group`` names the question when a step asks several."""

    value: str
    group: str = ""


@dataclass(frozen=True)
class FieldEdited(UserEvent):
    """A value typed or corrected on a form; ``target`` is e.g. ``party:1:name`` or ``phone``."""

    target: str
    value: str


@dataclass(frozen=True)
class FieldFocused(UserEvent):
    target: str


@dataclass(frozen=True)
class ActionTapped(UserEvent):
    """A secondary button of a step: ``action`` names it (lawyer, add_party, scan, rescan…)."""

    action: str
    arg: str = ""


@dataclass(frozen=True)
class SignatureDrawn(UserEvent):
    """The person confirmed a signature: its strokes JSON (ISO/IEC 19794-7-like) and PNG."""

    strokes_json: str = field(repr=False)
    png: bytes = field(repr=False)
    valid: bool = True
    reason: str = ""


@dataclass(frozen=True)
class StaffAlerted(Event):
    """Staff were told (admin screen, retained status) — shown on the status step."""

    code: str


@dataclass(frozen=True)
class ReplayTapped(UserEvent):
    """再听一遍: say this step's prompt again."""


# --- the document viewer and the public documents (kiosk.viewer, kiosk.effects.viewer) ---------


@dataclass(frozen=True)
class DocumentOpened(Event):
    """The viewer's worker opened the document (its signed hash checked) and counted its pages."""

    key: str
    page_count: int


@dataclass(frozen=True)
class DocumentFailed(Event):
    key: str
    code: str  # viewer.missing | viewer.tampered | viewer.broken_pdf
    message: str
    detail: str = ""


@dataclass(frozen=True)
class PageRendered(Event):
    """One page as pixels (RGBA rows, top row first), the watermark already drawn into them.
    The bytes live only in memory and become a texture; ``serial`` names this bitmap."""

    key: str
    page: int  # 0-based
    width: int
    height: int
    fmt: str
    pixels: bytes = field(repr=False, compare=False)
    serial: int = 0


@dataclass(frozen=True)
class PrintProgress(Event):
    """A print job followed to its end with the printer's real state.

    ``state``: printing | blocked (paper out, jam…: the job is kept and resumes when fixed) |
    done | failed."""

    key: str
    state: str
    code: str = ""
    message: str = ""
    job_id: int = 0
    pages: str = ""


@dataclass(frozen=True)
class PublicationsLoaded(Event):
    """The court's signed catalogue of public documents on this kiosk, verified
    (``kiosk.viewer.library.Library``), or ``library=None`` with a message."""

    library: Any = field(repr=False)
    code: str = ""
    message: str = ""
# --- live questions to the court (kiosk.flows.steps.query) ------------------------------------


@dataclass(frozen=True)
class CourtAnswered(Event):
    """The court's verified answer to a live question; held in the session's memory only."""

    kind: str
    status: str  # ok | unknown_case | not_party | bad_request
    data: Any = field(repr=False, default=None)
    ticket: int = 0


@dataclass(frozen=True)
class CourtUnreachable(Event):
    kind: str
    code: str  # query.timeout | query.offline | query.unavailable
    ticket: int = 0


# --- 文书领取 (kiosk.flows.steps.documents, kiosk.effects.documents) ----------------------------


@dataclass(frozen=True)
class Collectable:
    """One verified document this person may collect: everything the viewer and the proof need,
    read from the court-signed manifest."""

    doc_id: str
    title: str
    path: str
    sha256: str
    recipient: str
    recipient_name: str = ""
    doc_type: str = ""
    case_ref: str = ""
    court: str = ""
    issued_at: str = ""
    service_form: tuple[tuple[str, str], ...] = ()
    served: bool = False
    """A proof of service for it already left this kiosk."""


@dataclass(frozen=True)
class DocumentsFound(Event):
    """The answer to ``FindDocuments``; ``code`` names a refusal (documents.code_wrong,
    documents.code_expired, documents.not_yours, documents.unverified, documents.store)."""

    ticket: int
    items: tuple[Collectable, ...] = ()
    code: str = ""
    withheld: int = 0
    """Documents for this person left out because they did not verify."""


@dataclass(frozen=True)
class FeeAnswered(Event):
    """The court's verified answer to a proof of payment: ``paid`` with the 电子交费单, or
    ``rejected`` with the reason."""

    packet_id: str
    state: str  # paid | rejected
    reason: str = ""
    slip: Any = field(repr=False, default=None)
    doc_id: str = ""
    """The court's signed decision that said it: the fee status step closes it (``paid`` or
    ``shown``) only if it is on screen when this arrives."""


# --- 卷宗查阅 (kiosk.flows.steps.archives) --------------------------------------------------------


@dataclass(frozen=True)
class ArchivesLoaded(Event):
    """The court's verified answers to this person's viewing requests: ``grants`` (approved
    archives) and ``refusals``; ``unverified`` counts documents that failed their check afresh."""

    grants: tuple = ()
    refusals: tuple = ()
    kiosk_id: str = ""
    unverified: int = 0
    code: str = ""
    message: str = ""


# --- the viewer's textures (kiosk.flows.steps.viewer, screens.steps.viewer) ----------------------


@dataclass(frozen=True)
class PagesUploaded(Event):
    """The screen made textures of these bitmaps (``PageRendered.serial``): the step lets their
    pixels go, so a page is in memory once, as a texture, not twice (issue 11: memory)."""

    serials: tuple[int, ...]


@dataclass(frozen=True)
class PagesLost(Event):
    """The screen has no texture for these bitmaps any more (it was left or rebuilt) and their
    pixels were let go: the step renders them again."""

    serials: tuple[int, ...]
