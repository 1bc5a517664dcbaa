"""Applying the court's signed site config (``down/cfg``, retained) on the kiosk: verify it with the
court's key, validate it with the settings schema (every problem at once), write it atomically
(new file, fsync, rename; the previous one kept), check the result, and roll back when the check
fails; then report applied / rejected / rolled back, signed, to the court (``up/cfg``).

Files in ``data_dir/remote-config/``: ``current.toml`` (the overlay in force, layered by
``config.loader``), ``previous.toml`` (the one before), ``state.json`` (the last version processed,
the one running, the last report). A forged document or an older version changes nothing and is
logged. The post-apply check reloads the settings from disk and self-tests every device whose
settings changed; a failure restores the previous overlay.

What it restarts: a change the uplink reads (``broker``, ``retention``, ``storage``) restarts the
sender (it re-executes itself once the report is out); the screen reads its settings at start and
is told through ``ui-restart`` (a marker with the version), taken up between sessions.
"""

from __future__ import annotations

import json
import logging
import os
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from config.loader import ConfigError, load_settings, masked_dump
from config.remote import CURRENT, PREVIOUS, REMOTE_DIR, STATE, flatten
from offline_queue.config_doc import ConfigDocError, open_config, sign_report
from offline_queue.fsutil import atomic_write, fsync_dir, write_durable
from offline_queue.throttle import Throttle

log = logging.getLogger("kiosk.remote_config")
SENDER_SECTIONS = ("broker.", "retention.", "storage.")
UI_MARKER = "ui-restart"


@dataclass
class Outcome:
    report: bytes | None = None
    restart_sender: bool = False
    result: str = ""
    reasons: list[str] = field(default_factory=list)


def default_selftest(settings, names: set[str]) -> list[tuple[str, bool, str]]:
    """The devices' own self-test (``kiosk.selftest``) on just the devices named."""
    from kiosk.selftest import build_devices, run_selftest, shutdown_devices

    try:
        devices = build_devices(settings, only=names)
    except Exception as exc:  # a device that cannot even be built with the new settings
        return [(", ".join(sorted(names)), False, f"{type(exc).__name__}: {exc}")]
    try:
        return [(r.name, r.ok, r.detail) for r in run_selftest(devices, timeout=10.0)]
    finally:
        shutdown_devices(devices)


