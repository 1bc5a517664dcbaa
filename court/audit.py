"""The court checks the hash chain inside each packet (rules §10 全程留痕; issue 14 item 5).

``audit.jsonl`` is written by the kiosk's ``audit_chain``: one canonical JSON object per line, each
with ``seq`` (0, 1, 2 …) and ``prev`` = SHA-256 of the previous line's bytes (64 zeros for the
first), every line ending in a newline. The manifest's signature already proves the file is the one
the kiosk sealed; the chain proves the kiosk's trail was not edited, thinned or reordered before
that. What no chain inside one packet can show is trailing whole lines cut off before sealing: the
count is printed so the reviewer sees how many events there are.

A packet with a broken chain is still recorded (it is authenticated); the verdict is stored beside
it, logged, and shown to the reviewer.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from offline_queue.canonical import parse_canonical

log = logging.getLogger("court.audit")
AUDIT_FILE = "audit.jsonl"
GENESIS = "0" * 64
MAX_AUDIT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ChainVerdict:
    """``ok`` with ``events`` verified lines, or the first broken ``line`` (1-based) and why."""

    ok: bool
    events: int
    line: int | None = None
    problem: str | None = None
    head: str | None = None
    """SHA-256 of the last line that verified (the chain's head when ``ok``)."""
    entries: list[dict] = field(default_factory=list, compare=False, repr=False)

    def text(self) -> str:
        if self.ok:
            return f"审计链：已验证 {self.events} 条"
        if self.line is None:
            return f"审计链：{self.problem}"
        return f"审计链：第 {self.line} 行断裂（{self.problem}），此前 {self.events} 条已验证"

    def summary(self) -> dict:
        """The verdict without the events (what the store keeps)."""
        out = asdict(self)
        out.pop("entries")
        return out


def verify_chain(data: bytes) -> ChainVerdict:
    """Check every line of an audit chain; stop at the first that breaks it."""
    if not data:
        return ChainVerdict(True, 0, head=GENESIS)
    lines = data.split(b"\n")
    torn = lines[-1] != b""  # the file does not end with a newline: its last line was cut
    if not torn:
        lines.pop()
    prev, entries = GENESIS, []
    for number, line in enumerate(lines, start=1):
        seq = number - 1
        problem = _line_problem(line, seq, prev, number, last=number == len(lines), torn=torn)
        if isinstance(problem, str):
            return ChainVerdict(False, seq, number, problem, head=prev, entries=entries)
        entries.append(problem)
        prev = hashlib.sha256(line).hexdigest()
    return ChainVerdict(True, len(entries), head=prev, entries=entries)


def _line_problem(line: bytes, seq: int, prev: str, number: int, *, last: bool, torn: bool) -> str | dict:
    """The event on this line, or what is wrong with it."""
    if not line.strip():
        return "空行"
    if last and torn:
        return "末行不完整：文件被截断"
    try:
        event = parse_canonical(line)
    except ValueError as exc:
        if "canonical" in str(exc):
            return "不是 RFC 8785 规范 JSON，该行被改写过"
        return "不是 JSON"
    if not isinstance(event, dict):
        return "不是 JSON 对象"
    if event.get("seq") != seq or isinstance(event.get("seq"), bool):
        return f"序号为 {event.get('seq')!r}，应为 {seq}：有行被删除、插入或调换"
    if event.get("prev") != prev:
        if number == 1:
            return "首行的 prev 不是 64 个 0"
        return f"prev 与第 {number - 1} 行的 SHA-256 不符：第 {number - 1} 行被改动"
    return event


def verify_packet_chain(root: Path) -> ChainVerdict:
    """The verdict for a packet directory's ``audit.jsonl``."""
    path = Path(root) / AUDIT_FILE
    try:
        size = path.stat().st_size
        if size > MAX_AUDIT_BYTES:
            return ChainVerdict(False, 0, problem=f"审计文件过大（{size} 字节）")
        data = path.read_bytes()
    except FileNotFoundError:
        return ChainVerdict(False, 0, problem="包内没有审计文件 audit.jsonl")
    except OSError as exc:
        return ChainVerdict(False, 0, problem=f"审计文件无法读取（{exc.strerror or exc}）")
    try:
        return verify_chain(data)
    except Exception:  # never let a packet's odd bytes stop it being recorded: flag it instead
        log.exception("audit chain of %s could not be checked", root)
        return ChainVerdict(False, 0, problem="审计链无法核对（核对时出错，见网关日志）")


def verdict_from_json(text: str | None) -> ChainVerdict | None:
    """A stored verdict (``ChainVerdict.summary`` as JSON) back; None when there is none."""
    if not text:
        return None
    return ChainVerdict(**json.loads(text))
