"""Document scanner port, SANE adapter, simulator and fake. ``open_scanner(config)`` picks one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.scanner.base import (
    FEEDER,
    FLATBED,
    CoverOpen,
    NoPaper,
    PaperJam,
    ScannedPage,
    Scanner,
    ScannerInfo,
    ScanSettings,
)

if TYPE_CHECKING:
    from config.settings import DeviceConfig

__all__ = ["FEEDER", "FLATBED", "CoverOpen", "NoPaper", "PaperJam", "ScannedPage", "Scanner",
           "ScannerInfo", "ScanSettings", "open_scanner", "scanner_from_url"]


def _query_value(text: str):
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        return text


def scanner_from_url(url: str, options: dict | None = None) -> Scanner:
    """``sim://[seed][?fault=jam&sheets=3]``, ``fake://``, or a SANE device name (``test``,
    ``sane:test``); a query on a SANE name sets SANE options (``test?read_return_value=SANE_STATUS_JAMMED``)."""
    from urllib.parse import parse_qsl

    url, _, query = url.partition("?")
    extra = {k: _query_value(v) for k, v in parse_qsl(query)}
    opts = dict(options or {})
    if url.startswith("sim"):
        seed = url.partition(":")[2].strip("/")
        if seed.isdigit():
            opts.setdefault("seed", int(seed))
        from drivers.scanner.simulator import SimScanner

        return SimScanner({**opts, **extra})
    if url.startswith("fake"):
        from drivers.scanner.fake import FakeScanner

        return FakeScanner()
    from drivers.scanner.sane_adapter import SaneScanner

    sane_options = dict(opts.get("sane_options") or {})
    if extra:
        if any(k.replace("-", "_") == "read_return_value" for k in extra):
            sane_options.setdefault("enable_test_options", True)
        sane_options.update(extra)
    name = url[5:] if url.startswith("sane:") else url
    return SaneScanner(name.lstrip("/") or "test", sane_options)


def open_scanner(config: "DeviceConfig") -> Scanner:
    """The scanner the config asks for (kind "sim", "fake" or "sane"), not yet opened."""
    if config.kind == "sim":
        return scanner_from_url("sim://", config.options)
    if config.kind == "fake":
        return scanner_from_url("fake://", config.options)
    if config.kind == "sane":
        return scanner_from_url(config.url or "test", config.options)
    raise ValueError(f"unknown scanner kind {config.kind!r} (sim, fake, sane)")
