"""What a journey gathers: the applicant, the court, the parties, the materials, the signatures,
the packet. Frozen and wiped with the session; heavy bytes (page images) stay in the session's
temp files and only their paths and small thumbnails travel here.

Every value a person may correct carries its provenance (``chip``, ``ocr`` with a confidence,
``typed``, ``staff``), because the filing judge must see where each value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Value:
    value: Any
    source: str = "typed"  # chip | ocr | typed | staff
    confidence: float | None = None

    def as_json(self) -> dict:
        out = {"value": self.value, "source": self.source}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(frozen=True)
class Identity:
    """A person as read from the chip (all four card types) or typed by a lawyer."""

    name: str
    id_number: str
    card_type: str = "resident"
    gender: str = ""
    birth: str = ""
    address: str = ""
    nation: str = ""
    name_en: str = ""
    nationality: str = ""
    valid_to: str = ""
    authority: str = ""
    source: str = "chip"

    @property
    def masked_number(self) -> str:
        n = self.id_number
        return n[:3] + "*" * max(0, len(n) - 7) + n[-4:] if len(n) > 7 else n

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Agent:
    """A lawyer acting for a party (rules §5, norms §7: the agent's authority is checked)."""

    licence: str
    phone: str
    identity: Identity | None = None
    represents: str = ""


@dataclass(frozen=True)
class Party:
    role: str  # plaintiff | defendant | third_party | applicant | respondent | appellant | appellee
    kind: str = "person"  # person | org
    fields: tuple[tuple[str, Value], ...] = ()

    def get(self, name: str) -> Value | None:
        return dict(self.fields).get(name)

    def with_field(self, name: str, value: Value) -> "Party":
        fields = dict(self.fields)
        fields[name] = value
        return replace(self, fields=tuple(fields.items()))

    def as_json(self) -> dict:
        return {"role": self.role, "kind": self.kind,
                **{name: v.as_json() for name, v in self.fields}}


@dataclass(frozen=True)
class PageRef:
    """One scanned page: the image file in the session dir and a small PNG thumbnail."""

    page_id: str
    path: str
    thumb: bytes = field(default=b"", repr=False)
    side: str = "front"
    problem: str = ""  # a capture.* code when the page needs attention


@dataclass(frozen=True)
class MaterialEntry:
    material_id: str
    name: str
    doc_type: str = ""  # a key of the material catalogue (complaint, evidence, ...)
    original: bool = False
    pages: tuple[PageRef, ...] = ()
    status: str = "empty"  # empty | scanning | recognising | ready | failed
    pdf_path: str = ""
    ocr_text: str = ""
    confidence: float = 0.0
    layer_ok: bool = True
    problems: tuple[tuple[str, str], ...] = ()  # (code, message) for the litigant
    flags: tuple[dict, ...] = ()  # rules §12 screening flags, for the reviewer
    fields: tuple[tuple[str, Any], ...] = ()  # extracted values, for pre-filling
    scanned_at: float = 0.0
    error: str = ""
    kept_from: str = ""
    """Correct and resubmit: the rejected packet this material is kept from (the court's copy is
    used, named by ``kept_file`` and ``kept_sha256``; nothing is carried again)."""
    kept_file: str = ""
    kept_sha256: str = ""
    kept_pages: int = 0

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.pages or not self.kept_from else self.kept_pages

    @property
    def in_packet(self) -> bool:
        """Scanned here, or kept from the packet this one supersedes."""
        return bool(self.pages) or bool(self.kept_from)


@dataclass(frozen=True)
class SignedText:
    """One confirmation signed on the pad: the exact text, its hash and the signature files."""

    key: str
    text: str
    text_sha256: str
    strokes_json: str = field(default="", repr=False)
    png: bytes = field(default=b"", repr=False)
    """The signature image (a few KB): held in the session's memory, never on disk before sealing."""
    signed_at: float = 0.0
    refused: bool = False


@dataclass(frozen=True)
class PacketInfo:
    packet_id: str
    digest: str
    sealed_at: float
    state: str = "pushed"  # pushed | received | accepted | rejected | overdue
    reason: str = ""
    receipt_printed: str = ""  # "" | printed | failed:<code>


@dataclass(frozen=True)
class DocumentRef:
    """A verified document the viewer step shows: where its PDF is, its signed hash, and what
    the viewer may do with it (the court decides which pages may be printed)."""

    doc_id: str
    title: str
    path: str
    sha256: str = ""
    kind: str = ""  # judgment | guide | template | archive | …
    published_at: str = ""  # the court's publication date (public documents)
    print_ranges: str | None = ""
    """"" = every page may be printed, None = none, "1-3,5" = only these (CUPS syntax)."""
    watermark: str = ""
    """Text drawn into every rendered page; "" = none."""
    case_ref: str = ""
    court: str = ""
    """The code of the court that signed it (the jurisdiction court)."""
    recipient: str = ""
    """The manifest's recipient tag (``offline_queue.document.recipient_tag``), checked against
    the card before anything renders (文书领取)."""
    recipient_name: str = ""
    service_form: tuple[tuple[str, str], ...] = ()
    """The court's 送达回证 form (field, value) that the proof of service fills in."""


@dataclass(frozen=True)
class Dossier:
    service: str
    applicant: Identity | None = None
    agent: Agent | None = None
    notice_accepted: bool = False
    case_type: str = ""
    court: str = ""  # jurisdiction court code
    origin_court: str = ""  # court that decided the earlier case (appeal, retrial, enforcement)
    case_ref: str = ""
    parties: tuple[Party, ...] = ()
    service_address: Value | None = None
    service_method: str = ""  # electronic | post | in_person
    phone: Value | None = None
    claims: Value | None = None
    form: tuple[tuple[str, Value], ...] = ()
    """A ``form`` step's values (applications, petitions), each with its provenance."""
    message: Value | None = None
    """联系法官: the message typed for the judge."""
    materials: tuple[MaterialEntry, ...] = ()
    signatures: tuple[SignedText, ...] = ()
    packet: PacketInfo | None = None
    audit: tuple[dict, ...] = ()
    lang: str = "zh"
    document: DocumentRef | None = None
    """The document on the viewer step (public documents, archives, documents to collect)."""
    supersedes: str = ""
    """Correct and resubmit (rules §8): the id of the rejected packet this filing replaces."""
    fee_notice: tuple[tuple[str, Any], ...] = ()
    """网上缴费: the notice the proof of payment is for (``rules.fees.Notice.as_json`` items)."""

    def material(self, material_id: str) -> MaterialEntry | None:
        return next((m for m in self.materials if m.material_id == material_id), None)

    def with_material(self, entry: MaterialEntry) -> "Dossier":
        items = [entry if m.material_id == entry.material_id else m for m in self.materials]
        if entry.material_id not in {m.material_id for m in self.materials}:
            items.append(entry)
        return replace(self, materials=tuple(items))

    def without_material(self, material_id: str) -> "Dossier":
        return replace(self, materials=tuple(m for m in self.materials if m.material_id != material_id))

    def form_value(self, key: str) -> Value | None:
        return dict(self.form).get(key)

    def with_form(self, key: str, value: Value | None) -> "Dossier":
        values = {k: v for k, v in self.form if k != key}
        if value is not None:
            values[key] = value
        return replace(self, form=tuple(values.items()))

    def logged(self, wall: float, event: str, **detail: Any) -> "Dossier":
        """Append one audit event (rules §10: every step leaves a trace)."""
        return replace(self, audit=self.audit + ({"at": round(wall, 3), "event": event, **detail},))
