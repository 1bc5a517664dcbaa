"""Second-generation ID card readers (SAM serial protocol): codec, adapter, simulator, fake.

``create(cfg)`` is the only constructor the composition root uses:

- ``kind = "serial"``: a real reader at ``url`` (``/dev/ttyUSB0``, ``spy:///dev/ttyUSB0?log``,
  ``hwgrep://10c4:ea60``); options: ``baudrates``, ``read_timeout``, ``retries``, ...
- ``kind = "sim"``: the built-in simulator on a pty inside this process, read by the real adapter;
  options: ``card`` (a sample name or none), ``faults``, ``timing`` ("fast" | "realistic"), ``baud``.
- ``kind = "fake"``: in memory, for unit tests of flows.
"""

from __future__ import annotations

from typing import Any

from drivers.idcard.card import IdCard
from drivers.idcard.port import IdCardReader, ReaderStatus

__all__ = ["IdCard", "IdCardReader", "ReaderStatus", "create"]

ADAPTER_OPTIONS = {"baudrates", "probe_timeout", "command_timeout", "read_timeout", "retries",
                   "poll_interval", "read_new_address", "wlt_library"}


def _adapter_options(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in options.items() if k in ADAPTER_OPTIONS}


def create(cfg) -> IdCardReader:
    """Build the reader ``cfg`` (a ``config.settings.DeviceConfig``) describes."""
    options = dict(cfg.options)
    if cfg.kind == "serial":
        from drivers.idcard.reader import SerialIdCardReader

        if not cfg.url:
            raise ValueError('devices.idcard.url is required for kind = "serial"')
        return SerialIdCardReader(cfg.url, **_adapter_options(options))
    if cfg.kind == "sim":
        from drivers.idcard.simulated import SimulatedIdCardReader
        from drivers.idcard.sim import simulator_from_options

        return SimulatedIdCardReader(simulator_from_options(options), **_adapter_options(options))
    if cfg.kind == "fake":
        from drivers.idcard.fake import FakeIdCardReader

        return FakeIdCardReader(card=options.get("card"))
    raise ValueError(f'devices.idcard.kind = "{cfg.kind}": expected "serial", "sim" or "fake"')
