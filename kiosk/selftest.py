"""Device self-test: is every configured device there and ready? For ``kiosk selftest`` and the admin screen.

``run_selftest`` takes already-built devices (name → device, as the composition root holds them),
checks each in parallel with a time limit, and never raises: a failure is a row with ``ok=False``.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from typing import Any

from drivers.errors import DeviceError, DeviceTimeout
from kiosk.messages import litigant_message

LABELS = {"idcard": "身份证阅读器", "smartcard": "IC卡读卡器", "printer": "文书打印机",
          "receipt_printer": "凭条打印机", "scanner": "文档扫描仪", "qr_scanner": "二维码扫描器",
          "av": "视频设备"}


@dataclass(frozen=True)
class DeviceStatus:
    name: str
    ok: bool
    detail: str
    """Technical detail for court IT (English)."""
    message: str = "正常"
    """What the admin screen shows (Chinese)."""
    warning: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)


def _check_idcard(reader) -> tuple[bool, str, str]:
    status = reader.status()
    if not status.ok:
        return False, status.detail, "安全模块自检失败，请联系工作人员。"
    return True, f"SAM {status.sam_id} {status.detail}".strip(), ""


def _check_smartcard(port) -> tuple[bool, str, str]:
    readers = port.readers()
    if not readers:
        return False, "no PC/SC reader connected", "未连接IC卡读卡器。"
    return True, f"{len(readers)} reader(s): {', '.join(readers)}", ""


def _check_printer(printer) -> tuple[bool, str, str]:
    status = printer.status()
    detail = f"{status.state}; reasons: {', '.join(status.reasons) or 'none'}"
    if status.problems:
        return False, detail, litigant_message(status.problems[0])
    if status.state == "stopped":
        return False, detail, "打印机已停止，请联系工作人员。"
    return True, detail, ("耗材不足：" + ", ".join(status.warnings)) if status.warnings else ""


def _check_receipt(printer) -> tuple[bool, str, str]:
    state = printer.status()
    detail = f"paper {state.paper}" + (", cover open" if state.cover_open else "")
    if state.paper == "out":
        return False, detail, "凭条打印机缺纸，请联系工作人员。"
    if state.cover_open:
        return False, detail, "凭条打印机盖板未关，请联系工作人员。"
    return True, detail, "凭条纸即将用完" if state.paper == "near_end" else ""


def _check_scanner(scanner) -> tuple[bool, str, str]:
    scanner.open()
    return True, scanner.info().name, ""


def _check_generic(device) -> tuple[bool, str, str]:
    if hasattr(device, "open"):
        device.open()
    return True, type(device).__name__, ""


def _check_av(av) -> tuple[bool, str, str]:
    report = av.probe()
    detail = "; ".join(f"{p.part}: {p.name or p.detail}" for p in report.parts)
    if report.missing:
        return False, detail, "视频设备不完整（" + "、".join(AV_NAMES[m] for m in report.missing) + "），请联系工作人员。"
    return True, detail, ""


AV_NAMES = {"camera": "摄像头", "microphone": "麦克风", "speaker": "扬声器"}
CHECKS = {"idcard": _check_idcard, "smartcard": _check_smartcard, "printer": _check_printer,
          "receipt_printer": _check_receipt, "scanner": _check_scanner, "av": _check_av}


def check_device(name: str, device: Any) -> DeviceStatus:
    """One device's row; every failure becomes ``ok=False`` with its typed error's message."""
    check = CHECKS.get(name, _check_generic)
    try:
        ok, detail, note = check(device)
    except DeviceError as exc:
        return DeviceStatus(name, False, f"{exc} [{exc.code}]", litigant_message(exc))
    except Exception as exc:  # a driver bug must show as a failed row, not crash the admin screen
        return DeviceStatus(name, False, f"{type(exc).__name__}: {exc}", "设备自检出错，请联系工作人员。")
    if ok:
        return DeviceStatus(name, True, detail, "正常", warning=note)
    return DeviceStatus(name, False, detail, note)


def run_selftest(devices: dict[str, object], timeout: float = 10.0) -> list[DeviceStatus]:
    """Check all devices at once (a silent reader must not hold up the others)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(devices)),
                                                 thread_name_prefix="selftest")
    futures = {name: pool.submit(check_device, name, dev) for name, dev in devices.items()}
    rows = []
    for name, future in futures.items():
        try:
            rows.append(future.result(timeout=timeout))
        except concurrent.futures.TimeoutError:
            exc = DeviceTimeout(f"no answer within {timeout:g} s", device=name)
            rows.append(DeviceStatus(name, False, str(exc), litigant_message(exc)))
    pool.shutdown(wait=False, cancel_futures=True)
    return rows


def status_texts(rows: list[DeviceStatus]) -> dict[str, str]:
    """Device name → Chinese status text (the shape ``Services.device_status`` returns)."""
    return {r.name: (r.message + (f"（{r.warning}）" if r.warning else "")) for r in rows}


def build_devices(settings) -> dict[str, object]:
    """Every enabled device from settings (to move into the composition root)."""
    from drivers import av, idcard, printer, qrscanner, receipt, smartcard

    factories = {"idcard": idcard.create, "smartcard": smartcard.create, "printer": printer.create,
                 "receipt_printer": receipt.create, "qr_scanner": qrscanner.create, "av": av.create}
    try:
        from drivers.scanner import open_scanner

        factories["scanner"] = open_scanner
    except ImportError:
        pass
    devices: dict[str, object] = {}
    for name, factory in factories.items():
        cfg = getattr(settings.devices, name)
        if cfg.enabled:
            devices[name] = factory(cfg)
    return devices


def shutdown_devices(devices: dict[str, object]) -> None:
    """Stop simulators and close ports built by ``build_devices``."""
    for device in devices.values():
        for method in ("shutdown", "close"):
            fn = getattr(device, method, None)
            if callable(fn):
                try:
                    fn()
                except Exception:  # closing is best effort
                    pass
                break
        sim = getattr(device, "simulator", None)
        if sim is not None and hasattr(sim, "stop"):
            sim.stop()
