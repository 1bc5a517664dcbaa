"""Audit targets for every step kind of the journeys, reached through the same events the
widgets and the device workers send (a card read, pages scanned and recognised), so
``kiosk audit-screens`` checks each step screen without devices."""

from __future__ import annotations

import io

from kiosk.a11y.registry import register

ZHANG = dict(name="张三", id_number="410181199003074517", gender="男", birth="1990-03-07",
             address="河南省巩义市新华路12号", valid_to="2035-03-07")
FIELDS = (("parties", [{"role": "原告", "name": "张三", "kind": "person", "page": 0, "confidence": 95.0,
                        "id_number": "", "credit_code": ""},
                       {"role": "被告", "name": "新疆生产建设兵团第八师某某建设工程有限公司", "kind": "org",
                        "page": 0, "confidence": 88.0, "id_number": "", "credit_code": ""}]),
          ("phones", [{"value": "13800138000", "text": "13800138000", "page": 0, "confidence": 90.0}]),
          ("amounts", [{"value": 100000, "text": "100000元", "page": 0, "confidence": 88.0}]))


def _thumb() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (150, 212), 250)
    draw = ImageDraw.Draw(image)
    for y in range(30, 200, 14):
        draw.line((18, y, 132, y), fill=90, width=3)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _send(kiosk, *events) -> None:
    for event in events:
        kiosk.controller.send(event)
    kiosk.settle()


def _to(kiosk, step: str, service: str = "case_filing", case_type: str = "civil_first") -> None:
    """Walk a fresh kiosk through the filing (or transfer) journey until ``step`` shows."""
    from kiosk.flows.dossier import Identity, PageRef
    from kiosk.flows.events import (ActionTapped, CardRead, FieldEdited, MaterialRecognised,
                                    NextTapped, OptionChosen, PageScanned, ScanFinished,
                                    ScrolledToEnd, SignatureDrawn)
    from kiosk.flows.intents import ScreenTouched, TileTapped

    def at() -> str:
        js = kiosk.controller.state.journey
        return js.step if js else ""

    def scan(kind: str) -> None:
        _send(kiosk, ActionTapped("add", kind))
        mid = kiosk.controller.state.journey.dossier.materials[-1].material_id
        thumb = _thumb()
        _send(kiosk, *(PageScanned(mid, PageRef(f"{mid}-{i}", f"/nonexistent/{mid}-{i}.png", thumb))
                       for i in range(3)),
              ScanFinished(mid), MaterialRecognised(mid, "", "", 91.0, True, fields=FIELDS))

    _send(kiosk, ScreenTouched(), TileTapped(service))
    plan = (["case_number", "identify", "materials", "material_list", "check", "sign", "status"]
            if service == "material_transfer" else
            ["notice", "identify", "case_type", "court", "materials", "parties", "material_list",
             "check", "sign", "status"])
    actions = {
        "case_number": lambda: _send(kiosk, FieldEdited("case_ref", "（2024）豫0102民初1187号"), NextTapped()),
        "notice": lambda: _send(kiosk, ScrolledToEnd(), NextTapped()),
        "identify": lambda: _send(kiosk, CardRead(Identity(**ZHANG)), NextTapped()),
        "case_type": lambda: _send(kiosk, OptionChosen(case_type)),
        "court": lambda: _send(kiosk, OptionChosen("豫0102"), NextTapped()),
        "materials": lambda: (scan("submission") if service == "material_transfer"
                              else (scan("complaint"), scan("evidence")), _send(kiosk, NextTapped())),
        "parties": lambda: _send(kiosk, OptionChosen("post", group="service_method"), NextTapped()),
        "material_list": lambda: _send(kiosk, NextTapped()),
        "check": lambda: _send(kiosk, NextTapped()),
        "sign": lambda: None,
        "status": lambda: None,
    }
    stop_at = "sign" if step in ("submit", "status") else step
    for name in plan:
        if name == stop_at or at() == stop_at:
            break
        actions[name]()
    if step not in ("submit", "status"):
        return
    if step in ("submit", "status"):
        for _ in range(5):
            _send(kiosk, SignatureDrawn("{}", _thumb(), True))
    if step == "status":
        import time

        from kiosk.flows.dossier import PacketInfo
        from kiosk.flows.events import PacketSealed

        _send(kiosk, PacketSealed(PacketInfo("01a2310a-ed0a-7d0a-b48f-30e61f3a9c38", "f6" * 32,
                                             time.time(), state="queued")))


