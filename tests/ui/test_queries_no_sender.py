"""我的案件 on a kiosk laid out as in production with ``kiosk run --no-sender``: the UI process holds
no MQTT session; ``kiosk sender run`` (a second real process) owns it and answers the UI's live
questions on its socket. Touches through the real screens to a real court gateway and back."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from kiosk.walkthrough import Walk, my_cases, start_with_card
from tests.transport.helpers import Running, court_settings, exchange_keys
from tests.transport.test_query_bridge import ask_when_served, sender_proc
from tests.ui.journey_rig import court_cli, journey_settings

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
SHOTS = os.environ.get("QUERY_SHOTS")


def test_my_cases_when_the_sender_is_its_own_process(tmp_path, mosquitto):
    from kiosk.headless import Headless
    from offline_queue.query_bridge import BridgeClient

    ks = journey_settings(tmp_path / "kiosk", mosquitto.port)
    cs = court_settings(tmp_path / "court", mosquitto.port)
    exchange_keys(ks, cs)
    kiosk = Headless(ks, with_runtime=True, start_sender=False)
    try:
        assert kiosk.app.kiosk.runtime.sender is None, "no MQTT in the UI process"
        assert isinstance(kiosk.controller.ports.ask.__self__, BridgeClient)
        with Running(ks, cs, sender=False):
            sender = sender_proc(ks, tmp_path)
            try:
                walk = Walk(kiosk, Path(SHOTS) if SHOTS else tmp_path / "shots", log=lambda _m: None)
                start_with_card(walk)
                id_number = kiosk.controller.state.identity.id_number
                done = court_cli(cs, "case", "set", CASE, "--court", "豫0102", "--status", "审理中",
                                 "--judge", "李法官", "--party", f"{id_number}:plaintiff:张三丰")
                assert done.returncode == 0, done.stderr
                ask_when_served(kiosk.controller.ports.ask.__self__)  # the sender process is connected
                my_cases(walk, shot=False)
                assert walk.body.status == "ok", walk.body.headline
                assert [c.title for c in walk.body.cards] == [CASE]
                walk.shot("q-no-sender", "我的案件 answered through the sender process's socket")
                walk.next()
                walk.wait(lambda: kiosk.controller.state.journey is None, 5, "the journey to end")
                os.killpg(sender.proc.pid, signal.SIGKILL)  # the uplink service dies
                sender.proc.wait(10)
                my_cases(walk, shot=False)
                assert walk.body.status == "unreachable" and walk.body.can_retry
                assert walk.screen.headline.text == "终端网络暂时中断，无法连接法院，请稍后再试。"
            finally:
                sender.stop()
    finally:
        kiosk.close()
