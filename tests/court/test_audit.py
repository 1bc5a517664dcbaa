"""The court's check of the audit chain inside a packet: the kiosk's own ``audit_chain`` output
verifies; every kind of tampering is caught at the first broken line."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from court.audit import GENESIS, verify_chain, verify_packet_chain
from kiosk.packet_assembly import audit_chain
from offline_queue.canonical import canonical
from tests.court.helpers import audit_events

pytestmark = pytest.mark.unit


def lines(n: int = 6) -> list[bytes]:
    return audit_chain(audit_events(n)).splitlines()


def join(parts: list[bytes]) -> bytes:
    return b"\n".join(parts) + b"\n"


def test_the_kiosks_chain_verifies_with_its_count_and_head():
    data = audit_chain(audit_events(6))
    verdict = verify_chain(data)
    assert verdict.ok and verdict.events == 6 and verdict.line is None
    assert verdict.head == hashlib.sha256(data.splitlines()[-1]).hexdigest()
    assert [e["event"] for e in verdict.entries][:2] == ["notice_accepted", "idcard_read"]
    assert verdict.text() == "审计链：已验证 6 条"
    empty = verify_chain(b"")
    assert empty.ok and empty.events == 0 and empty.head == GENESIS


def edited(parts):  # an event changed and re-canonicalised, its seq and prev kept
    event = json.loads(parts[2])
    event["event"] = "materials_scanned_twice"
    return join(parts[:2] + [canonical(event)] + parts[3:])


def edited_raw(parts):  # the same bytes with a space: no longer canonical
    return join(parts[:2] + [parts[2].replace(b'","', b'", "', 1)] + parts[3:])


def deleted(parts):
    return join(parts[:3] + parts[4:])


def reordered(parts):
    return join(parts[:1] + [parts[2], parts[1]] + parts[3:])


def torn(parts):  # the last line cut mid-way (a torn write, or cut to hide its end)
    return join(parts)[:-20]


def blank(parts):
    return join(parts[:3] + [b""] + parts[3:])


def garbage(parts):
    return join(parts[:4] + [b"\x00\xff not json"] + parts[4:])


def array(parts):
    return join(parts[:1] + [b"[1,2]"] + parts[1:])


def bad_genesis(parts):
    first = json.loads(parts[0])
    first["prev"] = "1" * 64
    return join([canonical(first)] + parts[1:])


@pytest.mark.parametrize("tamper, line, words", [
    (edited, 4, "第 3 行被改动"),
    (edited_raw, 3, "规范 JSON"),
    (deleted, 4, "序号为 4，应为 3"),
    (reordered, 2, "序号为 2，应为 1"),
    (torn, 6, "截断"),
    (blank, 4, "空行"),
    (garbage, 5, "不是 JSON"),
    (array, 2, "不是 JSON 对象"),
    (bad_genesis, 1, "64 个 0"),
])
def test_tampering_is_caught_at_the_first_broken_line(tamper, line, words):
    verdict = verify_chain(tamper(lines(6)))
    assert not verdict.ok
    assert verdict.line == line and words in verdict.problem
    assert verdict.events == line - 1  # the lines before the break did verify
    assert verdict.text().startswith(f"审计链：第 {line} 行断裂")


def test_whole_trailing_lines_cut_before_sealing_show_only_in_the_count():
    """The documented limit: a chain inside one packet cannot show its own missing tail."""
    verdict = verify_chain(join(lines(6)[:4]))
    assert verdict.ok and verdict.events == 4


def test_a_packet_without_its_audit_file_is_flagged(tmp_path):
    verdict = verify_packet_chain(tmp_path)
    assert not verdict.ok and "audit.jsonl" in verdict.problem
    (tmp_path / "audit.jsonl").write_bytes(audit_chain(audit_events(3)))
    assert verify_packet_chain(tmp_path).events == 3


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_changed_byte_before_the_last_line_is_caught(data):
    chain = audit_chain(audit_events(5))
    last_start = chain.rstrip(b"\n").rfind(b"\n") + 1
    at = data.draw(st.integers(0, last_start - 1), label="offset")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != chain[at]), label="byte")
    verdict = verify_chain(chain[:at] + bytes([byte]) + chain[at + 1:])
    assert not verdict.ok and verdict.line is not None
    assert verdict.line <= chain[:at].count(b"\n") + 2  # at the changed line or the next
