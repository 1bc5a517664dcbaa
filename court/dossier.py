"""What a filing judge needs from one recorded packet, read and checked at the court: the form with
each value's provenance, the material list against the PDFs' real page counts, the screening flags,
each signature against the exact text it was bound to, the pre-send checks, and the audit chain.

Files holding personal data may come encrypted to the court's key (``form.json.enc`` beside or
instead of ``form.json``), with the scheme and binding of ``idcard.json.enc``
(``offline_queue.crypto.encrypt_for``, additional data = the packet id). Nothing here trusts the
kiosk's own claims where the court can check them: page counts are counted, text hashes recomputed,
the chain re-verified, every file hashed against the signed manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from court.audit import verify_packet_chain
from offline_queue import manifest as mf
from offline_queue.crypto import CryptoError, decrypt_with

FORM_SECTIONS = ("case_type", "jurisdiction_court", "cooperating_court", "origin_court", "parties", "agent",
                 "service", "claims", "case_ref", "journey", "application")
FIELD_LABELS = {"name": "姓名", "id_number": "身份证号"}


class Unreadable(Exception):
    """A packet file that is present but cannot be read, decrypted or parsed."""


def read_json(root: Path, name: str, court_key, packet_id: str):
    """``name`` as JSON, from the plain file or its ``.enc`` twin; None when neither is there."""
    plain, sealed = root / name, root / f"{name}.enc"
    try:
        if plain.is_file():
            data = plain.read_bytes()
        elif sealed.is_file():
            data = decrypt_with(court_key, sealed.read_bytes(), packet_id.encode())
        else:
            return None
        return json.loads(data)
    except CryptoError as exc:
        raise Unreadable(f"{sealed.name}: 无法用本院密钥解密（{exc}）") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{name}: 无法读取（{exc.__class__.__name__}）") from None


def mask_id(value) -> str:
    """An ID number with the birth date and sequence hidden: 410181********4512."""
    text = str(value or "")
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def pdf_pages(path: Path) -> int | str:
    """The page count pdfium finds, or why the PDF cannot be opened."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        return f"PDF 无法打开（{exc}）"
    try:
        return len(doc)
    finally:
        doc.close()


def build(root: Path, manifest: dict, court_key, *, full: bool = False) -> dict:
    """The dossier of a packet directory as plain JSON-ready data (ID numbers masked unless ``full``)."""
    root = Path(root)
    pid = manifest["packet_id"]
    errors: list[str] = []

    def load(name: str, shape=dict):
        try:
            data = read_json(root, name, court_key, pid)
        except Unreadable as exc:
            errors.append(str(exc))
            return None
        if data is not None and not isinstance(data, shape):
            errors.append(f"{name}: 内容格式不对（{type(data).__name__}），已略过")
            return None
        return data

    form = load("form.json") or {}
    card = load("idcard.json")
    flags = (load("screening.json") or {}).get("flags")
    fields = form.get("fields", {}) if isinstance(form.get("fields"), dict) else {}
    sections = {**fields, **{k: v for k, v in form.items() if k != "fields"}}
    dossier = {
        "packet_id": pid, "kiosk_id": manifest.get("kiosk_id"), "kiosk_seq": manifest.get("kiosk_seq"),
        "kind": manifest.get("kind"), "service": manifest.get("service"),
        "case_type": manifest.get("case_type"), "jurisdiction_court": manifest.get("jurisdiction_court"),
        "cooperating_court": manifest.get("cooperating_court"), "case_ref": manifest.get("case_ref"),
        "supersedes": manifest.get("supersedes"), "sealed_at": manifest.get("sealed_at"),
        "digest": hashlib.sha256((root / mf.MANIFEST).read_bytes()).hexdigest(),
        "file_problems": mf.file_problems(root, manifest),
        "form_sections": {k: sections[k] for k in FORM_SECTIONS if k in sections},
        "fields": {k: v for k, v in sections.items() if k not in FORM_SECTIONS},
        "idcard": card,
        "chip_mismatches": chip_mismatches(sections, card),
        "materials": materials(root, load("material_list.json"), manifest),
        "screening": [f for f in flags if isinstance(f, dict)] if isinstance(flags, list) else [],
        "signatures": signatures(root, load),
        "checks": load("checks.json", (dict, list)),
    }
    verdict = verify_packet_chain(root)
    _signatures_in_trail(dossier["signatures"], verdict.entries)
    dossier["audit"] = {**verdict.summary(), "text": verdict.text(),
                        "first_at": verdict.entries[0].get("at") if verdict.entries else None,
                        "last_at": verdict.entries[-1].get("at") if verdict.entries else None,
                        "events_list": [{k: v for k, v in e.items() if k != "prev"} for e in verdict.entries]}
    dossier["unreadable"] = errors
    return dossier if full else masked(dossier)


