"""Content screening per §12 of the online litigation rules: flags for the filing judge.

A material containing prohibited content (state secrets, rumours that disturb public order,
insults and personal attacks, other unlawful content) is never silently blocked: each hit becomes a
flag carried with the material, and the judge decides. The term list is configurable
(``[ocr] screening_terms_file``: one term per line, optionally ``category<TAB>term``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# §12: 1 state secrets / national interest, 2 rumours / public order, 3 insults / attacks, 4 other.
DEFAULT_TERMS: dict[str, tuple[str, ...]] = {
    "state_secret": ("国家秘密", "绝密", "机密文件", "颠覆国家政权", "分裂国家"),
    "public_order": ("散布谣言", "煽动", "聚众冲击", "围攻法院", "制造混乱"),
    "insult": ("狗官", "畜生", "人渣", "王八蛋", "败类", "不得好死", "去死"),
    "other": ("杀了你", "同归于尽", "炸掉法院"),
}
RULE = "《网上诉讼服务规定》第十二条"


@dataclass(frozen=True)
class Flag:
    term: str
    category: str
    page: int
    context: str
    rule: str = RULE


def load_terms(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The default terms plus those of ``path`` (blank lines and ``#`` comments ignored)."""
    terms = {k: list(v) for k, v in DEFAULT_TERMS.items()}
    if path is not None:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            category, sep, term = line.partition("\t")
            if not sep:
                category, term = "other", category
            terms.setdefault(category.strip(), []).append(term.strip())
    return {k: tuple(dict.fromkeys(v)) for k, v in terms.items()}


def screen(page_texts: list[str], terms: dict[str, tuple[str, ...]] | None = None) -> list[Flag]:
    """Every occurrence of a term, with its page and some context (OCR spaces ignored)."""
    terms = terms if terms is not None else DEFAULT_TERMS
    flags: list[Flag] = []
    for page, text in enumerate(page_texts):
        flat = re.sub(r"\s+", "", text)
        for category, words in terms.items():
            for word in words:
                for m in re.finditer(re.escape(word), flat):
                    context = flat[max(0, m.start() - 12):m.end() + 12]
                    flags.append(Flag(word, category, page, context))
    return flags