class ConfigApplier:
    """One kiosk's remote config; ``handle`` runs on the sender's thread (never on the UI's)."""

    def __init__(self, settings, site_file: Path | None, court_key, signing_key, selftest=default_selftest):
        self.kid = settings.kiosk.kiosk_id
        self.site_file = Path(site_file) if site_file else None
        self.court_key = court_key
        self.signing_key = signing_key
        self.selftest = selftest
        self.folder = Path(settings.storage.data_dir) / REMOTE_DIR
        self._probation_s = settings.broker.probation_s  # the new settings' own, once a version is applied
        self._had_current = False
        self._logged = Throttle(300.0)
        self.state = self._load_state()

    def _load_state(self) -> dict:
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
            return state if isinstance(state, dict) else {}
        except (OSError, ValueError):
            return {}

    @property
    def running_version(self) -> int:
        return int(self.state.get("running", 0))

    def last_report(self) -> bytes | None:
        """The signed report of the last version processed (published again on every connection:
        the court may have missed it while this sender restarted)."""
        rep = self.state.get("report")
        return rep.encode() if isinstance(rep, str) else None

    def confirm(self) -> None:
        """The sender reached the broker: a version on probation stays."""
        probation = self.state.pop("probation", None)
        if probation:
            log.info("remote config version %s confirmed: the sender reached the broker with it", probation["version"])
            self._save()

    def probation_expired(self, now: float | None = None) -> Outcome | None:
        """Not connected past the probation: restore the previous overlay and report it (the report
        goes out once the sender, restarted with the old settings, is connected again)."""
        probation = self.state.get("probation")
        if not probation or (time.time() if now is None else now) < probation["until"]:
            return None
        self._rollback(probation["had_previous"])
        version = probation["version"]
        reasons = [f"the sender did not reach the broker within {probation['seconds']} s with the new settings"]
        log.error("remote config version %d rolled back: %s", version, reasons[0])
        report = sign_report(self.signing_key, self.kid, version, "rolled_back", reasons, probation["previous"])
        self.state.pop("probation")
        self.state.update(running=probation["previous"], report=report.decode(), result="rolled_back",
                          at=int(time.time()))
        self._save()
        return Outcome(report, True, "rolled_back", reasons)

    def _save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(self.folder / STATE, json.dumps(self.state, ensure_ascii=False).encode())

    def handle(self, payload: bytes) -> Outcome:
        if not payload:
            return Outcome()
        try:
            doc = open_config(payload, self.court_key, self.kid)
        except ConfigDocError as exc:
            if self._logged.due(("forged", str(exc))):
                log.warning("remote config dropped, nothing changed: %s", exc)
            return Outcome()
        version, seen = doc["version"], int(self.state.get("version", 0))
        if version <= seen:
            if version < seen and self._logged.due(("old", version)):
                log.warning("remote config version %d dropped, nothing changed: version %d was already processed "
                            "(a replay of an older document)", version, seen)
            return Outcome()
        result, reasons, restart = self._process(doc)
        log.log(logging.INFO if result == "applied" else logging.WARNING, "remote config version %d %s%s",
                version, result.replace("_", " "), f": {'; '.join(reasons)}" if reasons else "")
        report = sign_report(self.signing_key, self.kid, version, result, reasons, self.running_version
                             if result != "applied" else version)
        self.state.update(version=version, report=report.decode(), result=result, at=int(time.time()))
        if result == "applied" and restart:  # confirmed once the restarted sender reaches the broker
            self.state["probation"] = {"version": version, "previous": self.running_version,
                                       "had_previous": self._had_current, "seconds": self._probation_s,
                                       "until": time.time() + self._probation_s}
        if result == "applied":
            self.state["running"] = version
        self._save()
        return Outcome(report, restart, result, reasons)

    def _process(self, doc: dict) -> tuple[str, list[str], bool]:
        try:
            overlay = tomllib.loads(doc["toml"])
        except tomllib.TOMLDecodeError as exc:
            return "rejected", [f"not valid TOML: {exc}"], False
        try:
            before = load_settings(self.site_file)
            candidate = load_settings(self.site_file, remote=overlay)
        except ConfigError as exc:
            return "rejected", [str(p) for p in exc.problems], False
        changed = sorted(k for k, v in flatten(masked_dump(candidate)).items()
                         if flatten(masked_dump(before)).get(k) != v)
        had_current = self._had_current = (self.folder / CURRENT).is_file()
        self._probation_s = candidate.broker.probation_s
        try:
            self._write(doc["toml"].encode())
        except OSError as exc:  # e.g. a full disk: the overlay in force is untouched (rename not done)
            (self.folder / f".{CURRENT}.tmp").unlink(missing_ok=True)
            return "rejected", [f"could not be written: {exc.strerror or exc}"], False
        problems = self._check(candidate, changed)
        if problems:
            self._rollback(had_current)
            return "rolled_back", problems, False
        if any(not k.startswith(SENDER_SECTIONS) for k in changed):
            atomic_write(self.folder / UI_MARKER, str(doc["version"]).encode())
        return "applied", [f"changed: {', '.join(changed)}" if changed else "no setting changed"], \
            any(k.startswith(SENDER_SECTIONS) for k in changed)

    def _write(self, data: bytes) -> None:
        """New file, fsync, rename; the overlay in force until now becomes ``previous.toml``."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        current, previous = self.folder / CURRENT, self.folder / PREVIOUS
        tmp = self.folder / f".{CURRENT}.tmp"
        write_durable(tmp, data)
        if current.is_file():
            atomic_write(previous, current.read_bytes())
        os.replace(tmp, current)
        fsync_dir(self.folder)

    def _rollback(self, had_current: bool) -> None:
        current, previous = self.folder / CURRENT, self.folder / PREVIOUS
        if had_current:
            os.replace(previous, current)  # previous.toml was written from it just before
        else:
            current.unlink(missing_ok=True)
        fsync_dir(self.folder)

    def _check(self, candidate, changed: list[str]) -> list[str]:
        """After writing: the settings as the kiosk will load them are the ones validated, and
        every device whose settings changed passes its self-test."""
        try:
            loaded = load_settings(self.site_file)
        except ConfigError as exc:
            return [f"reloading the settings failed: {p}" for p in exc.problems]
        if masked_dump(loaded) != masked_dump(candidate):
            return ["the settings loaded from disk differ from the ones validated"]
        devices = {k.split(".")[1] for k in changed if k.startswith("devices.")}
        if not devices:
            return []
        return [f"self-test of {name} failed: {detail}" for name, ok, detail in self.selftest(loaded, devices)
                if not ok]


class UiRestartWatch:
    """A session hook for the screen: when a remote config changed settings the screen reads
    (``ui-restart`` written after this process started), ``on_due`` is called as a session ends, so
    the app exits between two litigants and systemd starts it again with the new settings
    (``kiosk-ui.service``: Restart=always). Never in the middle of someone's session."""

    def __init__(self, settings, on_due):
        self.marker = Path(settings.storage.data_dir) / REMOTE_DIR / UI_MARKER
        self.started = time.time()
        self.on_due = on_due
        self.fired = False

    def start_session(self) -> None:
        pass

    def end_session(self) -> None:
        try:
            changed = self.marker.stat().st_mtime
        except OSError:
            return
        if changed > self.started and not self.fired:
            self.fired = True
            log.info("remote config version %s changed the screen's settings: restarting it between sessions",
                     self.marker.read_text(errors="replace").strip())
            self.on_due()
