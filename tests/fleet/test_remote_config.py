"""Remote site config on the kiosk, without a broker: the applier as the sender calls it, on real
files, with the real settings loader and the real device self-test. Apply (atomic, previous kept),
reject (every problem at once, nothing written), roll back (a changed device fails its self-test),
forgery and replay (nothing changes, logged), a damaged overlay on disk (the previous one used)."""

from __future__ import annotations

import json
import logging

import pytest

from config.loader import load_settings
from kiosk.remote_config import ConfigApplier
from offline_queue.config_doc import open_report, sign_config
from offline_queue.crypto import ensure_private_key


def public_key(private):
    return private.public_key()


@pytest.fixture
def kiosk(tmp_path, monkeypatch):
    """A kiosk data dir and site file, the court's and the kiosk's keys, and a fresh applier."""
    data = tmp_path / "kiosk"
    site = tmp_path / "kiosk.toml"
    site.write_text(f'[kiosk]\nkiosk_id = "kiosk-cfg-01"\n[storage]\ndata_dir = "{data}"\n'
                    '[broker]\nplain_mqtt_dev = true\n', encoding="utf-8")
    monkeypatch.delenv("KIOSK_STORAGE__DATA_DIR", raising=False)
    court = ensure_private_key(tmp_path / "court.key", "p256")
    device = ensure_private_key(tmp_path / "kiosk.key")

    def make():
        settings = load_settings(site)
        return ConfigApplier(settings, site, public_key(court), device)

    return {"site": site, "dir": data / "remote-config", "court": court, "device": device, "make": make}


def doc(k, version, text, key=None):
    return sign_config(key or k["court"], "kiosk-cfg-01", version, text)


def report(k, outcome):
    return open_report(outcome.report, public_key(k["device"]), "kiosk-cfg-01")


def test_apply_writes_atomically_keeps_the_previous_and_reports(kiosk):
    applier = kiosk["make"]()
    out = applier.handle(doc(kiosk, 1, "[ui]\nidle_timeout_s = 120\n"))
    rep = report(kiosk, out)
    assert (rep["result"], rep["version"], rep["running"]) == ("applied", 1, 1)
    assert rep["reasons"] == ["changed: ui.idle_timeout_s"] and not out.restart_sender
    assert load_settings(kiosk["site"]).ui.idle_timeout_s == 120
    assert not (kiosk["dir"] / "previous.toml").exists()
    assert (kiosk["dir"] / "ui-restart").read_text() == "1"  # the screen reads ui.* at start
    out = applier.handle(doc(kiosk, 2, "[retention]\nkeep_scans_after_receipt_h = 2\n"))
    assert report(kiosk, out)["result"] == "applied" and out.restart_sender  # the sender reads retention
    assert (kiosk["dir"] / "previous.toml").read_text() == "[ui]\nidle_timeout_s = 120\n"
    s = load_settings(kiosk["site"])
    assert (s.retention.keep_scans_after_receipt_h, s.ui.idle_timeout_s) == (2, 90)  # the overlay is whole
    assert not list(kiosk["dir"].glob(".*tmp"))
    assert kiosk["make"]().running_version == 2  # state survives a restart


def test_invalid_config_is_rejected_with_every_problem_and_nothing_written(kiosk):
    applier = kiosk["make"]()
    out = applier.handle(doc(kiosk, 1, '[ui]\nidle_timeout_s = "soon"\nidle_timeuot_s = 5\n'
                                       '[broker]\nport = 99999\ntls = false\n[kiosk]\nkiosk_id = "kiosk-evil-1"\n'))
    rep = report(kiosk, out)
    assert rep["result"] == "rejected" and rep["running"] == 0
    text = "\n".join(rep["reasons"])  # every problem of the document in one report
    for expected in ("broker.tls: set only in the site file", "kiosk.kiosk_id: set only in the site file",
                     "ui.idle_timeout_s: Input should be a valid integer", "did you mean 'idle_timeout_s'",
                     "broker.port: Input should be less than or equal to 65535"):
        assert expected in text, text
    assert len(rep["reasons"]) == 5, rep["reasons"]
    assert not kiosk["dir"].joinpath("current.toml").exists()
    assert report(kiosk, applier.handle(doc(kiosk, 3, "[ui\n")))["reasons"][0].startswith("not valid TOML")
    assert load_settings(kiosk["site"]).ui.idle_timeout_s == 90


def test_a_device_failing_its_selftest_after_apply_rolls_back(kiosk):
    applier = kiosk["make"]()
    assert report(kiosk, applier.handle(doc(kiosk, 1, "[ui]\nidle_timeout_s = 100\n")))["result"] == "applied"
    before = (kiosk["dir"] / "current.toml").read_bytes()
    # The receipt printer's simulator (the real ESC/POS protocol) reports paper out: its self-test fails.
    out = applier.handle(doc(kiosk, 2, '[ui]\nidle_timeout_s = 100\n[devices.receipt_printer]\noptions = { paper = "out" }\n'))
    rep = report(kiosk, out)
    assert rep["result"] == "rolled_back" and rep["running"] == 1, rep
    assert any("self-test of receipt_printer failed" in r for r in rep["reasons"]), rep
    assert (kiosk["dir"] / "current.toml").read_bytes() == before
    s = load_settings(kiosk["site"])
    assert s.devices.receipt_printer.options == {} and s.ui.idle_timeout_s == 100
    # the same change that passes its self-test is applied
    out = applier.handle(doc(kiosk, 3, '[devices.receipt_printer]\noptions = { paper = "near_end" }\n'))
    assert report(kiosk, out)["result"] == "applied"


