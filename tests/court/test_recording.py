"""The gateway records the chain's verdict with each packet: a broken chain is stored (the
manifest signature authenticates the packet), logged, listed and shown to the reviewer."""

from __future__ import annotations

import json
import logging
import subprocess

import pytest
from sqlmodel import Session

from court.store import InPacket, PacketAudit
from kiosk.packet_assembly import audit_chain
from tests.court.helpers import audit_events, record, seal, session_filing
from tests.transport.helpers import VENV_BIN, clean_env, court_env

pytestmark = pytest.mark.unit


def court(cs, *args):
    return subprocess.run([str(VENV_BIN / "court-gateway"), *args], env={**clean_env(), **court_env(cs)},
                          capture_output=True, text=True, timeout=60)


def without_line(data: bytes, n: int) -> bytes:
    parts = data.splitlines()
    return b"\n".join(parts[:n] + parts[n + 1:]) + b"\n"


def test_good_and_broken_chains_are_both_recorded_the_broken_one_flagged(court_pair, caplog):
    ks, cs, engine = court_pair
    caplog.set_level(logging.INFO, logger="court.receiver")
    good = seal(ks, session_filing(events=7))
    broken = seal(ks, session_filing(), audit=without_line(audit_chain(audit_events(6)), 2))
    for pid in (good, broken):
        answer = record(ks, cs, pid, engine)
        assert answer["state"] == "received" and answer["receipt"]["receipt"]["status"] == "received"
    with Session(engine) as s:
        assert s.get(InPacket, (ks.kiosk.kiosk_id, broken)).state == "received"
        ok, bad = s.get(PacketAudit, (ks.kiosk.kiosk_id, good)), s.get(PacketAudit, (ks.kiosk.kiosk_id, broken))
    assert ok.ok and ok.events == 7
    assert not bad.ok and bad.events == 2 and json.loads(bad.verdict)["line"] == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and broken in warnings[0] and "第 3 行断裂" in warnings[0]

    listing = court(cs, "review", "list").stdout.splitlines()
    assert next(line for line in listing if good in line).split()[6] == "ok"
    assert next(line for line in listing if broken in line).split()[6] == "BROKEN"
    shown = court(cs, "review", "show", broken[:24])
    assert shown.returncode == 0, shown.stderr
    assert "审计链：第 3 行断裂（序号为 3，应为 2：有行被删除、插入或调换），此前 2 条已验证" in shown.stdout and "！请核查" in shown.stdout
    assert "审计链：已验证 7 条" in court(cs, "review", "show", good).stdout
