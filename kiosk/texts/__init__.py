"""The one catalogue of UI text, keyed by id: ``t("step.notice.accept")``.

Tables are TOML files beside this module, one per language (``zh.toml``; ``en.toml`` when the
accessibility work adds it); nested tables flatten to dotted keys. A key missing from a language
falls back to Chinese, and a key missing everywhere shows as the key itself (a test lists them).
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
DEFAULT_LANG = "zh"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


class Catalogue:
    def __init__(self, tables: dict[str, dict[str, str]]):
        self.tables = tables

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.tables)

    def has(self, key: str, lang: str = DEFAULT_LANG) -> bool:
        return key in self.tables.get(lang, {})

    def missing(self, lang: str) -> set[str]:
        """Keys some language has and ``lang`` lacks."""
        every = set().union(*(table.keys() for table in self.tables.values()))
        return every - set(self.tables.get(lang, {}))

    def t(self, key: str, lang: str = DEFAULT_LANG, **fmt) -> str:
        table = self.tables.get(lang) or self.tables[DEFAULT_LANG]
        text = table.get(key)
        if text is None:
            text = self.tables[DEFAULT_LANG].get(key)
        if text is None:
            log.error("text %r is missing from the catalogue", key)
            return key
        if fmt and lang != DEFAULT_LANG:  # a fault sentence given as a value, in this language
            fmt = {k: localize(v, lang) if isinstance(v, str) else v for k, v in fmt.items()}
        return text.format(**fmt) if fmt else text


@cache
def catalogue() -> Catalogue:
    tables = {}
    for path in sorted(HERE.glob("*.toml")):
        with path.open("rb") as fh:
            tables[path.stem] = _flatten(tomllib.load(fh))
    return Catalogue(tables)


_language = DEFAULT_LANG


def set_language(lang: str) -> None:
    """Switch the language ``t`` uses when given none (a foreign card read, the switch tapped)."""
    global _language
    if lang not in catalogue().languages:
        raise ValueError(f"no text catalogue for {lang!r}; have: {', '.join(catalogue().languages)}")
    _language = lang


def language() -> str:
    return _language


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The text for ``key`` in ``lang`` (default: the current language, see ``set_language``)."""
    return catalogue().t(key, lang or _language, **fmt)


def localize(text: str, lang: str | None = None) -> str:
    """``text`` with every device or service message in it (``kiosk.messages``, stored in the
    flows as Chinese sentences) put into ``lang``: a foreign card holder reads the fault too."""
    lang = lang or _language
    if lang == DEFAULT_LANG or not text:
        return text
    table = catalogue().tables
    other = table.get(lang, {})
    for key, sentence in _messages():
        if sentence in text and f"message.{key}" in other:
            text = text.replace(sentence, other[f"message.{key}"])
    return text


@cache
def _messages() -> tuple[tuple[str, str], ...]:
    zh = catalogue().tables[DEFAULT_LANG]
    pairs = [(k[len("message."):], v) for k, v in zh.items() if k.startswith("message.")]
    return tuple(sorted(pairs, key=lambda kv: -len(kv[1])))  # longest first
