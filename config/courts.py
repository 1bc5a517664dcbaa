"""The court directory: which courts a litigant can file to, their case-number codes and search keys."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

PACKAGED_COURTS = Path(__file__).with_name("courts.toml")
SITE_COURTS = Path("/etc/kiosk/courts.toml")


class Court(BaseModel):
    """One court of the directory."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"人民法院$")
    level: Literal["basic", "intermediate", "high"]
    code: str = Field(pattern=r"^[\u4e00-\u9fff](\d{2}|\d{4})?$")
    """Region-and-court code used in case numbers (豫0181); the high court uses the province alone (豫)."""
    parent: str | None = None
    initials: str = Field(pattern=r"^[a-z]+$")


class CourtDirectory(BaseModel):
    """All courts, looked up by code or name, searched by pinyin initials or characters."""

    court: list[Court]

    @model_validator(mode="after")
    def _consistent(self) -> "CourtDirectory":
        names = {c.name for c in self.court}
        codes = [c.code for c in self.court]
        if len(names) != len(self.court) or len(set(codes)) != len(codes):
            raise ValueError("court names and codes must be unique")
        missing = [c.parent for c in self.court if c.parent and c.parent not in names]
        if missing:
            raise ValueError(f"parent court not in the directory: {', '.join(missing)}")
        return self

    def by_code(self, code: str) -> Court | None:
        return next((c for c in self.court if c.code == code), None)

    def by_name(self, name: str) -> Court | None:
        return next((c for c in self.court if c.name == name), None)

    def search(self, query: str) -> list[Court]:
        """Courts whose pinyin initials or name contain ``query`` (``zy`` finds 中原区)."""
        q = query.strip().lower()
        if not q:
            return list(self.court)
        return [c for c in self.court if q in c.initials or q in c.name]

    def appeal_court(self, court: Court) -> Court | None:
        return self.by_name(court.parent) if court.parent else None


def load_courts(path: Path | None = None) -> CourtDirectory:
    """The site's directory if present, else the packaged one."""
    if path is None:
        path = SITE_COURTS if SITE_COURTS.exists() else PACKAGED_COURTS
    with Path(path).open("rb") as fh:
        return TypeAdapter(CourtDirectory).validate_python(tomllib.load(fh))


@lru_cache(maxsize=1)
def packaged_courts() -> CourtDirectory:
    return load_courts(PACKAGED_COURTS)
