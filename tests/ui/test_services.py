"""Preservation in a case and a petition, walked with touches through the real screens (the form
typed on the injected pinyin keyboard and the keypads) to the verified record at a real court
gateway over a real Mosquitto; the judge's decision and the petition office's signed answer come
back to the status step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.walkthrough import Walk, petition, preservation_in_case
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def shots_dir(tmp_path, name: str) -> Path:
    """$SVC_SHOTS/<name> when set (to keep and look at the PNGs), else the test's own folder."""
    root = os.environ.get("SVC_SHOTS")
    return Path(root) / name if root else tmp_path / "shots"


def test_property_preservation_in_a_case_to_the_courts_decision(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, kinds=["财产保全申请书", "借条"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, shots_dir(tmp_path, "preservation"), log=print)
        packet_id = preservation_in_case(walk, "（2024）豫0102民初1187号")
        assert running.outbox.get(packet_id).state == "delivered"
        review = court_cli(cs, "review", "show", packet_id)
        assert review.returncode == 0, review.stderr
        print(review.stdout)
