"""Remote config end to end on a real Mosquitto: `court-gateway config push` → the running gateway
publishes it retained → a real `kiosk sender run` process verifies, validates, applies (restarting
itself when the change concerns it) or rejects or rolls back → its signed report reaches
`court-gateway config status` and `court-gateway kiosks`. A forged and a replayed document sent
straight to the kiosk's topic change nothing and are logged."""

from __future__ import annotations

import json
import subprocess
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

from court.keys import court_key
from court.store import ConfigPush, open_store, store_session
from offline_queue import topics
from offline_queue.config_doc import sign_config
from offline_queue.crypto import generate_key
from tests.transport.helpers import VENV_BIN, clean_env, court_env, wait_for
from tests.transport.test_faults import gateway_proc, sender_proc

pytestmark = [pytest.mark.integration]


def court(cs, *args):
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args], capture_output=True, text=True,
                          env={**clean_env(), **court_env(cs)}, timeout=60)


def status(cs) -> dict:
    """What `court-gateway config status --json` prints, read from the store (polled: no process each time)."""
    from court.remote_config import status as rows

    found = rows(open_store(cs.store_url))
    if not found:
        return {}
    r = found[0]
    return {"kiosk_id": r.kiosk_id, "version": r.version, "published": r.published_at is not None,
            "result": r.result, "reasons": json.loads(r.reasons), "result_at": r.result_at}


def status_cli(cs) -> dict:
    out = court(cs, "config", "status", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[0])


def fleet_row(cs) -> dict:
    from court.fleet import rows

    return next(r.as_dict() for r in rows(open_store(cs.store_url)))


