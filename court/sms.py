"""The SMS texts the regulations require (review result, fee notice, document ready, receipt), sent
through a pluggable notifier. The default writes each message to the store and the log; a court
plugs in its SMS gateway with ``notifier = "package.module:factory"`` (factory(settings, engine))."""

from __future__ import annotations

import importlib
import logging
import time
from datetime import datetime
from typing import Protocol


from court.store import Sms, store_session

log = logging.getLogger("court.sms")

SERVICE_NAMES = {"case_filing": "立案申请", "material_transfer": "转递材料", "evidence": "证据材料",
                 "document_request": "文书领取申请", "document_collection": "文书领取申请", "service_proof": "送达回证",
                 "service_refusal": "拒绝签收送达回证的记录",
                 "archive_request": "卷宗查阅申请",
                 "preservation_appraisal": "保全鉴定申请", "petition": "信访事项",
                 "contact_judge": "给法官的留言", "fee_payment": "交费凭证",
                 "video_assist": "跨域视频辅助申请", "transcript_signing": "笔录签署结果"}
DOC_KIND_NAMES = {"judgment": "裁判文书", "archive": "卷宗材料", "transcript": "笔录", "notice": "通知书",
                  "decision": "审核结果"}


RECEIVED_TEXTS = {
    "service_proof": "您签收的送达回证已于{when}由本院接收，文书送达情况已记录。",
    "service_refusal": ("本院已于{when}收到您在协作法院自助服务终端拒绝签收送达回证的记录及理由，"
                        "承办人将依法处理。如有疑问，请联系承办法官或到本院诉讼服务大厅咨询。"),
}
"""Proofs of service are not reviewed: their SMS says what was recorded (a refusal, with what follows)."""


class Notifier(Protocol):
    def send(self, kind: str, phone: str | None, text: str, ref: str | None = None) -> None: ...


class StoreNotifier:
    """Default notifier: every SMS goes to the ``court_sms`` table and the log (for a real SMS
    gateway to pick up, and for the audit trail)."""

    def __init__(self, engine):
        self.engine = engine

    def send(self, kind: str, phone: str | None, text: str, ref: str | None = None) -> None:
        with store_session(self.engine) as s:
            s.add(Sms(created_at=time.time(), kind=kind, phone=phone, text=text, ref=ref))
            s.commit()
        log.info("SMS %s to %s: %s", kind, phone or "(no phone on file)", text)


def load_notifier(spec: str, settings, engine) -> Notifier:
    if spec == "store":
        return StoreNotifier(engine)
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)(settings, engine)


def _hello(court: str, name: str | None) -> str:
    return f"【{court}】{name or '当事人'}您好，"


def received_text(court: str, name: str | None, service: str, at: float) -> str:
    when = datetime.fromtimestamp(at).strftime("%Y年%m月%d日%H:%M")
    if service in RECEIVED_TEXTS:  # nothing to review: say what the court now holds
        return _hello(court, name) + RECEIVED_TEXTS[service].format(when=when)
    return (_hello(court, name) + f"您提交的{SERVICE_NAMES.get(service, '材料')}已于{when}由本院接收，"
            "正在审核，审核结果将以短信告知。")


def accepted_text(court: str, name: str | None, case_number: str, fee_yuan: float, fee) -> str:
    return (_hello(court, name) + f"您提交的立案申请已审核通过并登记立案，案号{case_number}。"
            f"请于收到本短信之日起{fee.days}日内交纳案件受理费{fee_yuan:.2f}元。户名：{fee.account_name}；"
            f"账号：{fee.account_no}；开户行：{fee.bank}。交费后请将银行缴存凭证上传反馈法院。")


def rejected_text(court: str, name: str | None, reason: str) -> str:
    return (_hello(court, name) + f"您提交的立案申请经审核未通过，原因：{reason}。您可补充完善后再次申请；"
            "如有异议，可到人民法院诉讼服务大厅立案窗口线下办理。")


def document_ready_text(court: str, name: str | None, kind: str, title: str, link: str | None = None) -> str:
    text = (_hello(court, name) + f"您申领的{DOC_KIND_NAMES.get(kind, '诉讼文书')}《{title}》已发送至协作法院"
            "自助服务终端，请携带本人身份证前往查阅、打印。")
    if link:
        text += f"您也可通过链接下载查阅：{link}"
    return text


