"""Signatures: refused when empty, tiny or one stroke; JSON and PNG; bound to the exact text."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from PIL import Image

from kiosk.inputs.signature import Signature, signature_from_points, text_sha256

pytestmark = pytest.mark.unit
PAD = (1000, 400)


def name_like(scale=1.0, pressure=False):
    """Three strokes spread over the pad, like a short name written large."""
    def stroke(x0, y0, x1, y1, t0):
        return [((x0 + (x1 - x0) * i / 10) * scale, (y0 + (y1 - y0) * i / 10) * scale, t0 + i * 12)
                + ((0.5,) if pressure else ()) for i in range(11)]
    return signature_from_points(*PAD, [stroke(100, 100, 400, 120, 1000),
                                        stroke(250, 50, 260, 330, 1300),
                                        stroke(500, 200, 800, 300, 1700)])


def test_a_name_like_signature_is_accepted():
    verdict = name_like().validate()
    assert verdict.ok and verdict.key == "signature.ok"


@pytest.mark.parametrize("signature,key", [
    (Signature(*PAD), "signature.empty"),
    (name_like(scale=0.08), "signature.tiny"),
    (signature_from_points(*PAD, [[(100, 100, 0), (900, 300, 400)]]), "signature.one_stroke"),
    (signature_from_points(*PAD, [[(100, 100, 0)], [(900, 300, 400)], [(500, 50, 900)]]),
     "signature.dots"),
])
def test_empty_tiny_and_one_stroke_are_refused_with_a_reason(signature, key):
    verdict = signature.validate()
    assert not verdict.ok and verdict.key == key and verdict.message


def test_times_start_at_zero_and_json_has_the_documented_shape():
    signature = name_like(pressure=True)
    assert signature.strokes[0][0].t == 0
    digest = text_sha256("本人确认以上内容属实")
    doc = json.loads(signature.to_json(digest, {"name": "张三"}, "2024-05-01T10:00:00+08:00"))
    assert doc["format"] == "court-kiosk/signature-time-series"
    assert [c["name"] for c in doc["channels"]] == ["X", "Y", "T", "F"]
    assert doc["pad"] == {"width": 1000, "height": 400, "unit": "px", "origin": "top-left, y down"}
    assert doc["strokes"][0][0] == [100.0, 100.0, 0, 0.5]
    assert doc["sample_count"] == 33 and doc["signed_text_sha256"] == digest
    assert doc["signer"] == {"name": "张三"}
    assert Signature.from_json(doc).strokes == signature.strokes
    plain = json.loads(name_like().to_json(digest, "张三", "2024-05-01T10:00:00+08:00"))
    assert [c["name"] for c in plain["channels"]] == ["X", "Y", "T"] and len(plain["strokes"][0][0]) == 3


def test_json_refuses_a_digest_that_is_not_one():
    with pytest.raises(ValueError):
        name_like().to_json("not-a-digest", "张三", "2024-05-01T10:00:00+08:00")


def test_bind_uses_the_exact_text_and_detects_changes():
    text = "我确认：扫描件与纸质原件具有同等法律效力。"
    binding = name_like().bind(text)
    assert binding["signed_text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert name_like().bind(text + " ")["signed_text_sha256"] != binding["signed_text_sha256"]
    moved = name_like()
    moved.strokes[0][0] = type(moved.strokes[0][0])(101, 100, 0)
    assert moved.bind(text)["binding_sha256"] != binding["binding_sha256"]
    assert name_like().bind(text) == binding  # deterministic


def test_png_shows_the_ink_inside_the_requested_size():
    png = name_like().render_png(500, 200)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (500, 200)
    dark = sum(1 for v in image.getdata() if v < 128)
    assert 500 < dark < 500 * 200 // 4
    assert image.getpixel((5, 5)) > 250  # white paper around it
