"""The card: the 256-byte text block of the four card types, parsed into one dataclass and back.

Field layouts are tables (name, byte offset, byte length), used both to parse (the adapter) and to
build (the simulator), so the two cannot drift apart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from drivers.errors import ProtocolError
from drivers.idcard import idnumber

log = logging.getLogger(__name__)

TEXT_LEN = 256
TYPE_OFFSET = 248

RESIDENT = "resident"
HMT = "hmt_residence_permit"
FOREIGN_2017 = "foreign_permanent_2017"
FOREIGN_2023 = "foreign_permanent_2023"
TYPE_CHARS = {" ": RESIDENT, "J": HMT, "I": FOREIGN_2017, "Y": FOREIGN_2023}
CARD_TYPES = tuple(TYPE_CHARS.values())
NO_EXPIRY = "长期"

_RESIDENT = [("name", 0, 30), ("gender", 30, 2), ("nation", 32, 4), ("birth", 36, 16),
             ("address", 52, 70), ("number", 122, 36), ("authority", 158, 30),
             ("valid_from", 188, 16), ("valid_to", 204, 16)]
LAYOUTS: dict[str, list[tuple[str, int, int]]] = {
    RESIDENT: _RESIDENT,
    HMT: _RESIDENT + [("pass_number", 220, 18), ("issue_count", 238, 4)],
    FOREIGN_2017: [("name_en", 0, 120), ("gender", 120, 2), ("number", 122, 30),
                   ("nationality", 152, 6), ("name", 158, 30), ("valid_from", 188, 16),
                   ("valid_to", 204, 16), ("birth", 220, 16), ("card_version", 236, 4),
                   ("office", 240, 8)],
    FOREIGN_2023: [("name", 0, 30), ("gender", 30, 2), ("renewal_count", 32, 4),
                   ("birth", 36, 16), ("name_en", 52, 70), ("number", 122, 36),
                   ("valid_from", 188, 16), ("valid_to", 204, 16), ("name_en_2", 220, 22),
                   ("nationality", 242, 6), ("previous_number", 250, 6)],
}


def decode_field(raw: bytes) -> str:
    """UTF-16LE, padded with spaces or NULs; a malformed field is a protocol error, not a crash."""
    try:
        return raw.decode("utf-16-le").rstrip(" \x00")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"text field is not UTF-16LE: {raw.hex()}", device="idcard") from exc


@dataclass(frozen=True)
class IdCard:
    """One card as read from the chip. Dates are ``date``; ``valid_to`` None means 长期."""

    card_type: str
    name: str
    gender: str
    birth_date: date | None
    id_number: str
    valid_from: date | None
    valid_to: date | None
    name_en: str | None = None
    nation: str | None = None
    address: str | None = None
    new_address: str | None = None
    authority: str | None = None
    pass_number: str | None = None
    issue_count: int | None = None
    nationality: str | None = None
    renewal_count: int | None = None
    card_version: str | None = None
    issuing_office: str | None = None
    previous_number: str | None = None
    gender_code: str = ""
    nation_code: str = ""
    photo_wlt: bytes = field(default=b"", repr=False)
    photo_bmp: bytes = field(default=b"", repr=False, compare=False)
    """102×126 BMP, only when a vendor WLT decoder is configured (``wlt_library``)."""

    def expired(self, today: date | None = None) -> bool:
        return self.valid_to is not None and self.valid_to < (today or date.today())

    @property
    def id_number_valid(self) -> bool:
        if self.card_type == FOREIGN_2017:
            return idnumber.foreign_2017_number_valid(self.id_number, self.nationality or "",
                                                      self.birth_date)
        if self.card_type == FOREIGN_2023:
            return idnumber.foreign_2023_number_valid(self.id_number, self.birth_date)
        valid = idnumber.resident_number_valid(self.id_number, self.birth_date)
        return valid and ((self.card_type == HMT) == self.id_number.startswith(idnumber.HMT_PREFIXES))

    def with_new_address(self, text: str | None) -> "IdCard":
        return replace(self, new_address=text or None)

    def to_json(self, today: date | None = None) -> dict[str, Any]:
        """The CLI's JSON object: every key always present, null where the card has no such field."""
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        foreign = self.card_type in (FOREIGN_2017, FOREIGN_2023)
        return {
            "card_type": self.card_type,
            "name": self.name,
            "name_en": self.name_en if foreign else None,
            "gender": self.gender,
            "nation": self.nation if self.card_type == RESIDENT else None,
            "birth_date": iso(self.birth_date),
            "address": self.address,
            "new_address": self.new_address,
            "id_number": self.id_number,
            "card_number": self.id_number if self.card_type == FOREIGN_2017 else None,
            "authority": self.authority,
            "valid_from": iso(self.valid_from),
            "valid_to": iso(self.valid_to),
            "expired": self.expired(today),
            "id_number_valid": self.id_number_valid,
            "pass_number": self.pass_number,
            "issue_count": self.issue_count,
            "nationality": self.nationality if foreign else None,
        }


