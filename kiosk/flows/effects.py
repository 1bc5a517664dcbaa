"""Effects a step asks for; ``kiosk.effects`` runs each through one dispatcher over typed ports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.flows.base import Effect


@dataclass(frozen=True)
class Speak(Effect):
    text: str


@dataclass(frozen=True)
class ScanMaterial(Effect):
    """Scan pages into ``material_id`` (feeder or flatbed), then recognise the whole material."""

    material_id: str
    source: str = "feeder"
    duplex: bool = False
    existing: tuple[str, ...] = ()  # paths of pages already scanned (rescan / add pages)
    replace_index: int | None = None  # rescan one page at this position


@dataclass(frozen=True)
class RecogniseMaterial(Effect):
    """OCR the material's current pages again (after reorder, delete or rescan)."""

    material_id: str
    name: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class CancelScan(Effect):
    pass


@dataclass(frozen=True)
class SealPacket(Effect):
    """Seal the journey's dossier into the outbox (``kiosk.packet_assembly.seal_session``)."""

    filing: Any = field(repr=False)


@dataclass(frozen=True)
class PrintReceipt(Effect):
    title: str
    lines: tuple[str, ...]
    qr: str
    footer: str


@dataclass(frozen=True)
class WatchPacket(Effect):
    """Report the packet's state at the court as it changes (``PacketStateChanged``)."""

    packet_id: str


@dataclass(frozen=True)
class AlertStaff(Effect):
    """Tell the staff (admin screen, the kiosk's retained status) that something needs them."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class ListenQr(Effect):
    """Read the QR scanner for a while (until a code, the session's end or ``seconds``)."""

    seconds: float = 120.0


@dataclass(frozen=True)
class OpenDocument(Effect):
    """Open a verified PDF in the viewer's worker (its SHA-256 checked again), nothing on disk."""

    key: str
    path: str
    sha256: str = ""
    watermark: str = ""
    """Drawn into every rendered page (the archive viewer: name, ID tail, kiosk, time)."""


@dataclass(frozen=True)
class RenderPages(Effect):
    """Render these pages (0-based, most wanted first) at ``width`` pixels; replaces what is
    still waiting for the same document."""

    key: str
    pages: tuple[int, ...]
    width: int
    urgent: bool = False
    """The first page is the one on screen: render it at once. Otherwise these are pages ahead,
    started a moment later so they never compete with the page turn being drawn."""
    more: tuple[tuple[int, int], ...] = ()
    """Further ``(page, width)`` wishes after these, in order: one request says everything the
    viewer lacks (the zoomed page and the window at the base width), since a second request
    would replace the first."""


@dataclass(frozen=True)
class CloseDocument(Effect):
    key: str


@dataclass(frozen=True)
class PrintDocument(Effect):
    """Print ``page_ranges`` (CUPS syntax, None = all) of the verified PDF on the A4 printer and
    follow the job to its end (``PrintProgress``)."""

    key: str
    path: str
    sha256: str = ""
    page_ranges: str | None = None
    copies: int = 1
    title: str = "kiosk"
    duplex: bool = False


@dataclass(frozen=True)
class LoadPublications(Effect):
    """Read and verify the court's signed catalogue of public documents on this kiosk."""


@dataclass(frozen=True)
class WatchAnswer(Effect):
    """Wait for the court's signed answer to this packet (a decision document naming it) and
    report it as ``PacketStateChanged`` (accepted, rejected, answered) with its text."""

    packet_id: str


@dataclass(frozen=True)
class DocumentShown(Effect):
    """The person saw this court document on screen (a decision on the status step): its work is
    done, so it is closed when the session ends (``kiosk.effects.closing``). Only a step on screen
    says so; an answer that arrives after its person left stays open."""

    doc_id: str
    how: str = "shown"
    """``shown``, or ``paid`` for a fee confirmation whose 电子交费单 was handed over."""


@dataclass(frozen=True)
class AskCourt(Effect):
    """A live question to the court (``offline_queue.query``): answered by ``CourtAnswered`` or
    ``CourtUnreachable`` (5 s). The ID number only travels as the recipient tag."""

    kind: str  # cases | messages | resubmit | news
    id_number: str = field(repr=False)
    case_number: str = ""
    ticket: int = 0
    packet_id: str = ""
    """``resubmit``: the rejected packet to pre-fill a new filing from."""


# --- 文书领取: documents to collect and the proof of service (kiosk.effects.documents) ----------


@dataclass(frozen=True)
class FindDocuments(Effect):
    """The verified documents this person may collect: addressed to the card's recipient tag, or
    opened by the SMS pickup code (and then, if a card is read too, addressed to that card).
    Every document is verified again (court signature, hashes) before it is listed."""

    ticket: int
    recipient: str = field(default="", repr=False)
    code: str = field(default="", repr=False)
    doc_id: str = ""


@dataclass(frozen=True)
class SealProof(Effect):
    """Seal the signed proof of service (送达回证: the court's form filled, the signature, the
    document's hash, the time) into the outbox as a ``service_proof`` packet."""

    proof: dict = field(repr=False)


@dataclass(frozen=True)
class AskFeeNotices(AskCourt):
    """网上缴费: the live "fees" question; the handler keeps only notices naming this person."""


@dataclass(frozen=True)
class WatchFeeAnswer(Effect):
    """Wait for the court's signed answer to a proof of payment: the 电子交费单 or the reason it
    was not accepted (``FeeAnswered``); only a document addressed to this person counts."""

    packet_id: str
    id_number: str = field(repr=False, default="")


@dataclass(frozen=True)
class LoadArchives(Effect):
    """卷宗查阅: the approved archives addressed to this person, verified afresh (``ArchivesLoaded``)."""

    id_number: str = field(repr=False)
