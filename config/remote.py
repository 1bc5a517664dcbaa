"""The court-managed layer of the settings: a TOML overlay the court pushes, signed, to one kiosk
(``court-gateway config push``), kept in ``data_dir/remote-config/`` and merged between the site
file and the environment. Validated by the same schema as every other layer, all problems at once.

Some settings are never managed remotely: who the kiosk is, where its data and keys live and how it
authenticates to the broker. A change there could lock the kiosk out of the court for good, so the
site file (written at enrolment) alone holds them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

REMOTE_DIR = "remote-config"
CURRENT = "current.toml"
PREVIOUS = "previous.toml"
STATE = "state.json"

LOCAL_ONLY = ("kiosk.kiosk_id", "storage", "keys", "broker.tls", "broker.plain_mqtt_dev", "broker.ca_file",
              "broker.cert_file", "broker.key_file", "broker.username", "broker.password")


def remote_dir(data: dict[str, Any]) -> Path:
    """Where the overlay lives for merged (not yet validated) layers: the environment's data_dir
    wins, as it does for the settings themselves."""
    data_dir = os.environ.get("KIOSK_STORAGE__DATA_DIR") or (data.get("storage") or {}).get("data_dir") or "var/kiosk"
    return Path(data_dir) / REMOTE_DIR


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted key → value, for comparing and for naming what changed."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value and key != "options":
            out.update(flatten(value, path))
        else:
            out[path] = value
    return out


def local_only_keys(overlay: dict[str, Any]) -> list[str]:
    """The overlay's keys that only the site file may set."""
    return sorted(k for k in flatten(overlay)
                  if any(k == p or k.startswith(p + ".") for p in LOCAL_ONLY))


def parse_overlay(text: str) -> dict[str, Any]:
    """The overlay's TOML (tomllib.TOMLDecodeError when it is not TOML)."""
    return tomllib.loads(text)
