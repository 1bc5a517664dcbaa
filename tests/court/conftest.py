"""Kiosk and court settings in temporary directories with keys exchanged (no broker needed: the
court's receiver is fed the packet's messages directly), and the court store."""

from __future__ import annotations

import pytest

from court.store import open_store
from tests.transport.helpers import court_settings, exchange_keys, kiosk_settings


@pytest.fixture
def court_pair(tmp_path):
    ks = kiosk_settings(tmp_path / "kiosk", 1883)
    cs = court_settings(tmp_path / "court", 1883)
    exchange_keys(ks, cs)
    return ks, cs, open_store(cs.store_url)