def chip_mismatches(sections: dict, card: dict | None) -> list[str]:
    """Values that claim to come from the chip but differ from the ID data read from it (one card
    per packet: the litigant's, or in the lawyer channel the lawyer's)."""
    if not card:
        return []
    agent = sections.get("agent") if isinstance(sections.get("agent"), dict) else {}
    people = [*_parties(sections), agent,
              {"name": sections.get("plaintiff_name"), "id_number": sections.get("plaintiff_id_number")}]
    identity = agent.get("identity")
    if isinstance(identity, dict):  # the lawyer's own card, as the journey's Identity
        people.append({k: {"value": identity.get(k), "source": identity.get("source")} for k in ("name", "id_number")})
    out = []
    for person in people:
        for key in ("name", "id_number"):
            value = person.get(key)
            if isinstance(value, dict) and value.get("source") == "chip" and str(value.get("value")) != str(card.get(key)):
                out.append(f"{FIELD_LABELS[key]}“{value.get('value') if key == 'name' else mask_id(value.get('value'))}”"
                           f"标为芯片读取，却与身份证芯片数据不一致")
    return out


def _parties(sections: dict) -> list[dict]:
    parties = sections.get("parties")
    return [p for p in parties if isinstance(p, dict)] if isinstance(parties, list) else []


def materials(root: Path, listing: dict | None, manifest: dict) -> dict:
    """Each listed material with the pages the PDF really has; PDFs nobody listed."""
    rows = []
    listed_files = set()
    items = (listing or {}).get("materials")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            rows.append({"no": None, "name": repr(item)[:40], "problem": "清单条目格式不对"})
            continue
        row = dict(item)
        if isinstance(item.get("kept_from"), dict):  # kept from the superseded packet: checked by court.resubmit
            row["kept"], row["file"] = True, f"{item['kept_from'].get('packet_id', '')}/{item['kept_from'].get('file', '')}"
            rows.append(row)
            continue
        path = str(item.get("file") or (f"materials/{item['no']:02d}.pdf" if isinstance(item.get("no"), int) else ""))
        row["file"] = path
        listed_files.add(path)
        if not mf.is_safe_path(path) or not (root / path).is_file():
            row["real_pages"], row["problem"] = None, f"文件 {path or '（未写明）'} 不在包内"
        else:
            real = pdf_pages(root / path)
            row["real_pages"] = real if isinstance(real, int) else None
            if not isinstance(real, int):
                row["problem"] = real
            elif real != item.get("pages"):
                row["problem"] = f"页数不符：清单写 {item.get('pages')} 页，PDF 实有 {real} 页"
        rows.append(row)
    unlisted = [f["path"] for f in manifest.get("files", [])
                if f.get("role") == "material" and f["path"] not in listed_files]
    return {"listed": rows, "unlisted": unlisted, "present": listing is not None}


_SIG_JSON = re.compile(r"^signature/(\d+)\.json$")


