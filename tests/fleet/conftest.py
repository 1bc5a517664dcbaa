"""The transport tests' fixtures (kiosk + court settings with exchanged keys) for the fleet tests."""

from tests.transport.conftest import pair  # noqa: F401
