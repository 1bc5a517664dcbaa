"""A handwritten signature as time-stamped strokes, checked, bound to the exact text signed.

China's Electronic Signature Law (art. 13) asks that any later change to the signature or to the
signed content be detectable: ``bind(text)`` ties the strokes' digest to the SHA-256 of the exact
UTF-8 text shown, and ``to_json`` carries both with the signer and the time.

The JSON (``strokes.json`` in a packet) follows the channel model of ISO/IEC 19794-7's full
format (signature/sign time series): channels X, Y, T and optionally F (pen force / touch
pressure), with the tip-switch channel S made implicit by grouping samples into strokes (a
stroke is the pen down, from touch-down to lift)::

    {
      "format": "court-kiosk/signature-time-series",
      "version": 1,
      "modelled_on": "ISO/IEC 19794-7 full format: X, Y, T, F channels",
      "pad": {"width": 1000, "height": 400, "unit": "px", "origin": "top-left, y down"},
      "channels": [{"name": "X", "unit": "px"}, {"name": "Y", "unit": "px"},
                   {"name": "T", "unit": "ms", "from": "first sample"},
                   {"name": "F", "unit": "1", "range": [0, 1]}],  # only if pressure was given
      "strokes": [[[x, y, t] or [x, y, t, f], ...], ...],
      "sample_count": 123,
      "signed_text_sha256": "…64 hex…",
      "strokes_sha256": "…SHA-256 of the canonical strokes array…",
      "signer": {... as given ...},
      "signed_at": "2024-05-01T10:00:00+08:00"
    }

Coordinates are rounded to 0.1 px and times to whole milliseconds, so the digest is stable.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FORMAT = "court-kiosk/signature-time-series"
MIN_STROKES = 2
MIN_EXTENT = 0.12  # the drawing must span at least this fraction of the pad's width or height
MIN_INK = 0.3  # the strokes' total length must reach this fraction of the pad's width


@dataclass(frozen=True)
class SamplePoint:
    x: float
    y: float
    t: int  # milliseconds since the first sample
    pressure: float | None = None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    key: str = ""
    message: str = ""


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def text_sha256(text: str) -> str:
    """SHA-256 of the exact text signed, as UTF-8 (no normalisation: the bytes shown)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Signature:
    """Strokes on a pad of ``width``×``height`` pixels, origin top left."""

    width: float
    height: float
    strokes: list[list[SamplePoint]] = field(default_factory=list)

    @property
    def points(self) -> list[SamplePoint]:
        return [p for stroke in self.strokes for p in stroke]

    def has_pressure(self) -> bool:
        return any(p.pressure is not None for p in self.points)

    def validate(self) -> Verdict:
        """Refuse an empty pad, a tiny mark, or a single-stroke scribble, with the reason."""
        points = self.points
        if not points:
            return Verdict(False, "signature.empty", "还没有签名，请用手指在框内写下您的姓名")
        xs, ys = [p.x for p in points], [p.y for p in points]
        extent = max((max(xs) - min(xs)) / self.width, (max(ys) - min(ys)) / self.height)
        if extent < MIN_EXTENT:
            return Verdict(False, "signature.tiny", "签名太小了，请写大一些，写满签名框")
        if len(self.strokes) < MIN_STROKES:
            return Verdict(False, "signature.one_stroke",
                           "签名只有一笔，请一笔一画写下您的姓名，不要只画一道线")
        ink = sum(((b.x - a.x) ** 2 + (b.y - a.y) ** 2) ** 0.5
                  for stroke in self.strokes for a, b in zip(stroke, stroke[1:]))
        if ink < MIN_INK * self.width:
            return Verdict(False, "signature.dots", "只有几个点，请一笔一画写下您的姓名")
        return Verdict(True, "signature.ok", "签名完成")

    def _canonical_strokes(self) -> list[list[list]]:
        pressure = self.has_pressure()
        rows = []
        for stroke in self.strokes:
            row = []
            for p in stroke:
                sample = [round(p.x, 1), round(p.y, 1), int(p.t)]
                if pressure:
                    sample.append(round(p.pressure if p.pressure is not None else 0.0, 3))
                row.append(sample)
            rows.append(row)
        return rows

    def strokes_sha256(self) -> str:
        return hashlib.sha256(_dumps(self._canonical_strokes()).encode("utf-8")).hexdigest()

    def bind(self, text: str) -> dict:
        """The binding of these strokes to the exact text: both digests and one over the pair."""
        signed, strokes = text_sha256(text), self.strokes_sha256()
        pair = hashlib.sha256(f"{signed}:{strokes}".encode()).hexdigest()
        return {"signed_text_sha256": signed, "strokes_sha256": strokes, "binding_sha256": pair,
                "text_length": len(text)}

    def to_dict(self, signed_text_sha256: str, signer: Mapping | str, signed_at: str) -> dict:
        if len(signed_text_sha256) != 64 or any(c not in "0123456789abcdef"
                                                for c in signed_text_sha256):
            raise ValueError("signed_text_sha256 must be 64 lower-case hex digits")
        channels = [{"name": "X", "unit": "px"}, {"name": "Y", "unit": "px"},
                    {"name": "T", "unit": "ms", "from": "first sample"}]
        if self.has_pressure():
            channels.append({"name": "F", "unit": "1", "range": [0, 1]})
        return {"format": FORMAT, "version": 1,
                "modelled_on": "ISO/IEC 19794-7 full format: X, Y, T, F channels",
                "pad": {"width": self.width, "height": self.height, "unit": "px",
                        "origin": "top-left, y down"},
                "channels": channels, "strokes": self._canonical_strokes(),
                "sample_count": len(self.points), "signed_text_sha256": signed_text_sha256,
                "strokes_sha256": self.strokes_sha256(),
                "signer": dict(signer) if isinstance(signer, Mapping) else signer,
                "signed_at": signed_at}

    def to_json(self, signed_text_sha256: str, signer: Mapping | str, signed_at: str) -> str:
        return _dumps(self.to_dict(signed_text_sha256, signer, signed_at))

    @classmethod
    def from_json(cls, data: str | Mapping) -> Signature:
        doc = json.loads(data) if isinstance(data, str) else data
        if doc.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} document")
        strokes = [[SamplePoint(s[0], s[1], s[2], s[3] if len(s) > 3 else None) for s in row]
                   for row in doc["strokes"]]
        return cls(doc["pad"]["width"], doc["pad"]["height"], strokes)

    def render_png(self, width: int, height: int, ink=(20, 30, 60), line: float = 4.0) -> bytes:
        """Dark ink on white, the pad scaled to fit ``width``×``height`` keeping its shape."""
        from PIL import Image, ImageDraw

        scale = min(width / self.width, height / self.height)
        dx, dy = (width - self.width * scale) / 2, (height - self.height * scale) / 2
        # Draw at 2× and shrink: smooth edges without PIL's missing anti-aliased lines.
        image = Image.new("RGB", (width * 2, height * 2), "white")
        draw = ImageDraw.Draw(image)
        for stroke in self.strokes:
            for a, b in zip(stroke, stroke[1:] or stroke):
                weight = line * (0.6 + 0.8 * a.pressure if a.pressure is not None else 1.0)
                w = max(4, round(weight * 2 * max(scale, 0.75)))
                pa = ((dx + a.x * scale) * 2, (dy + a.y * scale) * 2)
                pb = ((dx + b.x * scale) * 2, (dy + b.y * scale) * 2)
                draw.line([pa, pb], fill=ink, width=w)
                r = w / 2
                draw.ellipse([pa[0] - r, pa[1] - r, pa[0] + r, pa[1] + r], fill=ink)
        image = image.resize((width, height), Image.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()


def signature_from_points(width: float, height: float,
                          strokes: Sequence[Sequence[tuple]]) -> Signature:
    """Build from ``[(x, y, t[, pressure]), ...]`` per stroke (times in ms, any origin)."""
    flat = [p for stroke in strokes for p in stroke]
    t0 = min((p[2] for p in flat), default=0)
    return Signature(width, height, [[SamplePoint(p[0], p[1], int(round(p[2] - t0)),
                                                  p[3] if len(p) > 3 else None)
                                      for p in stroke] for stroke in strokes if stroke])
