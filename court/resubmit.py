"""Correct and resubmit (rules §8: "补充完善后可再次申请"): what the court tells the kiosk to pre-fill a
new filing from one of this person's rejected packets, and how it checks a packet that says it
``supersedes`` another.

The pre-fill comes from the court's own copy of the rejected packet (the kiosk kept nothing after
that session): case type, courts, case reference, parties, service, claims, and the material list.
A material may be **kept** (the new packet names it by the rejected packet's file and SHA-256
instead of carrying it again) unless the §12 screening flagged it: a flagged material must be
rescanned or left out. The court verifies every claim of a superseding packet against its store.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from sqlmodel import select

from court.store import InPacket, store_session
from offline_queue import manifest as mf

log = logging.getLogger("court.resubmit")
RESUBMITTABLE = ("case_filing",)
FORM_KEYS = ("case_type", "jurisdiction_court", "origin_court", "case_ref", "parties", "service", "claims")


def _rejected(p: InPacket) -> bool:
    return p.state == "rejected" or p.review == "rejected"


def seed_for(engine, court_key, subject: str, packet_id: str) -> tuple[str, dict]:
    """(status, data) of a ``resubmit`` question: this person's rejected filing, to pre-fill from."""
    from court.dossier import Unreadable, read_json

    with store_session(engine) as s:
        row = s.exec(select(InPacket).where(InPacket.packet_id == packet_id)).first()
    if row is None or row.applicant_tag != subject:  # someone else's packet is the same as none
        return "not_party", {"packet_id": packet_id}
    if not _rejected(row) or row.service not in RESUBMITTABLE or not row.files_dir:
        return "bad_request", {"why": "not_rejected", "packet_id": packet_id}
    root = Path(row.files_dir)
    try:
        form = read_json(root, "form.json", court_key, row.packet_id) or {}
        listing = read_json(root, "material_list.json", court_key, row.packet_id) or {}
        screening = read_json(root, "screening.json", court_key, row.packet_id) or {}
    except Unreadable as exc:
        log.warning("rejected packet %s cannot pre-fill: %s", packet_id, exc)
        return "bad_request", {"why": "unreadable", "packet_id": packet_id}
    fields = form.get("fields", {}) if isinstance(form.get("fields"), dict) else {}
    flagged = {f.get("material") for f in screening.get("flags", []) if isinstance(f, dict)}
    hashes = {f["path"]: f["sha256"] for f in mf.decode(row.manifest).get("files", [])}
    materials = []
    for item in listing.get("materials", []) if isinstance(listing.get("materials"), list) else []:
        if not isinstance(item, dict):
            continue
        path = str(item.get("file") or "")
        kept = item.get("kept_from")
        sha = kept.get("sha256") if isinstance(kept, dict) else hashes.get(path)
        materials.append({"no": item.get("no"), "name": item.get("name", ""), "doc_type": item.get("doc_type", ""),
                          "original": bool(item.get("original")), "pages": item.get("pages", 0),
                          "file": path, "sha256": sha or "",
                          "from_packet": kept.get("packet_id") if isinstance(kept, dict) else row.packet_id,
                          "keepable": item.get("no") not in flagged and bool(sha)})
    data = {"packet_id": row.packet_id, "service": row.service, "reason": row.review_reason or "",
            "form": {k: fields[k] for k in FORM_KEYS if k in fields}, "materials": materials}
    return "ok", data


def check_supersedes(engine, manifest: dict, listing: dict | None, applicant_tag: str | None) -> dict:
    """What the court found about a packet's ``supersedes`` and its kept materials (for review)."""
    old_id = manifest.get("supersedes")
    if not old_id:
        return {}
    with store_session(engine) as s:
        old = s.exec(select(InPacket).where(InPacket.packet_id == old_id)).first()
    problems: list[str] = []
    out = {"packet_id": old_id, "problems": problems, "kept": []}
    if old is None:
        problems.append("本院没有被替代的材料包")
        return out
    out.update(review=old.review, reason=old.review_reason or "", decided_at=old.decided_at,
               sealed_at=old.sealed_at)
    if not applicant_tag or old.applicant_tag != applicant_tag:
        problems.append("申请人与被替代材料包的申请人不是同一人")
    if not _rejected(old):
        problems.append(f"被替代的材料包未被驳回（审核：{old.review}）")
    items = (listing or {}).get("materials")
    for item in items if isinstance(items, list) else []:
        kept = item.get("kept_from") if isinstance(item, dict) else None
        if not isinstance(kept, dict):
            continue
        out["kept"].append(check_kept(engine, old_id, item, kept))
    return out


def kept_file(engine, old_id: str, kept: dict) -> tuple[Path | None, str]:
    """(the kept material's file in the court's copy of the packet it came from, problem or "")."""
    path, sha, source = str(kept.get("file") or ""), str(kept.get("sha256") or ""), kept.get("packet_id") or old_id
    with store_session(engine) as s:
        src = s.exec(select(InPacket).where(InPacket.packet_id == source)).first()
    if src is None or not src.files_dir:
        return None, f"沿用的材料所在材料包 {source} 不在本院"
    if not mf.is_safe_path(path) or not (Path(src.files_dir) / path).is_file():
        return None, f"沿用的文件 {path or '（未写明）'} 不在原材料包内"
    local = Path(src.files_dir) / path
    if hashlib.sha256(local.read_bytes()).hexdigest() != sha:
        return local, "沿用的文件与原材料包中的文件哈希不符"
    return local, ""


def check_kept(engine, old_id: str, item: dict, kept: dict) -> dict:
    from court.dossier import pdf_pages

    local, problem = kept_file(engine, old_id, kept)
    row = {"no": item.get("no"), "name": item.get("name"), "from_packet": kept.get("packet_id") or old_id,
           "file": kept.get("file"), "sha256": kept.get("sha256"), "ok": not problem, "problem": problem}
    if local is not None and not problem:
        real = pdf_pages(local)
        row["real_pages"] = real if isinstance(real, int) else None
        if isinstance(real, int) and real != item.get("pages"):
            row["ok"], row["problem"] = False, f"页数不符：清单写 {item.get('pages')} 页，原文件实有 {real} 页"
    return row
