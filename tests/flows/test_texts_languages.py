"""Every text in both languages, with the same placeholders; the language switch."""

from __future__ import annotations

import string

import pytest

from kiosk import texts

pytestmark = pytest.mark.unit


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_key_exists_in_chinese_and_english():
    cat = texts.catalogue()
    assert {"zh", "en"} <= set(cat.languages)
    for lang in cat.languages:
        assert cat.missing(lang) == set(), f"keys missing from {lang}.toml"


def test_english_keeps_every_placeholder_and_is_english():
    cat = texts.catalogue()
    for key, zh in cat.tables["zh"].items():
        en = cat.tables["en"][key]
        assert placeholders(en) == placeholders(zh), key
        # English text may quote a Chinese example (a case number), never be Chinese throughout.
        han = sum("\u4e00" <= c <= "\u9fff" for c in en)
        assert han <= 8 and (han == 0 or "例" not in en), (key, en)


def test_missing_detects_a_key_only_one_language_has():
    cat = texts.Catalogue({"zh": {"a": "甲", "b": "乙"}, "en": {"a": "A"}})
    assert cat.missing("en") == {"b"} and cat.missing("zh") == set()


def test_language_switch():
    assert texts.language() == "zh"
    try:
        texts.set_language("en")
        assert texts.t("common.back") == "Back"
        assert texts.t("common.back", "zh") == "返回"
        assert texts.t("common.step_of", number=2, count=9) == "Step 2 of 9"
        with pytest.raises(ValueError):
            texts.set_language("fr")
    finally:
        texts.set_language("zh")
    assert texts.t("common.back") == "返回"


def test_device_messages_have_english_and_are_localized():
    from kiosk import texts
    from kiosk.messages import FALLBACK, MESSAGES

    zh = texts.catalogue().tables["zh"]
    assert {k: zh[f"message.{k}"] for k in MESSAGES} == MESSAGES  # the same sentences, in sync
    assert zh["message.fallback"] == FALLBACK
    sentence = MESSAGES["receipt.paper_out"]
    assert texts.localize(sentence, "zh") == sentence
    english = texts.localize(f"回执：{sentence}", "en")
    assert "out of paper" in english and sentence not in english
    said = texts.t("status.receipt_failed", "en", reason=sentence)
    assert "out of paper" in said and not any("\u4e00" <= c <= "\u9fff" for c in said)
