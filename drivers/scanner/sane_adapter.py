"""The real scanner: any SANE device through python-sane (flatbed, feeder, duplex where offered).

python-sane raises ``_sane.error`` with the backend's status text; it is translated here, once,
into the port's typed errors. ``python-sane`` is imported lazily so the kiosk runs without it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from drivers.errors import DeviceError, DeviceUnavailable
from drivers.scanner.base import (
    FEEDER,
    FLATBED,
    NoPaper,
    ScannedPage,
    ScannerInfo,
    ScanSettings,
    error_for_status,
)

_init_lock = threading.Lock()
_initialised = False


def _sane():
    global _initialised
    try:
        import sane
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise DeviceUnavailable("python-sane is not installed", device="scanner") from exc
    with _init_lock:
        if not _initialised:
            sane.init()
            _initialised = True
    return sane


def list_devices() -> list[tuple[str, str, str, str]]:
    """(name, vendor, model, type) of every SANE device visible now."""
    return list(_sane().get_devices())


class SaneScanner:
    """A SANE device by name (``test``, ``fujitsu:fi-7160:1234``, ``net:host:device``)."""

    def __init__(self, device: str, sane_options: dict[str, Any] | None = None):
        self.device = device or "test"
        self.sane_options = dict(sane_options or {})
        self._dev = None

    # -- lifecycle -------------------------------------------------------------------------
    def open(self) -> None:
        if self._dev is not None:
            return
        sane = _sane()
        try:
            self._dev = sane.open(self.device)
        except (RuntimeError, sane._sane.error) as exc:
            raise DeviceUnavailable(f"cannot open SANE device {self.device!r}: {exc}",
                                    device="scanner") from exc
        for key, value in self.sane_options.items():
            self._set(key, value)

    def close(self) -> None:
        if self._dev is not None:
            try:
                self._dev.close()
            finally:
                self._dev = None

    def cancel(self) -> None:
        if self._dev is not None:
            try:
                self._dev.cancel()
            except Exception:  # noqa: BLE001 - cancelling an idle device is harmless
                pass

    # -- capabilities ----------------------------------------------------------------------
    def _constraint(self, name: str) -> Any:
        opt = self._device().opt.get(name)
        return opt.constraint if opt is not None else None

    def info(self) -> ScannerInfo:
        sources = tuple(self._constraint("source") or ())
        res = self._constraint("resolution")
        if isinstance(res, tuple):  # a (min, max, step) range
            resolutions = tuple(r for r in (150, 200, 300, 400, 600) if res[0] <= r <= res[1])
        else:
            resolutions = tuple(int(r) for r in (res or (300,)))
        modes = tuple(m.lower() for m in (self._constraint("mode") or ()))
        return ScannerInfo(
            name=self.device,
            sources=tuple(s for s in (FLATBED, FEEDER) if self._source_name(s, False, sources)),
            duplex=any("duplex" in s.lower() for s in sources),
            resolutions=resolutions,
            modes=modes,
            extra={"sane_sources": ", ".join(sources)},
        )

    # -- scanning --------------------------------------------------------------------------
    def scan(self, settings: ScanSettings) -> Iterator[ScannedPage]:
        dev = self._device()
        sources = tuple(self._constraint("source") or ())
        source = self._source_name(settings.source, settings.duplex, sources)
        if source:
            self._set("source", source)
        self._set_mode(settings.mode)
        self._set("resolution", self._nearest_resolution(settings.resolution))
        dpi = int(getattr(dev, "resolution", settings.resolution))
        duplex = bool(source and "duplex" in source.lower())
        if settings.source == FLATBED:
            yield ScannedPage(0, self._snap(first=True, feeder=False), dpi)
            return
        index = 0
        try:
            while settings.pages is None or index < settings.pages:
                try:
                    image = self._snap(first=index == 0, feeder=True)
                except NoPaper:
                    if index == 0:
                        raise
                    return
                side = "back" if duplex and index % 2 else "front"
                yield ScannedPage(index, image, dpi, side)
                index += 1
        finally:
            self.cancel()

    def _snap(self, *, first: bool, feeder: bool):
        sane = _sane()
        dev = self._device()
        try:
            dev.start()
            return dev.snap(no_cancel=feeder)
        except sane._sane.error as exc:
            raise error_for_status(str(exc), "scanner") from exc
        except RuntimeError as exc:  # "Scanner returned no data"
            raise DeviceError(str(exc), device="scanner") from exc

    # -- helpers ---------------------------------------------------------------------------
    def _device(self):
        if self._dev is None:
            self.open()
        return self._dev

    def _set(self, key: str, value: Any) -> None:
        name = key.replace("-", "_")
        try:
            setattr(self._device(), name, value)
        except (AttributeError, _sane()._sane.error) as exc:
            raise DeviceError(f"cannot set {key}={value!r}: {exc}", device="scanner",
                              code="device.protocol") from exc

    def _set_mode(self, mode: str) -> None:
        modes = self._constraint("mode") or ()
        wanted = {"gray": ("gray", "grayscale", "grey"), "color": ("color", "colour")}.get(mode, (mode,))
        for candidate in modes:
            if candidate.lower() in wanted:
                self._set("mode", candidate)
                return

    def _nearest_resolution(self, wanted: int) -> int:
        res = self._constraint("resolution")
        if isinstance(res, tuple):
            return int(min(max(wanted, res[0]), res[1]))
        if res:
            return int(min(res, key=lambda r: abs(int(r) - wanted)))
        return wanted

    @staticmethod
    def _source_name(kind: str, duplex: bool, sources: tuple[str, ...]) -> str | None:
        def pick(pred):
            return next((s for s in sources if pred(s.lower())), None)

        if kind == FLATBED:
            return pick(lambda s: "flatbed" in s)
        if duplex:
            found = pick(lambda s: "duplex" in s)
            if found:
                return found
        return pick(lambda s: ("feeder" in s or "adf" in s) and "duplex" not in s)
