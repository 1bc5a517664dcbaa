"""Personal data is encrypted to the court (issue 10): an eavesdropper on the broker and anyone
reading the kiosk's spool find no ID number or phone; the court opens the form with its key."""

from __future__ import annotations

import threading
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from sqlmodel import Session

from court.keys import court_key
from court.store import InPacket
from kiosk.packet_assembly import sample_filing, seal_session
from tests.transport.helpers import Running, wait_for

SECRETS = ("410181199003074512", "13800138000")  # the sample litigant's ID number and phone


@pytest.mark.integration
def test_no_id_number_or_phone_in_clear_on_the_wire_or_in_the_spool(mosquitto, pair):
    ks, cs = pair(mosquitto.port)
    heard, lock = [], threading.Lock()
    spy = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"eavesdropper-{uuid.uuid4().hex[:6]}",
                      protocol=MQTTProtocolVersion.MQTTv5)
    spy.on_message = lambda _c, _u, msg: (lock.acquire(), heard.append(msg.payload), lock.release())
    spy.connect("127.0.0.1", mosquitto.port)
    spy.subscribe("court/v1/k/#", qos=1)
    spy.loop_start()
    try:
        with Running(ks, cs) as run:
            pid = seal_session(ks, sample_filing(material_bytes=6000), outbox=run.outbox)
            assert wait_for(lambda: run.outbox.get(pid).state == "delivered", 30)
    finally:
        spy.disconnect()
        spy.loop_stop()
    assert len(heard) > 10  # the spy heard the transfer
    wire = b"\n".join(heard)
    spool = b"\n".join(p.read_bytes() for p in (ks.spool_dir / pid).rglob("*") if p.is_file())
    for secret in SECRETS:
        assert secret.encode() not in wire and secret.encode() not in spool, secret
    assert (ks.spool_dir / pid / "form.json.enc").is_file()

    from offline_queue.private import open_private

    with Session(run.engine) as s:
        row = s.get(InPacket, (ks.kiosk.kiosk_id, pid))
    form = open_private(row, "form.json", court_key(cs))
    assert form["fields"]["plaintiff_id_number"]["value"] == SECRETS[0]
    assert open_private(row.files_dir, "form.json.enc", court_key(cs)) == form
    assert row.phone == SECRETS[1]  # the court still reads what it needs for the SMS


@pytest.mark.unit
def test_private_files_open_only_with_the_court_key_and_in_their_packet(pair):
    import shutil

    from offline_queue.crypto import CryptoError, generate_key
    from offline_queue.private import open_private
    from offline_queue.service import open_outbox

    ks, cs = pair()
    pid = seal_session(ks, sample_filing(material_bytes=1000), outbox=open_outbox(ks))
    root = ks.spool_dir / pid
    assert open_private(root, "form.json", court_key(cs))["fields"]["phone"]["value"] == SECRETS[1]
    with pytest.raises(CryptoError):
        open_private(root, "form.json", generate_key("p256"))
    other = seal_session(ks, sample_filing(material_bytes=1000, seed=1), outbox=open_outbox(ks))
    shutil.copyfile(root / "form.json.enc", ks.spool_dir / other / "form.json.enc")
    with pytest.raises(CryptoError):  # a ciphertext moved into another packet does not open there
        open_private(ks.spool_dir / other, "form.json", court_key(cs))
