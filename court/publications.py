"""What kiosks may show without an ID card (rules annex 5): published judgments (already
anonymised by the court), litigation guides and blank templates.

The court keeps the catalogue here (``data_dir/publications``: ``catalogue.json`` + the PDFs);
every ``publish`` or ``withdraw`` makes a new version, sent to each kiosk as one signed downlink
document of kind ``catalogue`` (the catalogue JSON and every PDF, each hashed in the signed
manifest). A kiosk shows only its newest catalogue that verifies, so it works offline and never
shows what the court withdrew once the new version has arrived.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from offline_queue.canonical import canonical
from offline_queue.document import BuiltDocument, build_document
from offline_queue.fsutil import atomic_write, write_durable

CATALOGUE_SCHEMA = "court-kiosk/catalogue/v1"
CATALOGUE_FILE = "catalogue.json"
KINDS = ("judgment", "guide", "template")
CASE_NUMBER = re.compile(r"^[（(](\d{4})[)）]([\u4e00-\u9fff](?:\d{2}|\d{4})?)[\u4e00-\u9fff]{1,6}?\d{1,6}号$")
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MAX_BYTES = 50 * 1024 * 1024


class PublishError(ValueError):
    """Bad input to publish or withdraw: a clear sentence for the clerk, nothing changed."""


@dataclass
class Catalogue:
    version: int
    court: str
    issued_at: str
    items: list[dict]

    def as_json(self) -> dict:
        return {"schema": CATALOGUE_SCHEMA, "version": self.version, "court": self.court,
                "issued_at": self.issued_at, "items": self.items}


def root(settings) -> Path:
    return Path(settings.data_dir) / "publications"


def load(settings) -> Catalogue:
    path = root(settings) / CATALOGUE_FILE
    if not path.exists():
        return Catalogue(0, settings.court_code, "", [])
    data = json.loads(path.read_bytes())
    return Catalogue(data["version"], data["court"], data["issued_at"], data["items"])


def _save(settings, catalogue: Catalogue) -> None:
    atomic_write(root(settings) / CATALOGUE_FILE, canonical(catalogue.as_json()))


def _check_pdf(file: Path) -> tuple[bytes, int]:
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise PublishError(f"{file}: cannot be read ({exc.strerror})") from None
    if not data.startswith(b"%PDF-"):
        raise PublishError(f"{file}: not a PDF")
    if len(data) > MAX_BYTES:
        raise PublishError(f"{file}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        pages = len(pdf)
        pdf.close()
    except Exception as exc:  # PDFium refuses it: so would every kiosk
        raise PublishError(f"{file}: the PDF cannot be opened ({exc})") from None
    return data, pages


def publish(settings, kind: str, file: Path, *, title: str, case_number: str = "", cause: str = "",
            court: str = "", year: int | None = None, topic: str = "",
            published_at: str | None = None) -> dict:
    """Add a document to the catalogue (a new version); returns its entry."""
    if kind not in KINDS:
        raise PublishError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    title = title.strip()
    if not title:
        raise PublishError("a title is required")
    if ID_NUMBER.search(title + case_number + cause):
        raise PublishError("the title or fields contain an ID number: publish only anonymised text")
    entry: dict = {"kind": kind, "title": title}
    if kind == "judgment":
        m = CASE_NUMBER.match(case_number.strip().replace(" ", ""))
        if not m:
            raise PublishError(f"case number {case_number!r} is not like （2024）豫0102民初1187号")
        if not cause.strip():
            raise PublishError("a judgment needs its cause of action (--cause)")
        entry.update(case_number=m.group(0), cause=cause.strip(), court=court or m.group(2),
                     year=int(year or m.group(1)))
    elif topic:
        entry["topic"] = topic.strip()
    try:
        published = date.fromisoformat(published_at) if published_at else date.today()
    except ValueError:
        raise PublishError(f"publication date {published_at!r} is not YYYY-MM-DD") from None
    data, pages = _check_pdf(file)
    digest = hashlib.sha256(data).hexdigest()
    catalogue = load(settings)
    if any(i["sha256"] == digest for i in catalogue.items):
        raise PublishError(f"{file}: this very file is already published")
    item_id = f"{kind[0]}{digest[:11]}"
    entry.update(item_id=item_id, sha256=digest, size=len(data), pages=pages,
                 published_at=published.isoformat(), path=f"items/{item_id}.pdf")
    write_durable(root(settings) / entry["path"], data)
    catalogue.items.append(entry)
    _bump(settings, catalogue)
    return entry


def withdraw(settings, item_id: str) -> dict:
    catalogue = load(settings)
    entry = next((i for i in catalogue.items if i["item_id"] == item_id), None)
    if entry is None:
        raise PublishError(f"no published document {item_id!r}")
    catalogue.items = [i for i in catalogue.items if i["item_id"] != item_id]
    _bump(settings, catalogue)
    (root(settings) / entry["path"]).unlink(missing_ok=True)
    return entry


def _bump(settings, catalogue: Catalogue) -> None:
    from offline_queue.manifest import utc_now

    catalogue.version += 1
    catalogue.court = settings.court_code
    catalogue.issued_at = utc_now()
    _save(settings, catalogue)


def catalogue_document(settings, key, kiosk_id: str) -> BuiltDocument:
    """The current version for one kiosk: the catalogue and every PDF, signed by the court."""
    catalogue = load(settings)
    files = [(CATALOGUE_FILE, canonical(catalogue.as_json()), "catalogue", "application/json")]
    for item in catalogue.items:
        files.append((item["path"], (root(settings) / item["path"]).read_bytes(), item["kind"],
                      "application/pdf"))
    return build_document(key, kiosk_id=kiosk_id, kind="catalogue",
                          title=f"公开文书目录 第{catalogue.version}版", court=settings.court_code,
                          files=files, chunk_size=settings.broker.chunk_size,
                          extra={"catalogue_version": catalogue.version})


def fleet(settings) -> list[str]:
    """Every kiosk the court trusts (one public key file per enrolled kiosk)."""
    keys = Path(settings.kiosk_keys_path)
    return sorted(p.stem for p in keys.glob("*.pem")) if keys.is_dir() else []
