"""The kiosk's one typed settings schema.

Layers, later wins: packaged ``config/default.toml`` → a site file (``/etc/kiosk/kiosk.toml`` or
``--config FILE``) → ``KIOSK_*`` environment variables (``KIOSK_BROKER__PORT=8883``; nested
sections are separated by ``__``). Every field has a docstring: ``kiosk config show`` prints it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PACKAGED_DEFAULTS = Path(__file__).with_name("default.toml")
SITE_FILE = Path("/etc/kiosk/kiosk.toml")


class Section(BaseModel):
    """A config section: unknown keys are errors (typos must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class KioskIdentity(Section):
    kiosk_id: str = Field(default="kiosk-dev-001", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$")
    """Unique kiosk id; equals the MQTT username and the certificate CN."""
    court_code: str = "豫0181"
    """Region-and-court code of the court the kiosk stands in (see config/courts.toml)."""
    court_name: str = "巩义市人民法院"
    """Name of the court the kiosk stands in, shown on the attract screen."""
    location: str = "诉讼服务中心"
    """Where in the court the kiosk stands (for the fleet view)."""


class DeviceConfig(Section):
    kind: str = "sim"
    """"sim" (built-in simulator speaking the real protocol), "fake" (in memory), or a real kind."""
    url: str = ""
    """Transport URL: a serial port, a pyserial URL (loop://, spy://...), an IPP/CUPS queue, a SANE device."""
    enabled: bool = True
    """Whether the kiosk uses this device at all."""
    options: dict[str, Any] = Field(default_factory=dict)
    """Device-specific options (baud rate, timeouts, fault injection for simulators)."""


class Devices(Section):
    idcard: DeviceConfig = Field(default_factory=DeviceConfig)
    """Second-generation ID card reader (SAM, serial). Real kind: "serial"."""
    smartcard: DeviceConfig = Field(default_factory=DeviceConfig)
    """PC/SC contactless reader for staff and lawyer badges. Real kind: "pcsc"."""
    printer: DeviceConfig = Field(default_factory=DeviceConfig)
    """A4 document printer. Real kind: "cups" (url = CUPS queue name)."""
    receipt_printer: DeviceConfig = Field(default_factory=DeviceConfig)
    """Thermal receipt printer (ESC/POS over serial). Real kind: "escpos"."""
    scanner: DeviceConfig = Field(default_factory=DeviceConfig)
    """Document scanner. Real kind: "sane" (url = SANE device name)."""
    qr_scanner: DeviceConfig = Field(default_factory=DeviceConfig)
    """QR / barcode scanner sending one line per code over serial. Real kind: "serial"."""
    av: DeviceConfig = Field(default_factory=DeviceConfig)
    """The video booth's camera, microphone and speaker (norms §15). Real kind: "linux" (V4L2 + ALSA)."""


class Broker(Section):
    host: str = "127.0.0.1"
    """MQTT broker host name."""
    port: int = Field(default=1883, ge=1, le=65535)
    """MQTT broker port (8883 with TLS)."""
    tls: bool = False
    """Use mutual TLS; mandatory in production (see provisioning): without it nothing starts."""
    plain_mqtt_dev: bool = False
    """Development only: allow plain MQTT without TLS, and only to a broker on loopback (the tests,
    the demo's embedded court). Never set on a kiosk in a court."""
    ca_file: Path | None = None
    """The court CA certificate (PEM)."""
    cert_file: Path | None = None
    """This kiosk's client certificate (PEM, CN = kiosk_id)."""
    key_file: Path | None = None
    """This kiosk's client private key (PEM)."""
    username: str | None = None
    """Username when not using certificate identity; defaults to kiosk_id."""
    password: SecretStr | None = None
    """Broker password when not using certificates."""
    keepalive_s: int = Field(default=30, ge=5, le=600)
    """MQTT keepalive in seconds."""
    session_expiry_s: int = Field(default=7 * 24 * 3600, ge=0)
    """How long the broker keeps this kiosk's session while it is offline."""
    chunk_size: int = Field(default=256 * 1024, ge=1024, le=8 * 1024 * 1024)
    """Uplink chunk size in bytes."""
    probation_s: int = Field(default=120, ge=1, le=3600)
    """After a remote config changed what the sender uses, how long it may take to reach the broker
    with the new settings before it rolls them back (a wrong host or port must not cut the kiosk off)."""
    window: int = Field(default=64, ge=1, le=1000)
    """Chunks in flight not yet confirmed by the court (64 x 256 KiB covers the court's batch and
    its answer's round trip on a LAN; bench/transport.py --window measures others)."""


class Storage(Section):
    data_dir: Path = Path("var/kiosk")
    """Root of the kiosk's durable data (queue database, spool, keys). Relative to the working dir."""
    temp_dir: Path | None = None
    """Per-session scratch space, wiped at the end of every session; defaults to data_dir/tmp."""
    disk_high_water_mb: int = Field(default=2048, ge=0)
    """Free space below which the admin screen and fleet view raise an alarm."""
    disk_hard_limit_mb: int = Field(default=256, ge=0)
    """Free space below which new filings are refused (never dropping queued ones)."""


class Keys(Section):
    kiosk_key_file: Path | None = None
    """This kiosk's signing key (PEM); defaults to data_dir/keys/kiosk.key, created on first run in dev."""
    court_public_key_file: Path | None = None
    """The court's public key (PEM): receipts and documents must verify against it."""
    at_rest_key: Literal["file", "credential"] = "file"
    """Where the key of court documents at rest comes from: ``file`` (data_dir/keys/at-rest.key) or
    ``credential``: the systemd credential ``at-rest.key`` (LoadCredentialEncrypted=, bound to the
    TPM and/or the host secret by ``kiosk provision seal-at-rest-key``), the file key as fallback."""


class UI(Section):
    fullscreen: bool = True
    """Open the kiosk window fullscreen (off for development)."""
    width: int = Field(default=1280, ge=640)
    """Window width when not fullscreen, and the size of screenshots."""
    height: int = Field(default=800, ge=480)
    """Window height when not fullscreen, and the size of screenshots."""
    panel_diagonal_in: float = Field(default=15.6, ge=5.0, le=100.0)
    """The panel's visible diagonal in inches; with the resolution it gives the pixel density,
    from which type and touch targets are sized in millimetres (reference: 15.6" at 1280x800)."""
    panel_dpi: float | None = Field(default=None, ge=40.0, le=600.0)
    """The panel's pixels per inch, when known; overrides panel_diagonal_in."""
    mode: Literal["normal", "elderly", "high_contrast", "elderly_high_contrast"] = "normal"
    """Display mode a session starts in (a litigant can switch to 适老模式 or high contrast)."""
    language: Literal["zh", "en"] = "zh"
    """Language a session starts in."""
    font_path: Path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    """A CJK font (regular weight); Kivy's default font draws Chinese as empty boxes."""
    font_bold_path: Path | None = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
    """The bold weight of the same family, so bold headings and buttons carry weight."""
    font_face: str = "Noto Sans CJK SC"
    """Family to take out of a font collection (.ttc): the Simplified Chinese glyph forms."""
    font_cache_dir: Path | None = None
    """Where that face is extracted to once; defaults to $XDG_CACHE_HOME/kiosk/fonts."""
    idle_timeout_s: int = Field(default=90, ge=10, le=3600)
    """Seconds without a touch before the "need more time?" warning appears."""
    idle_warning_s: int = Field(default=20, ge=5, le=300)
    """Seconds the warning counts down before the session is wiped."""
    voice: bool = True
    """Spoken guidance (espeak-ng, Mandarin)."""
    pinyin: bool = True
    """The pinyin and handwriting keyboard (librime, zinnia), opened afresh for each session.
    librime allows one engine per process, so test kiosks leave it off unless a test asks."""
    voice_volume: int = Field(default=80, ge=0, le=100)
    """Speech volume at the start of a session (0-100)."""
    voice_rate_wpm: int = Field(default=150, ge=80, le=400)
    """Speech rate in words a minute (elderly mode speaks slower: see screens.theme.MODES)."""
    admin_pin_hash: SecretStr = SecretStr(
        "pbkdf2_sha256$200000$a2lvc2stZGV2LXNhbHQ=$7B5nr3SMv0TvsbR9LP3m5O0tkEtDp/pSw0pUBapnX5c="
    )
    """PBKDF2 hash of the admin PIN (make one with `kiosk admin hash-pin`). Default PIN: 246810."""
    admin_max_attempts: int = Field(default=5, ge=1, le=20)
    """Wrong PINs before the admin screen locks."""
    admin_lockout_s: int = Field(default=300, ge=10)
    """How long the admin screen stays locked after too many wrong PINs."""
    staff_badge_secret: SecretStr = SecretStr("")
    """The court's staff badge key (hex, ≥ 16 bytes; empty = badge login off). A badge on the
    smart card reader opens the admin screen when it answers a random challenge with
    HMAC-SHA256(HMAC-SHA256(key, "staff-badge|" + UID), challenge) (``kiosk.staff``)."""


class Retention(Section):
    keep_scans_after_receipt_h: int = Field(default=0, ge=0)
    """Hours to keep local scans and personal data after the court's receipt is stored (0 = delete at once)."""
    keep_unclosed_documents_days: int = Field(default=30, ge=1)
    """Days a court document for one person (judgment, transcript, decision, fee notice, archive)
    stays on the kiosk when nothing closes it (never collected, viewed or shown); then it is purged."""
    keep_delivered_packets_days: int = Field(default=30, ge=0)
    """Days to keep delivered packet rows (without personal data) for the audit trail."""
    keep_audit_days: int = Field(default=365, ge=1)
    """Days to keep the kiosk's local audit log."""


class OCR(Section):
    lang: str = "chi_sim"
    """Tesseract languages."""
    dpi: int = Field(default=300, ge=100, le=600)
    """Scan resolution given to tesseract."""
    workers: int = Field(default=1, ge=0, le=64)
    """OCR worker processes; 0 = one per core. One keeps up with a scanner feeding 60 pages a
    minute (bench/journey.py: the material ready 7.8 s after the 50th page with one, 7.3 s with
    two, load 8) and each holds its own tesseract model (a worker peaks at ≈160 MB)."""
    screening_terms_file: Path | None = None
    """Extra prohibited-content terms (one per line) flagged for the filing judge."""


class KioskSettings(BaseSettings):
    """All settings of one kiosk."""

    model_config = SettingsConfigDict(
        env_prefix="KIOSK_",
        env_nested_delimiter="__",
        extra="forbid",
        use_attribute_docstrings=True,
    )

    kiosk: KioskIdentity = Field(default_factory=KioskIdentity)
    """Who this kiosk is and where it stands."""
    devices: Devices = Field(default_factory=Devices)
    """Each device: kind (sim or real) and transport."""
    broker: Broker = Field(default_factory=Broker)
    """The court's MQTT broker."""
    storage: Storage = Field(default_factory=Storage)
    """Durable data and scratch space."""
    keys: Keys = Field(default_factory=Keys)
    """Signing and verification keys."""
    ui: UI = Field(default_factory=UI)
    """Screen, font, timeouts, admin PIN."""
    retention: Retention = Field(default_factory=Retention)
    """How long personal data and records are kept."""
    ocr: OCR = Field(default_factory=OCR)
    """Recognition of scanned filings."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init carries the merged TOML layers (see loader.load_settings); the environment wins.
        return (env_settings, init_settings)

    # Convenience paths derived from storage.
    @property
    def temp_dir(self) -> Path:
        return self.storage.temp_dir or self.storage.data_dir / "tmp"

    @property
    def queue_db(self) -> Path:
        return self.storage.data_dir / "queue.sqlite"

    @property
    def spool_dir(self) -> Path:
        return self.storage.data_dir / "spool"

    @property
    def kiosk_key_file(self) -> Path:
        return self.keys.kiosk_key_file or self.storage.data_dir / "keys" / "kiosk.key"

