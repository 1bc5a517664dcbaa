"""The court's public documents on this kiosk: the newest ``catalogue`` downlink document that
verifies (court signature over the manifest, every file's SHA-256), read afresh before it is
shown, so a copy changed on disk shows nothing. Older versions are removed once a newer one
verifies: what the court withdrew leaves the kiosk too."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from kiosk.flows.steps.library import Library, Publication
from offline_queue import manifest as mf
from offline_queue.verify import verify_dir

log = logging.getLogger(__name__)
CATALOGUE_SCHEMA = "court-kiosk/catalogue/v1"


class LibraryMissing(Exception):
    code = "library.none"


class LibraryUnverified(Exception):
    code = "library.unverified"


def _candidates(docs_dir: Path) -> list[tuple[int, Path]]:
    found = []
    for path in docs_dir.iterdir() if docs_dir.is_dir() else ():
        if path.name.startswith(".") or not (path / mf.MANIFEST).is_file():
            continue
        try:
            manifest = json.loads((path / mf.MANIFEST).read_bytes())
        except ValueError:
            continue
        if manifest.get("kind") == "catalogue":
            found.append((int(manifest.get("catalogue_version") or 0), path))
    return sorted(found, reverse=True)


def load_library(docs_dir: Path, court_key, *, prune: bool = True) -> Library:
    """The newest verified catalogue; raises ``LibraryMissing`` / ``LibraryUnverified``."""
    candidates = _candidates(Path(docs_dir))
    if not candidates:
        raise LibraryMissing("no catalogue document on this kiosk")
    for version, path in candidates:
        problems = verify_dir(path, court_key, document=True)
        if problems:
            log.warning("catalogue version %s at %s does not verify: %s", version, path, "; ".join(problems))
            continue
        library = _read(path)
        if prune:
            for older, other in candidates:
                if older < library.version:
                    shutil.rmtree(other, ignore_errors=True)
                    log.info("catalogue version %s removed (version %s verified)", older, library.version)
        return library
    raise LibraryUnverified("no catalogue on this kiosk verifies")


def _read(path: Path) -> Library:
    manifest = mf.decode((path / mf.MANIFEST).read_bytes())
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    data = json.loads((path / "catalogue.json").read_bytes())
    if data.get("schema") != CATALOGUE_SCHEMA:
        raise LibraryUnverified(f"unknown catalogue schema {data.get('schema')!r}")
    items = []
    for item in data["items"]:
        if hashes.get(item["path"]) != item["sha256"]:
            log.warning("catalogue item %s: its PDF is not the one the manifest signed; left out",
                        item.get("item_id"))
            continue
        items.append(Publication(
            item_id=item["item_id"], kind=item["kind"], title=item["title"],
            published_at=item["published_at"], path=str(path / item["path"]), sha256=item["sha256"],
            pages=int(item.get("pages", 0)), case_number=item.get("case_number", ""),
            cause=item.get("cause", ""), court=item.get("court", ""), year=int(item.get("year", 0)),
            topic=item.get("topic", "")))
    return Library(int(data["version"]), data["court"], data["issued_at"][:10], tuple(items))
