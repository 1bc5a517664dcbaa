"""Keys are found by what they do (their ``action``), never by a label that changes with the
language: the walkthrough's form steps (clear a field with 退格, confirm with 确定) work the same
in English, where the keys read Delete and OK."""

from __future__ import annotations

import pytest

from kiosk import texts
from kiosk.walkthrough import Walk, action_key, form_clear, form_commit, form_open, form_type_keys

pytestmark = pytest.mark.ui


@pytest.fixture
def english(kiosk):
    yield kiosk
    texts.set_language("zh")


def test_the_walk_clears_and_confirms_the_phone_in_english(english):
    from kiosk.a11y.journey_targets import _to

    kiosk = english
    walk = Walk(kiosk, None, log=lambda _m: None)
    _to(kiosk, "parties")
    walk.wait_screen("step.parties")
    walk.tap(walk.screen.header.access.language)
    kiosk.settle()
    assert texts.language() == "en"
    form_open(walk, "phone")
    editor = walk.screen.editor
    form_type_keys(walk, "139")
    form_clear(walk)
    assert editor.value == "" and editor.shown.text.strip() == ""
    assert action_key(editor, "backspace").label.text == "Delete"  # what it found
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    dossier = kiosk.controller.state.journey.dossier
    assert dossier.phone is not None and dossier.phone.value == "13800138000"