def judge_reply_text(court: str, name: str | None, case_number: str, judge: str) -> str:
    return (_hello(court, name) + f"承办法官{judge or ''}已回复您在案件{case_number}中的留言。请携带本人身份证"
            "到自助服务终端“联系法官”查看回复。")


# --- 文书领取 (court.collection) ---------------------------------------------------------------


def pickup_text(court: str, name: str | None, doc_type_name: str, title: str, code: str, expires: str) -> str:
    """The document is at the kiosk: the card, or this code (one document, until ``expires``)."""
    return (_hello(court, name) + f"您申领的{doc_type_name}《{title}》已发送至协作法院诉讼服务自助终端，请携带本人"
            f"身份证前往领取打印，也可凭领取验证码{code}领取（{expires}前有效，请勿告知他人）。"
            "领取后请在终端签收送达回证。")


def not_generated_text(court: str, name: str | None, doc_type_name: str, case_ref: str, status: str) -> str:
    """Norms §21(3): the case is here but the document is not generated yet; what the case is at."""
    return (_hello(court, name) + f"您申领的案号{case_ref}的{doc_type_name}尚未生成。案件办理情况：{status or '正在办理'}。"
            "文书生成后本院将以短信通知您。")


def unsuitable_text(court: str, name: str | None, doc_type_name: str, reason: str) -> str:
    """Norms §20(3): not suitable for collection at another court, and why."""
    return (_hello(court, name) + f"您申领的{doc_type_name}不适宜跨域领取，原因：{reason}。"
            "您可申请由本院邮寄送达，或到本院诉讼服务中心领取。")


def fee_confirmed_text(court: str, name: str | None, case_number: str, amount: str, slip_no: str) -> str:
    """Annex 3: the payment recorded, the 电子交费单 to print, the invoice collected with it."""
    return (_hello(court, name) + f"您在案件{case_number}中交纳的诉讼费用{amount}元已确认，电子交费单号{slip_no}。"
            "请在自助服务终端打印电子交费单，凭交费单到本院领取诉讼费发票。")


def fee_proof_rejected_text(court: str, name: str | None, case_number: str, reason: str) -> str:
    return (_hello(court, name) + f"您为案件{case_number}上传的交费凭证未能确认，原因：{reason}。"
            "请在交费期限内重新上传银行缴存凭证，或到本院诉讼服务大厅立案窗口办理。")


def video_scheduled_text(court: str, name: str | None, case_number: str, session: str, at: str, place: str) -> str:
    """Norms §16(2): the litigant is told the time of the video session."""
    what = {"mediation": "远程视频调解", "trial": "在线庭审"}.get(session, "跨域视频")
    return (_hello(court, name) + f"您在案件{case_number or ''}中申请的{what}已安排在{at}，地点：{place}。"
            "请携带本人身份证提前15分钟到达；也可在自助服务终端“案件查询”中查看。")


def video_refused_text(court: str, name: str | None, case_number: str, reason: str) -> str:
    """Norms §16(3): not suitable for a cross-region video session, and why."""
    return (_hello(court, name) + f"经承办人审核，您在案件{case_number or ''}中的跨域视频申请不宜进行，原因：{reason}。"
            "如有疑问，请联系承办法官或到诉讼服务大厅咨询。")


def transcript_ready_text(court: str, name: str | None, case_number: str, title: str) -> str:
    """Norms §17: the transcript is at the cooperating court's kiosk, to be signed."""
    return (_hello(court, name) + f"案件{case_number or ''}的《{title}》已发送至协作法院自助服务终端，"
            "请携带本人身份证到终端“笔录签署”阅读并签名确认。")


def archive_approved_text(court: str, name: str | None, case_ref: str, link: str, expires: str) -> str:
    """Norms §24(2): the viewing link by SMS (and at the kiosk, as a QR code)."""
    return (_hello(court, name) + f"您申请查阅的案件{case_ref or ''}卷宗材料已获准查阅。请携带本人身份证到协作法院"
            f"自助服务终端“卷宗查阅”现场查阅；也可通过链接下载查阅：{link}（{expires}前有效）。")


def archive_refused_text(court: str, name: str | None, reason: str) -> str:
    """Norms §24(3): the reason, and where it applies the handler's contact."""
    return _hello(court, name) + f"您提交的卷宗查阅申请未能办理：{reason}"
