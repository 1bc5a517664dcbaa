"""Load the layered settings and report every problem at once, with its field path."""

from __future__ import annotations

import difflib
import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from config.settings import PACKAGED_DEFAULTS, SITE_FILE, KioskSettings

MASK = "********"


@dataclass(frozen=True)
class ConfigProblem:
    """One mistake in the configuration, located by its dotted field path."""

    path: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"{self.path}: {self.message}{where}"


class ConfigError(Exception):
    """The configuration has one or more problems; all of them are in ``problems``."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} configuration problem(s):\n{lines}")


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_toml(path: Path) -> dict[str, Any]:
    """Read one TOML layer; a syntax error becomes a ConfigProblem, not a traceback."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigProblem("<file>", f"not valid TOML: {exc}", str(path))]) from exc
    except OSError as exc:
        raise ConfigError([ConfigProblem("<file>", f"cannot read: {exc.strerror}", str(path))]) from exc


def _known_fields(model: type[BaseModel], parts: list[str]) -> list[str]:
    """Field names valid at the parent of ``parts``, for "did you mean"."""
    for part in parts[:-1]:
        field = model.model_fields.get(part)
        annotation = getattr(field, "annotation", None) if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


def _problems_from(exc: ValidationError, source: str) -> list[ConfigProblem]:
    problems = []
    for err in exc.errors():
        parts = [str(p) for p in err["loc"]]
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            guess = difflib.get_close_matches(parts[-1], _known_fields(KioskSettings, parts), n=1)
            message = "unknown setting" + (f"; did you mean '{guess[0]}'?" if guess else "")
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            message = f"{message} (got {err['input']!r})"
        problems.append(ConfigProblem(".".join(parts), message, source))
    return problems


def site_file_from_env() -> Path | None:
    explicit = os.environ.get("KIOSK_CONFIG")
    if explicit:
        return Path(explicit)
    return SITE_FILE if SITE_FILE.exists() else None


_STORED = object()
log = logging.getLogger("config")


def load_settings(site_file: Path | None = None, *, use_site_default: bool = True,
                  remote: Any = _STORED) -> KioskSettings:
    """Packaged defaults → site file → the court's remote overlay (``config.remote``) → ``KIOSK_*``
    environment. Raises ConfigError listing all problems. ``remote`` replaces the stored overlay
    (a dict, or None for none): how a pushed config is checked before it is applied."""
    data = read_toml(PACKAGED_DEFAULTS)
    source = str(PACKAGED_DEFAULTS)
    if site_file is None and use_site_default:
        site_file = site_file_from_env()
    if site_file is not None:
        data = _deep_merge(data, read_toml(Path(site_file)))
        source = str(site_file)
    if remote is None:
        return _validate(data, source)
    if remote is not _STORED:
        return _validate_overlay(data, remote, "remote config")
    return _with_stored_overlay(data, source)


def _validate_overlay(data: dict[str, Any], overlay: dict[str, Any], source: str) -> KioskSettings:
    """The layers with ``overlay`` merged; its keys reserved to the site file and its schema
    problems reported together."""
    from config.remote import local_only_keys

    denied = [ConfigProblem(key, "set only in the site file, never remotely", source)
              for key in local_only_keys(overlay)]
    try:
        settings = _validate(_deep_merge(data, overlay), source)
    except ConfigError as exc:
        raise ConfigError(denied + exc.problems) from None
    if denied:
        raise ConfigError(denied)
    return settings


def _with_stored_overlay(data: dict[str, Any], source: str) -> KioskSettings:
    """The current overlay, else the previous one, else none: a damaged overlay on disk costs the
    court's changes (logged), never the kiosk's start."""
    from config.remote import CURRENT, PREVIOUS, remote_dir

    folder = remote_dir(data)
    for name in (CURRENT, PREVIOUS):
        path = folder / name
        if not path.is_file():
            continue
        try:
            return _validate_overlay(data, read_toml(path), str(path))
        except ConfigError as exc:
            base = _validate(data, source)  # the site file's own problems are reported as its own
            log.error("remote config %s not used: %s", path, exc)
            if name == PREVIOUS:
                return base
    return _validate(data, source)


def _validate(data: dict[str, Any], source: str) -> KioskSettings:
    try:
        return KioskSettings(**data)
    except ValidationError as exc:
        raise ConfigError(_problems_from(exc, source)) from None


def check_file(path: Path) -> list[ConfigProblem]:
    """Every problem of a site file layered over the packaged defaults (empty list = fine)."""
    try:
        load_settings(path)
    except ConfigError as exc:
        return exc.problems
    return []


def masked_dump(settings: KioskSettings) -> dict[str, Any]:
    """The effective settings as plain data, secrets replaced by a mask."""

    def walk(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return {name: walk(getattr(value, name)) for name in type(value).model_fields}
        if isinstance(value, SecretStr):
            return MASK if value.get_secret_value() else ""
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, Path):
            return str(value)
        return value

    return walk(settings)
