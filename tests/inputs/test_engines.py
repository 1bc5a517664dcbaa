"""The engines' owner: a fresh librime per session, nothing between sessions."""

from __future__ import annotations

import pytest

from kiosk.inputs.engines import InputEngines
from kiosk.inputs.pinyin import RimePinyin, RimeUnavailable

pytestmark = pytest.mark.unit


def test_each_session_gets_a_fresh_engine_and_its_directory_goes_with_it():
    made: list[RimePinyin] = []

    def factory():
        made.append(RimePinyin())
        return made[-1]

    engines = InputEngines(pinyin_factory=factory)
    assert engines.candidates("zhangsan") == []  # no session: nothing, not an old engine
    engines.start_session()
    assert engines.candidates("zhangsan", 1) == ["张三"]
    engines.start_session()  # the next litigant
    assert len(made) == 2 and not made[0].user_dir.exists()
    engines.end_session()
    assert not made[1].user_dir.exists() and engines.candidates("zhangsan") == []
    assert engines.classify([[(50, 150), (250, 150)], [(150, 50), (150, 250)]], 300, 300)[0][0] == "十"
    engines.close()


def test_an_engine_that_cannot_load_is_reported_not_replaced():
    def broken():
        raise RimeUnavailable("librime not loadable: install librime1")

    engines = InputEngines(pinyin_factory=broken)
    engines.start_session()
    assert not engines.pinyin_ready and "librime1" in engines.error
    assert engines.candidates("zhangsan") == []
