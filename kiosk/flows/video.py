"""Effects and events of video assistance and transcript signing (norms §13–18): the booth's
equipment probed, the transcripts addressed to this person listed from the verified downlink,
the signature stamped onto the transcript. The handlers live in ``kiosk.effects.transcripts``."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.flows.base import Effect, Event


@dataclass(frozen=True)
class CheckEquipment(Effect):
    key: str


@dataclass(frozen=True)
class EquipmentChecked(Event):
    key: str
    parts: tuple[tuple[str, bool, str, str], ...]
    """(part, present, the device's name, problem code) for camera, microphone, speaker."""
    error: str = ""
    """A message when the booth could not be probed at all (no such device on this kiosk)."""


@dataclass(frozen=True)
class TranscriptItem:
    doc_id: str
    title: str
    case_ref: str
    court: str
    """The sending (jurisdiction) court's code, from the signed manifest."""
    path: str
    """The transcript PDF, verified."""
    sha256: str
    received_at: float = 0.0


@dataclass(frozen=True)
class LoadTranscripts(Effect):
    key: str
    id_number: str = field(repr=False)
    """Only transcripts whose signed manifest names this person (by the recipient tag) are listed."""


@dataclass(frozen=True)
class TranscriptsLoaded(Event):
    key: str
    items: tuple[TranscriptItem, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    """(doc id, problem) of transcripts for this person that failed verification: never shown."""
    code: str = ""
    message: str = ""


@dataclass(frozen=True)
class StampTranscript(Effect):
    key: str
    path: str
    sha256: str
    png: bytes = field(repr=False)
    strokes_json: str = field(repr=False)
    caption: str = ""
    """The line printed beside the signature: signer, time, the transcript's hash."""


@dataclass(frozen=True)
class TranscriptStamped(Event):
    key: str
    pdf_path: str
    sha256: str
    pages: int


@dataclass(frozen=True)
class StampFailed(Event):
    key: str
    code: str
    message: str


@dataclass(frozen=True)
class TranscriptAnswered(Effect):
    """This transcript was signed or refused in this session: not offered again on this kiosk."""

    doc_id: str
