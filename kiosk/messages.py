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
    "queue.disk_full": "终端存储空间不足，本次材料未能提交，请联系工作人员。",
    "queue.court_key_missing": "终端尚未完成与法院的安全配置，暂时无法提交，请联系工作人员。",
    # scanner (drivers/scanner)
    "device.media.jam": "扫描仪卡纸了，请打开进纸器取出纸张，整理后重新放入。",
    "device.media.cover_open": "扫描仪盖板未关好，请关好盖板后重试。",
    "device.no_medium.paper": "进纸器里没有纸张，请将材料正面朝上放入进纸器。",
    # capture (kiosk/capture): page problems, carried in Material.problems / rescan_requests
    "capture.blank": "空白页已自动去除。",
    "capture.too_dark": "这一页太暗，请检查纸张后重新扫描。",
    "capture.blurred": "这一页不够清晰，请放平纸张后重新扫描。",
    "capture.cut_off": "这一页有内容超出扫描范围，请摆正后重新扫描。",
    "capture.unreadable": "这一页无法读取，原件已保留，请重新扫描。",
    "capture.broken_pdf": "这份PDF文件已损坏，无法读取，原文件已保留，请重新提交。",
    "capture.missing": "找不到这份文件，请重新提交。",
    "capture.no_pages": "没有可用的页面，请重新扫描。",
    "capture.cancelled": "已取消识别。",
    # ID card reader, smart cards, printers, code scanner (drivers/idcard, smartcard, printer, receipt, qrscanner)
    "idcard.no_card": "未读到身份证，请将证件平放在读卡区。",
    "idcard.read_failed": "证件读取失败，请将证件重新放好，不要移动。",
    "idcard.checksum": "证件读取不完整，请将证件重新放好后再试。",
    "idcard.unknown_card": "无法识别该证件，请使用居民身份证、港澳台居民居住证或外国人永久居留身份证。",
    "idcard.unavailable": "身份证阅读器暂时无法使用，请联系工作人员。",
    "idcard.timeout": "身份证阅读器无响应，请联系工作人员。",
    "idcard.sam_fault": "身份证阅读器安全模块故障，请联系工作人员。",
    "smartcard.no_card": "未检测到卡片，请将工作证或律师证放在读卡区。",
    "smartcard.apdu": "卡片无法识别，请换一张卡或联系工作人员。",
    "smartcard.unavailable": "IC卡读卡器暂时无法使用，请联系工作人员。",
    "printer.media_empty": "打印机缺纸，请联系工作人员。",
    "printer.media_jam": "打印机卡纸，请联系工作人员。",
    "printer.cover_open": "打印机盖板未关好，请联系工作人员。",
    "printer.toner_empty": "打印机墨粉已用完，请联系工作人员。",
    "printer.output_full": "打印机出纸口已满，请取走已打印的文书。",
    "printer.offline": "打印机未连接，请联系工作人员。",
    "printer.paused": "打印机已暂停，请联系工作人员。",
    "printer.spool_full": "打印队列已满，请稍后再试或联系工作人员。",
    "printer.not_found": "打印机未配置，请联系工作人员。",
    "printer.unavailable": "打印服务暂时无法使用，请联系工作人员。",
    "printer.timeout": "打印时间过长，请联系工作人员确认打印情况。",
    "printer.job_canceled": "打印任务已取消。",
    "printer.job_aborted": "打印未完成，请联系工作人员。",
    "printer.bad_document": "文书文件有问题，无法打印，请联系工作人员。",
    "receipt.paper_out": "凭条打印机缺纸，请联系工作人员。",
    "receipt.cover_open": "凭条打印机盖板未关好，请联系工作人员。",
    "receipt.unavailable": "凭条打印机暂时无法使用，请联系工作人员。",
    "receipt.timeout": "凭条打印机无响应，请联系工作人员。",
    "qr_scanner.timeout": "未扫描到二维码，请将短信或通知书上的二维码对准扫描口。",
    "qr_scanner.unavailable": "二维码扫描器暂时无法使用，请联系工作人员。",
    # the document viewer and the public documents (kiosk/viewer)
    "viewer.missing": "找不到这份文书，请联系工作人员。",
    "viewer.tampered": "这份文书未通过法院签名核验，不能显示，请联系工作人员。",
    "viewer.broken_pdf": "这份文书无法显示，请联系工作人员。",
    "library.none": "本机还没有收到法院发布的公开文书，请稍后再试或咨询工作人员。",
    "library.unverified": "本机的公开文书目录未通过法院签名核验，暂不能显示，请联系工作人员。",
}

FALLBACK = "系统出现问题，请联系工作人员。"


def litigant_message(error: BaseException) -> str:
    """The sentence shown (and spoken) to the litigant for ``error``."""
    if isinstance(error, DeviceError):
        code = error.code
        while code:
            if code in MESSAGES:
                return MESSAGES[code]
            code = code.rpartition(".")[0]
    return FALLBACK


def message_for(code: str) -> str:
    """The sentence for a stable message code, falling back along its dotted prefix."""
    while code:
        if code in MESSAGES:
            return MESSAGES[code]
        code = code.rpartition(".")[0]
    return FALLBACK
