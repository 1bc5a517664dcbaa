"""Fixtures for the transport tests: kiosk + court settings in tmp dirs with exchanged keys."""

from __future__ import annotations

import pytest

from tests.transport.helpers import court_settings, exchange_keys, kiosk_settings


@pytest.fixture
def pair(tmp_path, request):
    """(kiosk settings, court settings) on a broker port given by the test (0 = no broker)."""

    def make(port: int = 1883, chunk_store: str = "db", **kw):
        ks = kiosk_settings(tmp_path / "kiosk", port, **kw)
        cs = court_settings(tmp_path / "court", port, chunk_store=chunk_store)
        exchange_keys(ks, cs)
        return ks, cs

    return make