def _target(step: str, service: str = "case_filing"):
    return lambda kiosk: _to(kiosk, step, service)


STEPS = {"step.identify": "identify", "step.choose": "case_type", "step.court": "court",
         "step.materials": "materials", "step.parties": "parties",
         "step.material_list": "material_list", "step.check": "check", "step.sign": "sign",
         "step.submit": "submit", "step.status": "status"}
for _name, _step in STEPS.items():
    register(_name, _target(_step))
register("step.case_number", _target("case_number", "material_transfer"))


def _to_court_with_the_longest_rule(kiosk) -> None:
    """The court step with a court chosen for the case type whose rule is the longest (a
    non-litigation enforcement: 70 characters with its clause)."""
    from kiosk.flows.events import OptionChosen

    _to(kiosk, "court", case_type="admin_nonlitigation_enforcement")
    _send(kiosk, OptionChosen("豫0102"))
    if kiosk.screen != "step.court" or not kiosk.controller.state.journey.dossier.court:
        raise LookupError(f"expected step.court with a court chosen, showing {kiosk.screen}")


register("court.long_rule", _to_court_with_the_longest_rule)
import kiosk.a11y.viewer_targets  # noqa: E402,F401 - the public documents steps (library, viewer)
import kiosk.a11y.documents_targets  # noqa: E402,F401 - 文书领取 (documents, served)


def _to_form(kiosk) -> None:
    """The petition's form (step kind ``form``): the petitioner from the card, the rest empty."""
    from kiosk.flows.dossier import Identity
    from kiosk.flows.events import CardRead, NextTapped, ScrolledToEnd
    from kiosk.flows.intents import ScreenTouched, TileTapped

    _send(kiosk, ScreenTouched(), TileTapped("petition"), ScrolledToEnd(), NextTapped(),
          CardRead(Identity(**ZHANG)), NextTapped())


register("step.form", _to_form)


# --- live questions (案件查询, 联系法官): the court's answer from a stand-in for the court ---------

_CASE = "（2024）豫0102民初1187号"
_ANSWERS = {
    "cases": {"cases": [{"case_number": _CASE, "court": "豫0102", "case_type": "民事一审", "cause": "民间借贷纠纷",
                         "status": "审理中", "judge": "李法官", "clerk": "王书记员", "role": "plaintiff",
                         "hearings": [{"at": "2025-03-01 09:30", "room": "第三法庭"}],
                         "deadlines": [{"due": "2025-02-20", "what": "举证期限届满"}]}],
              "filings": [{"packet_id": "01a2310a-ed0a-7d0a-b48f-30e61f3a9c38", "service": "case_filing",
                           "court": "豫0102", "sealed_at": 1_767_000_000.0, "state": "rejected",
                           "reason": "起诉状缺少被告住所", "case_number": "", "fee_yuan": None},
                          {"packet_id": "01a2310a-ed0a-7d0a-b48f-30e61f3a9c39", "service": "service_refusal",
                           "kind": "service_proof", "court": "豫0102", "sealed_at": 1_767_000_600.0,
                           "state": "received", "case_number": _CASE,
                           "proof": {"title": "张三与李四民间借贷纠纷一审民事判决书", "case_ref": _CASE,
                                     "decision": "refused", "at": 1_767_000_590.0, "reason": "对文书内容有异议"}}]},
    "messages": {"case_number": _CASE, "judge": "李法官", "clerk": "王书记员",
                 "messages": [{"packet_id": "p1", "sent_at": 1_767_000_000.0, "text": "请问何时开庭？",
                               "state": "replied", "reply": "定于3月1日上午9时30分在第三法庭开庭。",
                               "replied_at": 1_767_003_600.0, "replied_by": "李法官"}]},
    "news": {"replies": [], "documents": []},  # asked at every card read: nothing new for this render
}