def card_type_of(text: bytes) -> str:
    char = text[TYPE_OFFSET:TYPE_OFFSET + 2]
    kind = TYPE_CHARS.get(char.decode("utf-16-le", "replace"))
    if kind is None:
        log.warning("unknown card type %r; raw text block %s", char, text.hex())
        raise ProtocolError(f"unknown card type {char.hex()}", device="idcard",
                            code="idcard.unknown_card")
    return kind


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def parse_text(text: bytes, photo: bytes = b"") -> IdCard:
    """Parse the 256-byte text block (any card type) into an ``IdCard``."""
    if len(text) != TEXT_LEN:
        raise ProtocolError(f"text block is {len(text)} bytes, expected 256", device="idcard")
    kind = card_type_of(text)
    f = {name: decode_field(text[off:off + n]) for name, off, n in LAYOUTS[kind]}
    valid_to_text = f["valid_to"].strip()
    valid_to = None if valid_to_text == NO_EXPIRY else idnumber.parse_date(valid_to_text)
    if valid_to is None and valid_to_text != NO_EXPIRY:
        raise ProtocolError(f"valid-to date {valid_to_text!r} is not YYYYMMDD or 长期",
                            device="idcard")
    name_en = f.get("name_en", "")
    if kind == FOREIGN_2023:
        name_en = (name_en + f["name_en_2"]).strip()
    return IdCard(
        card_type=kind,
        name=f["name"].strip(),
        gender=idnumber.gender_name(f["gender"]),
        gender_code=f["gender"].strip(),
        birth_date=idnumber.parse_date(f["birth"]),
        id_number=f["number"].strip(),
        valid_from=idnumber.parse_date(f["valid_from"]),
        valid_to=valid_to,
        name_en=name_en.strip() or None,
        nation=idnumber.nation_name(f.get("nation", "")),
        nation_code=f.get("nation", "").strip(),
        address=f.get("address", "").strip() or None,
        authority=f.get("authority", "").strip() or None,
        pass_number=f.get("pass_number", "").strip() or None,
        issue_count=_int_or_none(f.get("issue_count", "")),
        nationality=f.get("nationality", "").strip() or None,
        renewal_count=_int_or_none(f.get("renewal_count", "")),
        card_version=f.get("card_version", "").strip() or None,
        issuing_office=f.get("office", "").strip() or None,
        previous_number=f.get("previous_number", "").strip() or None,
        photo_wlt=photo,
    )


def _put(block: bytearray, offset: int, length: int, value: str) -> None:
    raw = value.encode("utf-16-le")[:length]
    block[offset:offset + len(raw)] = raw


def encode_text(card: IdCard) -> bytes:
    """The 256-byte block the chip would hold for ``card`` (used by the simulator and tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    ymd = lambda d: d.strftime("%Y%m%d") if d else ""  # noqa: E731
    name_en = card.name_en or ""
    values = {
        "name": card.name, "gender": card.gender_code, "nation": card.nation_code,
        "birth": ymd(card.birth_date), "address": card.address or "", "number": card.id_number,
        "authority": card.authority or "", "valid_from": ymd(card.valid_from),
        "valid_to": ymd(card.valid_to) if card.valid_to else NO_EXPIRY,
        "pass_number": card.pass_number or "",
        "issue_count": f"{card.issue_count:02d}" if card.issue_count is not None else "",
        "nationality": card.nationality or "", "name_en": name_en[:35] if card.card_type ==
        FOREIGN_2023 else name_en, "name_en_2": name_en[35:46],
        "renewal_count": f"{card.renewal_count:02d}" if card.renewal_count is not None else "",
        "card_version": card.card_version or "", "office": card.issuing_office or "",
        "previous_number": card.previous_number or "",
    }
    for name, off, n in LAYOUTS[card.card_type]:
        _put(block, off, n, values[name])
    type_char = next(c for c, kind in TYPE_CHARS.items() if kind == card.card_type)
    _put(block, TYPE_OFFSET, 2, type_char)
    return bytes(block)
