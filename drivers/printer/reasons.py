"""IPP ``printer-state-reasons`` → typed errors a litigant's message can be chosen from.

The keyword may carry a severity suffix (``-error``, ``-warning``, ``-report``). CUPS's ipp
backend relays a remote printer's ``media-empty-error`` as ``media-empty-warning`` on the queue,
so the severity suffix cannot be trusted: the keyword decides. ``-report`` is information only.
"""

from __future__ import annotations

from drivers.errors import DeviceError, DeviceUnavailable, MediaError

# keyword → (error class, message code)
PROBLEMS: dict[str, tuple[type[DeviceError], str]] = {
    "media-empty": (MediaError, "printer.media_empty"),
    "media-needed": (MediaError, "printer.media_empty"),
    "input-tray-missing": (MediaError, "printer.media_empty"),
    "media-jam": (MediaError, "printer.media_jam"),
    "cover-open": (MediaError, "printer.cover_open"),
    "door-open": (MediaError, "printer.cover_open"),
    "interlock-open": (MediaError, "printer.cover_open"),
    "toner-empty": (MediaError, "printer.toner_empty"),
    "marker-supply-empty": (MediaError, "printer.toner_empty"),
    "marker-waste-full": (MediaError, "printer.toner_empty"),
    "output-area-full": (MediaError, "printer.output_full"),
    "offline": (DeviceUnavailable, "printer.offline"),
    "shutdown": (DeviceUnavailable, "printer.offline"),
    "connecting-to-device": (DeviceUnavailable, "printer.offline"),
    "timed-out": (DeviceUnavailable, "printer.offline"),
    "paused": (DeviceUnavailable, "printer.paused"),
    "spool-area-full": (DeviceUnavailable, "printer.spool_full"),
}
WARNINGS = {"toner-low", "media-low", "marker-supply-low", "marker-waste-almost-full",
            "developer-low", "opc-near-eol"}
SUFFIXES = ("-error", "-warning", "-report")


def split_keyword(reason: str) -> tuple[str, str]:
    """``"media-empty-warning"`` → (``"media-empty"``, ``"warning"``); no suffix means error."""
    for suffix in SUFFIXES:
        if reason.endswith(suffix):
            return reason[: -len(suffix)], suffix[1:]
    return reason, "error"


def classify(reasons: list[str] | tuple[str, ...], device: str = "printer",
             message: str = "") -> tuple[tuple[DeviceError, ...], tuple[str, ...]]:
    """(problems that block printing, warnings to show staff) for a list of reasons."""
    problems: list[DeviceError] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for reason in reasons:
        keyword, severity = split_keyword(reason)
        cls, code = PROBLEMS.get(keyword, (None, ""))
        # CUPS marks an unreachable printer "offline-report": for availability, reports count.
        if cls is not None and (severity != "report" or cls is DeviceUnavailable):
            if code not in seen:
                seen.add(code)
                text = f"printer reports {reason}" + (f": {message}" if message else "")
                problems.append(cls(text, device=device, code=code))
        elif keyword in WARNINGS or (keyword in PROBLEMS and severity == "report"):
            warnings.append(reason)
    return tuple(problems), tuple(warnings)
