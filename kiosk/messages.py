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
    # scanner (drivers/scanner)
    "device.media.jam": "扫描仪卡纸了，请打开进纸器取出纸张，整理后重新放入。",
    "device.media.cover_open": "扫描仪盖板未关好，请关好盖板后重试。",
    "device.no_medium.paper": "进纸器里没有纸张，请将材料正面朝上放入进纸器。",
    # capture (kiosk/capture): page problems, see kiosk.capture.pipeline.MESSAGES
    "capture.blank": "空白页已自动去除。",
    "capture.too_dark": "这一页太暗，请检查纸张后重新扫描。",
    "capture.blurred": "这一页不够清晰，请放平纸张后重新扫描。",
    "capture.cut_off": "这一页有内容超出扫描范围，请摆正后重新扫描。",
    "capture.unreadable": "这一页无法读取，原件已保留，请重新扫描。",
    "capture.broken_pdf": "这份PDF文件已损坏，无法读取，原文件已保留，请重新提交。",
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
