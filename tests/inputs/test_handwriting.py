"""zinnia on stroke fixtures whose stroke order is checked against rime-data-stroke."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kiosk.inputs.handwriting import HandwritingRecognizer, HandwritingUnavailable

pytestmark = pytest.mark.unit
FIXTURES = json.loads((Path(__file__).with_name("fixtures") / "strokes.json").read_text("utf-8"))
STROKE_DICT = Path("/usr/share/rime-data/stroke.dict.yaml")


def stroke_orders() -> dict[str, str]:
    """The five-stroke codes (h 横, s 竖, p 撇, n 捺/点, z 折) Debian's rime-data-stroke ships."""
    wanted, codes = set(FIXTURES["characters"]), {}
    for line in STROKE_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] in wanted and parts[0] not in codes:
            codes[parts[0]] = parts[1]
    return codes


def kind(stroke) -> str:
    """Classify a drawn polyline as one of the five stroke kinds (y grows downwards)."""
    segments = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stroke, stroke[1:])]
    angles = [math.degrees(math.atan2(dy, dx)) for dx, dy in segments]
    if any(abs(a2 - a1) > 60 for a1, a2 in zip(angles, angles[1:])):
        return "z"
    dx, dy = stroke[-1][0] - stroke[0][0], stroke[-1][1] - stroke[0][1]
    if abs(dy) < abs(dx) * 0.3:
        return "h"
    if abs(dx) < abs(dy) * 0.3:
        return "s"
    return "p" if dx < 0 else "n"


@pytest.fixture(scope="module")
def recognizer():
    with HandwritingRecognizer() as engine:
        yield engine


def test_fixtures_follow_the_packaged_stroke_order():
    codes = stroke_orders()
    assert set(codes) == set(FIXTURES["characters"])
    drawn = {char: "".join(kind(s) for s in strokes)
             for char, strokes in FIXTURES["characters"].items()}
    assert drawn == codes


@pytest.mark.parametrize("char", sorted(FIXTURES["characters"]))
def test_each_character_is_recognised_first(recognizer, char):
    strokes = FIXTURES["characters"][char]
    found = recognizer.classify(strokes, FIXTURES["width"], FIXTURES["height"], 5)
    assert found[0][0] == char, found
    assert len(found) == 5 and found[0][1] >= found[1][1]


def test_scale_does_not_matter(recognizer):
    """The same 十 on a 600×600 pad (the widget's size, not the model's) is still 十."""
    strokes = [[(x * 2, y * 2) for x, y in s] for s in FIXTURES["characters"]["十"]]
    assert recognizer.classify(strokes, 600, 600, 3)[0][0] == "十"


def test_partial_character_gives_its_prefix_candidates(recognizer):
    first_stroke = FIXTURES["characters"]["十"][:1]
    assert recognizer.classify(first_stroke, 300, 300, 3)[0][0] == "一"
    assert recognizer.classify([], 300, 300) == []


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(HandwritingUnavailable, match="tegaki-zinnia-simplified-chinese"):
        HandwritingRecognizer(tmp_path / "none.model")
    with pytest.raises(HandwritingUnavailable, match="libzinnia0"):
        HandwritingRecognizer(library="libzinnia-not-here.so")


def test_closed_recognizer_refuses():
    engine = HandwritingRecognizer()
    engine.close()
    with pytest.raises(HandwritingUnavailable):
        engine.classify(FIXTURES["characters"]["一"], 300, 300)
