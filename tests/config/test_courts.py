"""The court directory: real Henan courts, codes as in case numbers, pinyin search."""

import pytest
from pydantic import ValidationError

from config.courts import load_courts, packaged_courts

pytestmark = pytest.mark.unit


def test_directory_names_the_courts_of_the_regulations():
    courts = packaged_courts()
    assert courts.by_code("豫0181").name == "巩义市人民法院"
    assert courts.by_code("豫1402").name == "商丘市梁园区人民法院"
    assert courts.by_name("河南省高级人民法院").level == "high"
    for name in ("郑州市中级人民法院", "商丘市中级人民法院"):
        assert courts.by_name(name).level == "intermediate"


def test_appeals_go_to_the_parent_court():
    courts = packaged_courts()
    assert courts.appeal_court(courts.by_code("豫1402")).name == "商丘市中级人民法院"
    assert courts.appeal_court(courts.by_code("豫01")).name == "河南省高级人民法院"
    assert courts.appeal_court(courts.by_code("豫")) is None


def test_search_by_initials_or_characters():
    courts = packaged_courts()
    assert [c.name for c in courts.search("gy")] == ["巩义市人民法院"]
    assert {c.code for c in courts.search("商丘")} >= {"豫14", "豫1402", "豫1403"}


def test_a_site_list_with_a_dangling_parent_is_rejected(tmp_path):
    path = tmp_path / "courts.toml"
    path.write_text('[[court]]\nname = "某县人民法院"\nlevel = "basic"\ncode = "豫9999"\n'
                    'parent = "不存在的中级人民法院"\ninitials = "mxrmfy"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="parent court"):
        load_courts(path)
