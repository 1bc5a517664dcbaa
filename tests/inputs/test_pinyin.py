"""The real librime engine: candidates, court words first, nothing learnt, undrawable dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.inputs.glyphs import GlyphCoverage
from kiosk.inputs.pinyin import FakePinyin, RimePinyin, RimeUnavailable, load_court_words

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine():
    with RimePinyin() as rime:
        yield rime


def test_full_pinyin_and_initials(engine):
    assert engine.candidates("zhangsan")[0] == "张三"
    assert {"只是", "这是"} <= set(engine.candidates("zs"))
    assert engine.candidates("pjs")[0] == "判决书"
    assert "李四" in engine.candidates("lisi", 3)
    assert len(engine.candidates("zhang", 5)) == 5
    assert engine.candidates("") == []


def test_keys_other_than_letters_are_refused(engine):
    with pytest.raises(ValueError):
        engine.candidates("zhang san")


def test_every_court_word_comes_first_for_its_full_pinyin(engine):
    words = load_court_words()
    assert len(words) >= 50
    late = {w.word: engine.candidates(w.codes()[0], 3) for w in words
            if engine.candidates(w.codes()[0], 1) != [w.word]}
    assert late == {}


def test_court_words_outrank_everyday_words(tmp_path):
    empty = tmp_path / "none.tsv"
    empty.write_text("# no court words\n", encoding="utf-8")
    with RimePinyin(court_words=empty) as plain:
        before = plain.candidates("fy", 10), plain.candidates("qsz", 10)
    with RimePinyin() as boosted:
        after = boosted.candidates("fy", 10), boosted.candidates("qsz", 10)
    assert before[0][0] != "法院" and after[0][0] == "法院"
    assert "起诉状" not in before[1][:1] and after[1][0] == "起诉状"


def test_candidates_the_font_cannot_draw_are_dropped(engine):
    font = GlyphCoverage()
    raw = engine._raw_menu("ca")  # what librime offers: 𠱞 (U+20C5E) among the first
    assert any(not font.draws(text) for text in raw)
    shown = engine.candidates("ca", 20)
    assert len(shown) >= 5 and all(font.draws(text) for text in shown)


def rank(engine, keys, word):
    found = engine.candidates(keys, 10)
    return found.index(word)


def test_nothing_is_learnt_within_or_across_sessions():
    with RimePinyin() as first:
        start = rank(first, "zhangshan", "掌扇")
        assert start > 0
        for _ in range(3):
            first.pick("zhangshan", "掌扇")
        assert rank(first, "zhangshan", "掌扇") == start
        user_dir = first.user_dir
    assert not user_dir.exists()
    with RimePinyin() as second:
        assert rank(second, "zhangshan", "掌扇") == start


def test_the_learning_check_can_see_learning():
    """With learning on, a pick moves up within the session, and still not into the next one."""
    with RimePinyin(learn=True) as first:
        start = rank(first, "zhangshan", "掌扇")
        for _ in range(3):
            first.pick("zhangshan", "掌扇")
        assert rank(first, "zhangshan", "掌扇") < start
    with RimePinyin(learn=True) as second:
        assert rank(second, "zhangshan", "掌扇") == start


def test_one_engine_per_process(engine):
    with pytest.raises(RimeUnavailable, match="one engine per process"):
        RimePinyin()


def test_missing_library_or_data_is_a_clear_error(tmp_path):
    with pytest.raises(RimeUnavailable, match="librime1"):
        RimePinyin(library="librime-not-here.so.1")
    with pytest.raises(RimeUnavailable, match="rime-data-luna-pinyin"):
        RimePinyin(shared_dir=tmp_path)


def test_closed_engine_refuses(tmp_path):
    rime = RimePinyin()
    rime.close()
    with pytest.raises(RimeUnavailable):
        rime.candidates("zhang")


def test_the_fake_is_never_used_outside_tests():
    users = [p for folder in ("kiosk", "screens") for p in (ROOT / folder).rglob("*.py")
             if "FakePinyin" in p.read_text(encoding="utf-8")]
    assert users == [ROOT / "kiosk" / "inputs" / "pinyin.py"]
    assert FakePinyin().candidates("zhangsan", 1) == ["张三"]
