"""Secure by default: the one rule on how a kiosk or a gateway may talk to the broker.

Why: on plain MQTT anyone in the hall's network reads every chunk, receipt and document, and can
publish as any kiosk. So without mutual TLS nothing starts, with one line saying why; the only
exception is the explicit development switch ``broker.plain_mqtt_dev``, and only towards a broker
on this machine's loopback (the tests and the demo's embedded court).
"""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def transport_refusal(broker) -> str | None:
    """Why these broker settings must not be used (one line), or None when they may."""
    if broker.tls:
        missing = [name for name in ("ca_file", "cert_file", "key_file") if not getattr(broker, name)]
        if missing:
            return (f"refusing to start: broker.tls is on but {', '.join('broker.' + m for m in missing)} "
                    "is not set (mutual TLS needs the court CA and this client's certificate and key)")
        return None
    if not broker.plain_mqtt_dev:
        return ("refusing to start: broker.tls is off; a court broker is reached only over mutual TLS "
                "(see provisioning), plain MQTT only with broker.plain_mqtt_dev = true to a loopback broker")
    if not is_loopback(broker.host):
        return (f"refusing to start: broker.plain_mqtt_dev allows plain MQTT only to a loopback broker, "
                f"not {broker.host}")
    return None
