"""The court gateway's own settings: defaults → a TOML file (``--config`` or $COURT_CONFIG) →
``COURT_*`` environment variables (``COURT_BROKER__PORT=8883``; nested with ``__``)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config.settings import Broker


class FeeAccount(BaseModel):
    """Where litigants pay the case acceptance fee (rules §9: amount, account name, number, bank)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    account_name: str = "巩义市人民法院诉讼费专户"
    """户名."""
    account_no: str = "4100 1555 0100 5020 0001"
    """账号."""
    bank: str = "中国建设银行巩义市支行"
    """开户行."""
    days: int = 7
    """Days from the SMS within which the fee must be paid."""
    qr_template: str = "court-fee:{reference}:{amount}"
    """The payment QR code's text, from the notice's payment reference and amount (a court sets its
    payment platform's link here, e.g. its UnionPay or Alipay payment page with the reference)."""
    overdue_text: str = ("交费期限已过。未按期交纳，又未获准缓交、减交、免交的，法院可依法按撤诉处理。"
                         "已在期限内交费的，请上传银行缴存凭证；尚未交费的，请尽快到本院诉讼服务大厅立案窗口办理。")
    """What an overdue notice tells the litigant happens next. Rules §9 sets the 7 days but not the
    consequence; the default follows 民事诉讼法解释第二百一十三条 (not paid after notice, no
    deferral granted: treated as withdrawn). Each court words its own."""


class CourtSettings(BaseSettings):
    """All settings of one court gateway instance."""

    model_config = SettingsConfigDict(env_prefix="COURT_", env_nested_delimiter="__", extra="forbid",
                                      use_attribute_docstrings=True)

    receiver_id: str = "court-gw-1"
    """This gateway instance's id (in receipts and the MQTT client id); unique per instance."""
    court_code: str = "豫0181"
    """The jurisdiction court this gateway serves (used in case numbers)."""
    court_name: str = "巩义市人民法院"
    """The court's name, used in SMS texts."""
    data_dir: Path = Path("var/court")
    """Root of the gateway's files: the assembled packets, documents and keys."""
    db_url: str = ""
    """SQLAlchemy URL of the shared store; default SQLite under data_dir. postgresql+psycopg://… also works."""
    key_file: Path | None = None
    """The court's P-256 private key (signs receipts and documents, decrypts ID data); dev: created on first use."""
    kiosk_keys_dir: Path | None = None
    """Directory of trusted kiosk public keys, one ``<kiosk_id>.pem`` each."""
    shared_group: str = ""
    """Shared-subscription group name; set it (e.g. "court") when several gateways share one store."""
    batch_wait_ms: float = Field(default=20.0, ge=0.0, le=200.0)
    """How long a gateway gathers messages after the first one before it stores them in one
    transaction: fewer commits and acks per packet, at most this much added to each answer."""
    max_message_bytes: int = Field(default=8 * 1024 * 1024 + 65536, ge=1024)
    """Messages larger than this are rejected (the broker should enforce the same limit)."""
    chunk_store: Literal["db", "files"] = "db"
    """Where chunks wait for their packet: "db" (shared store only; members on any host) or "files"
    (data_dir/chunks; faster, members must share data_dir)."""
    clock_limit_s: int = 15 * 60
    """The regulation's clock: a cross-region packet must be received within 15 minutes of sealing."""
    broker: Broker = Field(default_factory=lambda: Broker(session_expiry_s=7 * 24 * 3600))
    """The MQTT broker shared with the kiosks."""
    fee: FeeAccount = Field(default_factory=FeeAccount)
    """The fee account printed in fee notices."""
    notifier: str = "store"
    """SMS notifier: "store" (write to the store and the log) or "module:callable" for a real gateway."""

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, **_rest):
        return (env_settings, init_settings)

    @property
    def store_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'court.sqlite'}"

    @property
    def key_path(self) -> Path:
        return self.key_file or self.data_dir / "keys" / "court.key"

    @property
    def kiosk_keys_path(self) -> Path:
        return self.kiosk_keys_dir or self.data_dir / "kiosks"

    @property
    def packets_dir(self) -> Path:
        return self.data_dir / "packets"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"


def load_court_settings(path: Path | None = None) -> CourtSettings:
    path = path or (Path(os.environ["COURT_CONFIG"]) if os.environ.get("COURT_CONFIG") else None)
    data = {}
    if path is not None:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    return CourtSettings(**data)
