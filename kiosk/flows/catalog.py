"""The kiosk's services (DESIGN.md's services table, and the public documents any visitor may
read without an ID card), as the home screen shows them, in this order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceInfo:
    """One service: a stable id for code, and the words a litigant reads."""

    id: str
    title: str
    badge: str
    """One large character drawn as the tile's icon (no icon font needed)."""
    subtitle: str
    bring: str
    """What the litigant should have at hand, shown on the service's landing screen."""
    group: str = "id_card"
    """The home screen groups its pages by this: ``id_card`` (the card is tapped) or ``open``
    (anyone may use it, no ID card: the public documents)."""


SERVICES: tuple[ServiceInfo, ...] = (
    ServiceInfo("case_filing", "网上立案", "立", "起诉、上诉、再审、执行，含跨域立案",
                "居民身份证、起诉状（申请书）及证据材料"),
    ServiceInfo("material_transfer", "材料转递", "递", "提交证据、补充材料",
                "居民身份证、案号、需要提交的材料"),
    ServiceInfo("fee_payment", "网上缴费", "缴", "查看缴费通知，上传缴费凭证",
                "居民身份证、案号、银行缴费凭证"),
    ServiceInfo("case_query", "案件查询", "查", "案件进度及开庭信息",
                "居民身份证"),
    ServiceInfo("document_collection", "文书领取", "文", "领取并打印裁判文书",
                "居民身份证、案号"),
    ServiceInfo("archive_viewing", "卷宗查阅", "卷", "查阅和打印电子卷宗",
                "居民身份证、案号"),
    ServiceInfo("preservation_appraisal", "保全鉴定", "保", "财产保全、司法鉴定",
                "居民身份证、申请书及相关材料"),
    ServiceInfo("contact_judge", "联系法官", "询", "给法官留言、看回复",
                "居民身份证、案号"),
    ServiceInfo("petition", "网上信访", "访", "提交信访事项和材料",
                "居民身份证、信访材料"),
    ServiceInfo("transcript_signing", "笔录签署", "签", "视频调解、庭审笔录确认签名",
                "居民身份证"),
    ServiceInfo("public_documents", "文书公开", "公", "裁判文书、诉讼指南、文书样式，无需身份证",
                "无需携带材料", group="open"),
)

WAITING_FOR_A_TILE: tuple[ServiceInfo, ...] = ()
"""Services with a journey but no home tile yet (none since the home screen pages its tiles)."""

_BY_ID = {service.id: service for service in SERVICES + WAITING_FOR_A_TILE}


def service_by_id(service_id: str) -> ServiceInfo | None:
    """The service with this id, or None for an unknown id (never raises on bad input)."""
    return _BY_ID.get(service_id)