def test_forged_and_replayed_configs_change_nothing_and_are_logged(kiosk, caplog):
    caplog.set_level(logging.WARNING, "kiosk.remote_config")
    applier = kiosk["make"]()
    assert report(kiosk, applier.handle(doc(kiosk, 2, "[ui]\nidle_timeout_s = 100\n")))["result"] == "applied"
    state = (kiosk["dir"] / "state.json").read_bytes()
    current = (kiosk["dir"] / "current.toml").read_bytes()
    forged_key = ensure_private_key(kiosk["dir"].parent / "other.key", "p256")
    forged = doc(kiosk, 9, "[ui]\nidle_timeout_s = 30\n", key=forged_key)
    tampered = json.loads(doc(kiosk, 9, "[ui]\nidle_timeout_s = 100\n"))
    tampered["toml"] = "[ui]\nidle_timeout_s = 30\n"
    other = sign_config(kiosk["court"], "kiosk-cfg-02", 9, "[ui]\nidle_timeout_s = 30\n")
    for payload in (forged, json.dumps(tampered).encode(), other, b"not json", doc(kiosk, 1, "[ui]\nidle_timeout_s = 30\n"),
                    doc(kiosk, 2, "[ui]\nidle_timeout_s = 30\n")):
        out = applier.handle(payload)
        assert out.report is None and not out.restart_sender
    assert (kiosk["dir"] / "state.json").read_bytes() == state
    assert (kiosk["dir"] / "current.toml").read_bytes() == current
    assert load_settings(kiosk["site"]).ui.idle_timeout_s == 100
    log = caplog.text
    assert log.count("not signed by the court's key") >= 1 and "not this kiosk's config" in log
    assert "version 1 dropped, nothing changed: version 2 was already processed" in log


def test_a_damaged_overlay_on_disk_falls_back_to_the_previous_one(kiosk, caplog):
    applier = kiosk["make"]()
    applier.handle(doc(kiosk, 1, "[ui]\nidle_timeout_s = 100\n"))
    applier.handle(doc(kiosk, 2, "[ui]\nidle_timeout_s = 110\n"))
    (kiosk["dir"] / "current.toml").write_text("[ui]\nidle_timeout_s = -1\n")
    with caplog.at_level(logging.ERROR, "config"):
        assert load_settings(kiosk["site"]).ui.idle_timeout_s == 100
    assert "remote config" in caplog.text and "current.toml not used" in caplog.text


def test_the_screen_restarts_between_sessions_only_for_a_config_newer_than_itself(kiosk):
    import os
    import time

    from kiosk.remote_config import UiRestartWatch

    settings = load_settings(kiosk["site"])
    due = []
    watch = UiRestartWatch(settings, lambda: due.append(1))
    watch.end_session()
    assert due == []  # no remote config at all
    applier = kiosk["make"]()
    applier.handle(doc(kiosk, 1, "[retention]\nkeep_delivered_packets_days = 9\n"))  # the sender's only
    watch.end_session()
    assert due == [] and not (kiosk["dir"] / "ui-restart").exists()
    applier.handle(doc(kiosk, 2, "[ui]\nvoice = false\n"))
    marker = kiosk["dir"] / "ui-restart"
    os.utime(marker, (time.time() - 3600, watch.started - 1))  # written before this screen started
    watch.end_session()
    assert due == []
    os.utime(marker, (time.time(), watch.started + 1))
    watch.end_session()
    watch.end_session()
    assert due == [1]


def test_a_sender_change_is_on_probation_until_the_broker_is_reached(kiosk):
    import time

    applier = kiosk["make"]()
    applier.handle(doc(kiosk, 1, "[ui]\nvoice = false\n"))
    out = applier.handle(doc(kiosk, 2, '[ui]\nvoice = false\n[broker]\nhost = "192.0.2.1"\n'))
    assert out.restart_sender and report(kiosk, out)["result"] == "applied"
    restarted = kiosk["make"]()  # the sender re-executed itself: the probation is on disk
    assert load_settings(kiosk["site"]).broker.host == "192.0.2.1"
    assert restarted.probation_expired(now=time.time() + 60) is None
    back = restarted.probation_expired(now=time.time() + 121)
    rep = report(kiosk, back)
    assert back.restart_sender and (rep["result"], rep["version"], rep["running"]) == ("rolled_back", 2, 1)
    assert "did not reach the broker within 120 s" in rep["reasons"][0]
    s = load_settings(kiosk["site"])
    assert s.broker.host == "127.0.0.1" and s.ui.voice is False
    assert kiosk["make"]().last_report() == back.report and kiosk["make"]().running_version == 1
    # a version that reaches the broker stays
    again = kiosk["make"]()
    again.handle(doc(kiosk, 3, '[ui]\nvoice = false\n[broker]\nkeepalive_s = 20\n'))
    kiosk["make"]().confirm()
    assert kiosk["make"]().probation_expired(now=time.time() + 10_000) is None
    assert load_settings(kiosk["site"]).broker.keepalive_s == 20