def _live(kiosk, step: str) -> None:
    from kiosk.flows.dossier import Identity
    from kiosk.flows.events import CardRead, FieldEdited, NextTapped
    from kiosk.flows.intents import ScreenTouched, TileTapped

    kiosk.controller.ports.ask = lambda kind, params, timeout_s=None: {"status": "ok", "data": _ANSWERS[kind]}
    if step == "cases":
        _send(kiosk, ScreenTouched(), TileTapped("case_query"), CardRead(Identity(**ZHANG)))
        return
    _send(kiosk, ScreenTouched(), TileTapped("contact_judge"), FieldEdited("case_ref", _CASE), NextTapped(),
          CardRead(Identity(**ZHANG)), NextTapped())
    _send(kiosk)  # the conversation's answer (a background worker) before 写留言
    _send(kiosk, NextTapped(), FieldEdited("message", "我想申请延期举证，相关材料稍后提交，请法官批准。"))


register("step.query", lambda kiosk: _live(kiosk, "cases"))
register("step.compose", lambda kiosk: _live(kiosk, "compose"))


# --- 网上缴费: the notice from a stand-in court, the status after the court's confirmation -------


def _fees(kiosk, step: str) -> None:
    import time

    from kiosk.flows.dossier import Identity, PacketInfo, PageRef
    from kiosk.flows.events import (ActionTapped, CardRead, FeeAnswered, MaterialRecognised, NextTapped,
                                    PacketSealed, PageScanned, ScanFinished)
    from kiosk.flows.intents import ScreenTouched, TileTapped
    from offline_queue.document import recipient_tag

    now = time.time()
    notice = {"case_number": _CASE, "amount_yuan": "2300.00", "account_name": "巩义市人民法院诉讼费专户",
              "account_no": "4100 1555 0100 5020 0001", "bank": "中国建设银行巩义市支行", "reference": "1234567890123456",
              "items": [{"name": "案件受理费", "amount_yuan": "2300.00"}], "court": "豫0102",
              "court_name": "郑州市中原区人民法院", "notice_at": now - 86400, "due_at": now + 6 * 86400,
              "qr": "court-fee:1234567890123456:2300.00", "state": "unpaid",
              "recipient": recipient_tag(ZHANG["id_number"])}
    kiosk.controller.ports.ask = lambda kind, params, timeout_s=None: {"status": "ok", "data": {"notices": [notice]}}
    _send(kiosk, ScreenTouched(), TileTapped("fee_payment"), CardRead(Identity(**ZHANG)))
    _send(kiosk)  # the answer (a background worker)
    if step == "notice":
        return
    _send(kiosk, NextTapped(), ActionTapped("add", "payment_proof"))
    mid = kiosk.controller.state.journey.dossier.materials[-1].material_id
    _send(kiosk, PageScanned(mid, PageRef(f"{mid}-0", f"/nonexistent/{mid}-0.png", _thumb())), ScanFinished(mid),
          MaterialRecognised(mid, "", "收款人：巩义市人民法院诉讼费专户 金额：2300.00", 91.0, True), NextTapped(),
          NextTapped())
    pid = "01a2310a-ed0a-7d0a-b48f-30e61f3a9c39"
    _send(kiosk, PacketSealed(PacketInfo(pid, "f6" * 32, now, state="received")),
          FeeAnswered(pid, "paid", "", {"slip_no": "JF2026000001", "reference": "1234567890123456",
                                        "case_number": _CASE, "amount_yuan": "2300.00", "court_name": "郑州市中原区人民法院"}))


register("step.fee_notice", lambda kiosk: _fees(kiosk, "notice"))
register("step.fee_status", lambda kiosk: _fees(kiosk, "status"))


import kiosk.a11y.transcript_targets  # noqa: E402,F401 - the transcript journey (equipment, transcript)
import kiosk.a11y.archive_targets  # noqa: E402,F401 - 卷宗查阅 steps (archives, archive_viewer)
import kiosk.a11y.editor_targets  # noqa: E402,F401 - the value editors opened, a value typed
