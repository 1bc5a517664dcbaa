"""The effect dispatcher: every effect a step can ask for has a handler; staff alerts reach the
admin screen; handlers answer failures with events instead of raising."""

from __future__ import annotations

import inspect

from kiosk.bootstrap import FakeClock, build_kiosk, settings_for_tests
from kiosk.controller import DirectBridge
from kiosk.flows import effects as fx
from kiosk.flows.events import ReceiptPrintFailed, ScanFailed, SealFailed
from kiosk.flows.rules.packet import FilingSpec


def kiosk(tmp_path):
    return build_kiosk(settings_for_tests(tmp_path), bridge=DirectBridge(), clock=FakeClock())


def test_every_effect_type_has_a_handler(tmp_path):
    k = kiosk(tmp_path)
    declared = {obj for _name, obj in inspect.getmembers(fx, inspect.isclass)
                if issubclass(obj, fx.Effect) and obj is not fx.Effect}
    assert declared <= set(k.controller.dispatcher.table), declared - set(k.controller.dispatcher.table)
    k.controller.shutdown()


def test_staff_alerts_reach_the_admin_screen(tmp_path):
    k = kiosk(tmp_path)
    k.controller.dispatcher.run(fx.AlertStaff("receipt_overdue", "01a2310a-ed0a-7d0a-b48f-30e61f3a9c38"))
    assert k.controller._attention() == ("回执超时：01a2310a-ed0a…",)
    k.controller.shutdown()


def test_missing_devices_answer_with_clear_failure_events(tmp_path):
    k = kiosk(tmp_path)
    sent = []
    ports = k.controller.ports
    from kiosk.effects import capture, packets

    capture.scan_material(fx.ScanMaterial("m01"), ports, sent.append)
    packets.print_receipt(fx.PrintReceipt("t", ("l",), "q", "f"), ports, sent.append)
    spec = FilingSpec("case_filing", "filing", "civil_first", "豫0102", None, None, {}, None, (), (), (),
                      (), {}, ())
    packets.seal(fx.SealPacket(spec), ports, sent.append)
    kinds = [type(e) for e in sent]
    assert kinds == [ScanFailed, ReceiptPrintFailed, SealFailed]
    assert all(getattr(e, "message", "") for e in sent)
    k.controller.shutdown()
