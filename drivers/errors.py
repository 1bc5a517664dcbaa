"""The one hierarchy of device errors.

Drivers raise these (never library exceptions); ``kiosk.messages`` translates each ``code`` once
into words a litigant understands. Subclass in a driver for detail, keep the code family.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every device failure. ``code`` is a stable message key, ``device`` names the port."""

    code = "device.error"

    def __init__(self, message: str = "", *, device: str = "", code: str | None = None):
        super().__init__(message or self.code)
        self.device = device
        if code is not None:
            self.code = code


class DeviceUnavailable(DeviceError):
    """Unplugged, powered off, port missing, daemon not running."""

    code = "device.unavailable"


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    code = "device.timeout"


class ProtocolError(DeviceError):
    """Malformed, truncated or checksum-failed frames; unexpected answers."""

    code = "device.protocol"


class DeviceBusy(DeviceError):
    """The device is in use by another operation."""

    code = "device.busy"


class NoMedium(DeviceError):
    """Nothing to read: no card on the reader, no paper in the feeder."""

    code = "device.no_medium"


class MediaError(DeviceError):
    """Paper or card trouble a person can fix: out of paper, jam, cover open."""

    code = "device.media"
