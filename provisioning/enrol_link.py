"""Enrolment over MQTT: the court's service loop and the kiosk's one request (see ``enrol``)."""

from __future__ import annotations

import logging
import queue
import threading
import tomllib
from pathlib import Path

from offline_queue.fsutil import atomic_write
from provisioning.enrol import AnswerError, EnrolService, Request, check_answer, req_topic, resp_topic

log = logging.getLogger("provisioning.enrol")


def serve(broker, client_id: str, service: EnrolService, stop: threading.Event,
          ready: threading.Event | None = None) -> None:
    """Answer enrolment requests until ``stop`` is set."""
    from offline_queue.link import MqttLink

    def on_message(message) -> None:
        answer = service.handle(message.topic, message.payload)
        if answer is not None:
            link.publish(*answer)

    link = MqttLink(broker, client_id, subscriptions=["court/v1/enrol/+/req"], on_message=on_message,
                    clean_start=True)
    link.start()
    try:
        while not stop.is_set():
            if ready is not None and link.subscribed.is_set():
                ready.set()
            stop.wait(0.1)
    finally:
        link.stop()


class EnrolFailed(RuntimeError):
    """No authentic answer: the code is wrong, used or expired, or the court is unreachable."""


def request_enrolment(broker, request: Request, code: str, timeout_s: float = 30.0) -> dict:
    """Send ``request`` with the bootstrap credential (``broker``) and wait for the court's
    authentic answer; answers that fail their check are logged and ignored."""
    from offline_queue.link import MqttLink

    answers: queue.Queue = queue.Queue()

    def on_message(message) -> None:
        try:
            answers.put(check_answer(message.payload, code, request))
        except AnswerError as exc:
            log.warning("enrolment answer on %s dropped: %s", message.topic, exc)

    link = MqttLink(broker, broker.username or "kiosk-enrol", subscriptions=[resp_topic(request.kiosk_id)],
                    on_message=on_message, clean_start=True)
    link.start()
    try:
        if not link.subscribed.wait(min(timeout_s, 15)):
            raise EnrolFailed(f"could not reach the court's broker {broker.host}:{broker.port} "
                              "with the bootstrap certificate")
        link.publish(req_topic(request.kiosk_id), request.payload)
        try:
            return answers.get(timeout=timeout_s)
        except queue.Empty:
            raise EnrolFailed("no answer from the court: is the code right, unused and not expired? "
                              "(court-gateway enrol code issues a new one)") from None
    finally:
        link.stop()


def install(answer: dict, request: Request, tls_dir: Path, court_key_file: Path, site_out: Path,
            data_dir: Path) -> None:
    """Write what enrolment brought, each file atomically; the site file last, so a kiosk never
    has a site file that names files not yet written."""
    kid = request.kiosk_id
    tls_dir.mkdir(parents=True, exist_ok=True)
    tls_dir.chmod(0o700)
    atomic_write(tls_dir / f"{kid}.key", request.key_pem)  # 0600
    atomic_write(tls_dir / f"{kid}.crt", answer["cert"].encode())
    atomic_write(tls_dir / "ca.crt", answer["ca"].encode())
    court_key_file.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(court_key_file, answer["court_public_key"].encode())
    broker = dict(answer["site"].get("broker", {}))
    broker.update(tls=True, ca_file=str(tls_dir / "ca.crt"), cert_file=str(tls_dir / f"{kid}.crt"),
                  key_file=str(tls_dir / f"{kid}.key"))
    site = {**answer["site"], "kiosk": {**answer["site"].get("kiosk", {}), "kiosk_id": kid},
            "broker": broker, "storage": {**answer["site"].get("storage", {}), "data_dir": str(data_dir)},
            "keys": {"court_public_key_file": str(court_key_file)}}
    text = _toml(site)
    tomllib.loads(text)  # never write a site file the kiosk cannot read back
    site_out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(site_out, text.encode())


def _toml(data: dict) -> str:
    """Tables of scalars, as the site file uses them."""
    import json

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        return json.dumps(str(v), ensure_ascii=False)

    lines = ["# Written by `kiosk enrol`."]
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"site settings: {section} must be a table")
        lines.append(f"[{section}]")
        lines += [f"{k} = {value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    return "\n".join(lines) + "\n"
