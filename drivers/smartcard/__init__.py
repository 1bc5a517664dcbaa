"""PC/SC smart cards (staff and lawyer badges, later passports): port, pyscard adapter, fake.

``create(cfg)``: ``kind = "pcsc"`` → pcscd through pyscard (``options.reader_filter`` picks
readers by name); ``kind = "fake"`` / ``"sim"`` → in-memory readers. For a simulated card on the
real stack, run pcscd with vsmartcard-vpcd and insert a ``drivers.smartcard.vicc.VirtualCard``.
"""

from __future__ import annotations

from drivers.smartcard.port import ApduError, CardInfo, SmartCardReader

__all__ = ["ApduError", "CardInfo", "SmartCardReader", "create"]


def create(cfg) -> SmartCardReader:
    if cfg.kind == "pcsc":
        from drivers.smartcard.pcsc import PcscReader

        return PcscReader(reader_filter=cfg.options.get("reader_filter", cfg.url))
    if cfg.kind in ("fake", "sim"):
        from drivers.smartcard.fake import FakeSmartCardReader

        return FakeSmartCardReader()
    raise ValueError(f'devices.smartcard.kind = "{cfg.kind}": expected "pcsc", "fake" or "sim"')
