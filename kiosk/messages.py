"""Translate device and service errors, once, into words a litigant understands (Simplified Chinese)."""

from __future__ import annotations

from drivers.errors import DeviceError

# Stable message keys → litigant-facing text. Drivers add their detailed codes here.
MESSAGES: dict[str, str] = {
    "device.error": "设备出现故障，请联系工作人员。",
    "device.unavailable": "设备暂时无法使用，请联系工作人员。",
    "device.timeout": "设备响应超时，请稍后再试。",
    "device.protocol": "设备通信异常，请重试；如仍不行请联系工作人员。",
    "device.busy": "设备正忙，请稍候。",
    "device.no_medium": "未检测到证件或纸张，请按提示放好后重试。",
    "device.media": "设备需要处理（缺纸、卡纸或盖板未关），请联系工作人员。",
}

FALLBACK = "系统出现问题，请联系工作人员。"


def register(messages: dict[str, str]) -> None:
    """Let a driver family add its own keys (called from kiosk modules, never from drivers)."""
    MESSAGES.update(messages)


def litigant_message(error: BaseException) -> str:
    """The sentence shown (and spoken) to the litigant for ``error``."""
    if isinstance(error, DeviceError):
        code = error.code
        while code:
            if code in MESSAGES:
                return MESSAGES[code]
            code = code.rpartition(".")[0]
    return FALLBACK