def signatures(root: Path, load) -> list[dict]:
    """One entry per signed confirmation: the text, its hash recomputed, when and who."""
    out = []
    names = sorted({p.relative_to(root).as_posix().removesuffix(".enc")
                    for p in (root / "signature").glob("*.json*")}) if (root / "signature").is_dir() else []
    for name in names:
        match = _SIG_JSON.match(name)
        if not match:
            continue
        sig = load(name) or {}
        text = sig.get("text")
        stated = sig.get("text_sha256") if isinstance(sig.get("text_sha256"), str) else None
        png = f"signature/{match.group(1)}.png"
        entry = {"no": int(match.group(1)), "file": name, "key": sig.get("key"), "text": text,
                 "text_sha256": stated, "signed_at": sig.get("signed_at"), "signer": sig.get("signer"),
                 "refused": bool(sig.get("refused")),
                 "strokes": _stroke_count(sig.get("strokes", sig.get("strokes_json"))),
                 "png": (root / png).is_file() or (root / f"{png}.enc").is_file()}
        if not isinstance(text, str):
            entry["hash_ok"], entry["problem"] = False, "签署文本不在包内，无法核对哈希"
        else:
            entry["hash_ok"] = hashlib.sha256(text.encode("utf-8")).hexdigest() == stated
            if not entry["hash_ok"]:
                entry["problem"] = "文本的 SHA-256 与签名所绑定的哈希不符"
        if entry["refused"]:
            entry["problem"] = entry.get("problem") or "当事人拒绝签署此项确认"
        elif not entry["strokes"]:
            entry["problem"] = entry.get("problem") or "签名没有笔迹数据"
        out.append(entry)
    legacy = load("signature/strokes.json")
    if legacy is not None:  # the one-signature form: strokes and the hash only, no text
        out.append({"no": 0, "file": "signature/strokes.json", "text": None,
                    "text_sha256": legacy.get("signed_text_sha256"), "signed_at": None, "signer": None,
                    "strokes": _stroke_count(legacy.get("strokes")),
                    "png": (root / "signature" / "signature.png").is_file(), "hash_ok": False,
                    "problem": "签署文本不在包内，无法核对哈希"})
    return out


def _signatures_in_trail(sigs: list[dict], events: list[dict]) -> None:
    """Each confirmation signed at the kiosk leaves a ``signed`` event with its text hash in the
    chain (``kiosk/flows/steps/sign.py``): a signature without one is marked for the reviewer."""
    signed = {(e.get("confirmation"), e.get("text_sha256")) for e in events if e.get("event") == "signed"}
    if not signed:
        return  # a trail that does not record signatures (older kiosks): nothing to compare
    for sig in sigs:
        if sig.get("key") and not sig.get("refused"):
            sig["in_trail"] = (sig["key"], sig.get("text_sha256")) in signed
            if not sig["in_trail"]:
                sig["problem"] = sig.get("problem") or "审计链中没有这次签署的记录"


def _stroke_count(strokes) -> int:
    """Points in an ISO/IEC 19794-7-like time series: strokes as lists of points or as
    ``{"points": [...]}``, or a flat list of points."""
    if isinstance(strokes, str):  # the pad's JSON, as text
        try:
            strokes = json.loads(strokes)
        except ValueError:
            return 0
    if isinstance(strokes, dict):
        strokes = strokes.get("strokes", strokes.get("points"))
    if not isinstance(strokes, list):
        return 0
    total = 0
    for stroke in strokes:
        if isinstance(stroke, list):
            total += len(stroke)
        elif isinstance(stroke, dict):
            total += len(stroke["points"]) if isinstance(stroke.get("points"), list) else 1
    return total


def masked(obj, key: str | None = None):
    """A copy with every ID number masked (values under an ``*id_number`` key, the card's)."""
    if isinstance(obj, dict):
        if key is not None and _is_id_key(key) and "value" in obj:
            return {**obj, "value": mask_id(obj["value"])}
        return {k: masked(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [masked(v, key) for v in obj]
    if key is not None and _is_id_key(key) and isinstance(obj, (str, int)):
        return mask_id(obj)
    return obj


def _is_id_key(key: str) -> bool:
    return key.endswith("id_number")
