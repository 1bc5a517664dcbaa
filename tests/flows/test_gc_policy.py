"""The full garbage collection runs between sessions, not in the middle of a litigant's render."""

import gc
from types import SimpleNamespace

from kiosk.gc_policy import FULL_EVERY, collect_and_freeze, collecting_between_sessions


def test_a_session_ending_schedules_one_collection_after_the_frame():
    drawn, scheduled = [], []
    render = collecting_between_sessions(drawn.append, scheduled.append)
    for screen in ("attract", "home", "journey", "journey", "attract", "attract"):
        render(SimpleNamespace(screen=screen))
    assert [v.screen for v in drawn] == ["attract", "home", "journey", "journey", "attract", "attract"]
    assert scheduled == [collect_and_freeze], "once, when the attract screen came back"


def test_collect_and_freeze_collects_cycles_and_makes_full_collections_rare():
    before = gc.get_threshold()
    try:
        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        collect_and_freeze()
        assert not any(type(o).__name__ == "Node" for o in gc.get_objects()), "the cycle was collected"
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == FULL_EVERY
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
