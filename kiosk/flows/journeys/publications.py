"""裁判文书公开 / 诉讼指南 / 文书样式 (rules annex 5): read what the court published, without an ID
card, from the kiosk's signed local copy; print it. No packet goes to the court."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.steps.base import StepSpec

PUBLICATIONS = Journey(
    id="public_documents", service="public_documents", title="library.service",
    packet_kind="",
    steps=(
        StepSpec("library", "library", "library.title", "library.voice"),
        StepSpec("viewer", "viewer", "viewer.title", "viewer.voice"),
    ))