def publish_raw(port, topic, payload):
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"intruder-{uuid.uuid4().hex[:6]}",
                         protocol=MQTTProtocolVersion.MQTTv5)
    client.connect("127.0.0.1", port)
    client.loop_start()
    client.publish(topic, payload, qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()


def test_push_apply_restart_reject_rollback_forgery_and_replay(mosquitto, pair, tmp_path):
    ks, cs = pair(mosquitto.port)
    kid = ks.kiosk.kiosk_id
    remote = ks.storage.data_dir / "remote-config"
    gateway = gateway_proc(cs, tmp_path)
    sender = None
    try:
        assert wait_for(lambda: "subscribed to" in gateway.log(), 20), gateway.log()
        sender = sender_proc(ks, tmp_path)
        (tmp_path / "ui.toml").write_text("[ui]\nidle_timeout_s = 120\n")
        out = court(cs, "config", "push", kid, str(tmp_path / "ui.toml"))
        assert out.returncode == 0 and "version 1" in out.stdout, out.stderr
        assert wait_for(lambda: status(cs).get("result") == "applied", 30), (status(cs), sender.log()[-2000:])
        assert status_cli(cs) == status(cs) and status(cs)["reasons"] == ["changed: ui.idle_timeout_s"]
        assert (remote / "current.toml").read_text() == "[ui]\nidle_timeout_s = 120\n"
        with store_session(open_store(cs.store_url)) as s:
            version_1 = s.get(ConfigPush, kid).document.encode()

        # A change the sender itself reads: it applies, reports, and re-executes itself.
        pid = sender.proc.pid
        (tmp_path / "ret.toml").write_text("[ui]\nidle_timeout_s = 120\n[retention]\nkeep_delivered_packets_days = 10\n")
        assert court(cs, "config", "push", kid, str(tmp_path / "ret.toml")).returncode == 0
        assert wait_for(lambda: status(cs).get("result") == "applied" and status(cs)["version"] == 2, 30), status(cs)
        assert wait_for(lambda: sender.log().count("subscribed to") >= 2, 30), sender.log()[-2000:]
        assert "restarting it" in sender.log() and sender.running and sender.proc.pid == pid
        assert wait_for(lambda: fleet_row(cs)["config"]["running"] == 2 and fleet_row(cs)["online"], 30), fleet_row(cs)
        shown = json.loads(court(cs, "kiosks", "--json").stdout.splitlines()[0])
        assert shown["config"] == {"running": 2, "pushed": 2, "result": "applied",
                                   "reasons": ["changed: retention.keep_delivered_packets_days"]}, shown

        # Invalid at the court: refused with every problem, nothing stored or sent.
        (tmp_path / "bad.toml").write_text('[ui]\nidle_timeout_s = "x"\nvoice_volum = 3\n[kiosk]\nkiosk_id = "kiosk-b"\n')
        out = court(cs, "config", "push", kid, str(tmp_path / "bad.toml"))
        assert out.returncode == 1 and "3 problem(s)" in out.stderr, out.stderr
        assert all(k in out.stderr for k in ("ui.idle_timeout_s", "ui.voice_volum", "kiosk.kiosk_id")), out.stderr
        assert status(cs)["version"] == 2

        # Valid for this court's schema but not for the kiosk (signed by the court all the same):
        # the kiosk rejects it with its reasons; then a device change whose self-test fails rolls back.
        key = court_key(cs)
        for version, text in ((3, "[ui]\nidle_timeout_s = -4\n"),
                              (4, '[ui]\nidle_timeout_s = 120\n[retention]\nkeep_delivered_packets_days = 10\n'
                                  '[devices.receipt_printer]\noptions = { paper = "out" }\n')):
            with store_session(open_store(cs.store_url)) as s:
                row = s.get(ConfigPush, kid)
                row.version, row.document, row.published_at, row.result = version, sign_config(key, kid, version, text).decode(), None, "pending"
                s.add(row)
                s.commit()
            assert wait_for(lambda: status(cs).get("result") != "pending", 30), status(cs)
        # (the loop's last result is version 4's)
        assert status(cs)["result"] == "rolled_back" and "self-test of receipt_printer failed" in status(cs)["reasons"][0]
        assert "version 3 rejected: ui.idle_timeout_s" in sender.log()
        text = court(cs, "config", "status").stdout
        assert "rolled_back" in text and "receipt_printer" in text, text
        assert (remote / "current.toml").read_text().endswith("keep_delivered_packets_days = 10\n")

        # A broker the kiosk cannot reach with the new settings: after the probation it rolls back,
        # restarts with the settings that worked, and reports it.
        (tmp_path / "host.toml").write_text('[ui]\nidle_timeout_s = 120\n[retention]\nkeep_delivered_packets_days = 10\n'
                                            '[broker]\nhost = "127.0.0.2"\nprobation_s = 3\n')
        out = court(cs, "config", "push", kid, str(tmp_path / "host.toml"))
        assert out.returncode == 0 and "version 5" in out.stdout, out.stderr
        assert wait_for(lambda: status(cs)["version"] == 5 and status(cs)["result"] == "rolled_back", 40), \
            (status(cs), sender.log()[-3000:])
        assert "did not reach the broker within 3 s" in status(cs)["reasons"][0]
        assert "127.0.0.2" not in (remote / "current.toml").read_text() and sender.running
        assert wait_for(lambda: fleet_row(cs)["online"] and fleet_row(cs)["config"]["running"] == 2, 30), fleet_row(cs)

        # Forged (another key) and replayed (version 1) documents straight on the kiosk's topic.
        state = (remote / "state.json").read_bytes()
        publish_raw(mosquitto.port, topics.down_cfg(kid), sign_config(generate_key("p256"), kid, 99, "[ui]\nvoice = false\n"))
        assert wait_for(lambda: "remote config dropped, nothing changed: not signed by the court" in sender.log(), 15)
        publish_raw(mosquitto.port, topics.down_cfg(kid), version_1)
        assert wait_for(lambda: "version 1 dropped, nothing changed" in sender.log(), 15), sender.log()[-2000:]
        time.sleep(0.5)
        assert (remote / "state.json").read_bytes() == state
        assert "Traceback" not in sender.log() and "Traceback" not in gateway.log()
    finally:
        gateway.stop()
        if sender:
            sender.stop()
