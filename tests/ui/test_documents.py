"""文书领取 walked with touches on the real screens: a kiosk on simulated devices, a real Mosquitto,
a real court gateway and a real IPP printer (private cupsd → ippeveprinter). The litigant asks
for a judgment; the court says it is not generated yet (with the case status), then sends it; it
is previewed page by page, printed double-sided with the paper running out mid-job, signed for on
the pad, and `court-gateway documents` shows it served. Bad input: another person's document, an
expired code, a document changed on disk, a PDF that does not render — nothing shown or printed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kiosk.viewer.samples import sample_pdf
from kiosk.walkthrough import (Walk, documents_answer, documents_by_code, documents_open,
                               documents_preview, documents_print, documents_request,
                               documents_sign_proof, start_with_card)
from tests.ui.journey_rig import court_cli
from tests.ui.test_public_documents import kiosk_with_printer

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CASE = "（2024）豫0102民初1187号"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def print_stack(module_print_stack):
    """This module's own print stack (``tests/fixtures/cups.py``): it counts what was printed."""
    return module_print_stack


def cli(cs, *args):
    done = court_cli(cs, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def send_judgment(walk, cs, ks, running, tmp_path, title: str, pages: int = 1) -> str:
    """``court-gateway documents send`` a sample judgment to the card read, then wait until the
    kiosk has it verified; its document id."""
    import time

    me = walk.kiosk.controller.state.identity
    pdf = tmp_path / f"judgment-{time.monotonic_ns()}.pdf"
    pdf.write_bytes(sample_pdf("judgment", pages=pages))
    out = cli(cs, "documents", "send", str(pdf), "--kiosk", ks.kiosk.kiosk_id, "--for", me.id_number,
              "--name", me.name, "--title", title, "--case-ref", CASE)
    doc_id = re.search(r"^([0-9a-f-]{36})$", out, re.M).group(1)
    walk.wait(lambda: doc_id in {d.doc_id for d in running.sender.docs.documents()}, 60, "the judgment verified")
    return doc_id


def code_in(text: str) -> str:
    return re.search(r"领取验证码(\d{6})", text).group(1)


def test_request_not_generated_then_sent_previewed_printed_and_served(tmp_path, mosquitto, print_stack):
    with kiosk_with_printer(tmp_path, mosquitto.port, print_stack) as (kiosk, ks, cs, running):
        cli(cs, "case", "set", CASE, "--status", "审理中，已于2024年10月8日开庭")
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        documents_open(walk)
        assert "暂时没有" in walk.body.headline and walk.body.who.startswith("张三丰")
        # first request: not generated yet, with the case status, shown and spoken
        pid = documents_request(walk, CASE)
        assert pid in cli(cs, "documents", "requests")
        cli(cs, "documents", "answer", pid, "--not-generated")
        documents_answer(walk, "not_generated", shot="documents-not-generated")
        assert "审理中，已于2024年10月8日开庭" in walk.body.detail
        assert walk.screen.primary.label.text == "完成"
        walk.next()
        walk.wait_screen("home")
        # second request: the court sends the judgment
        documents_open(walk, shot="")
        pid = documents_request(walk, CASE, wait_receipt=120)
        pdf = tmp_path / "judgment.pdf"
        pdf.write_bytes(sample_pdf("judgment", pages=6))
        sent = cli(cs, "documents", "answer", pid, "--send", str(pdf), "--title", "张三与李四民间借贷纠纷一审民事判决书")
        doc_id = re.search(r"document ([0-9a-f-]{36})", sent).group(1)
        documents_answer(walk, "document_sent", shot="documents-sent")
        assert walk.screen.primary.label.text == "领取打印"
        walk.next()
        walk.wait_screen("step.documents")
        assert documents_preview(walk, doc_id) == 6
        before = set(print_stack.printed.glob("*.pdf"))
        print_stack.inject("STATE: +media-empty-error", hold=True, release=("STATE: -media-empty-error",))
        documents_print(walk, copies=2)
        assert walk.body.print_state == "blocked" and "缺纸" in walk.body.print_message
        assert walk.screen.primary.opacity == 0 or walk.screen.primary.inert, "no proof while nothing is printed"
        walk.shot("documents-paper-out", "paper out mid-job: told plainly, the job kept")
        print_stack.release_hold()
        walk.wait(lambda: walk.body.print_state == "done", 120, "the job to finish after the refill")
        walk.shot("documents-printed", "printed: the same job finished once the tray was refilled")
        from tests.fixtures.procs import wait_until

        assert wait_until(lambda: set(print_stack.printed.glob("*.pdf")) - before, timeout=15)
        env = next(iter(set(print_stack.printed.glob("*.pdf")) - before)).with_suffix(".pdf.env")
        if env.exists():
            assert "two-sided" in env.read_text()
        assert "NOT served" in cli(cs, "documents")
        documents_sign_proof(walk)
        listing = cli(cs, "documents")
        assert re.search(rf"{doc_id} .* served .*张三丰", listing), listing
        shown = cli(cs, "documents", "show", doc_id)
        assert "签收人：张三丰" in shown and "2份" in shown and "双面" in shown
        sms = cli(cs, "sms")
        assert "尚未生成" in sms and code_in(sms)
        _keep(walk, "documents")


def test_nothing_shown_or_printed_that_should_not_be(tmp_path, mosquitto, print_stack):
    with kiosk_with_printer(tmp_path, mosquitto.port, print_stack) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        me = kiosk.controller.state.identity
        pdf = tmp_path / "judgment.pdf"
        pdf.write_bytes(sample_pdf("judgment", pages=2))
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)

        def send(path, for_id, name, title, *extra):
            out = cli(cs, "documents", "send", str(path), "--kiosk", ks.kiosk.kiosk_id, "--for", for_id,
                      "--name", name, "--title", title, "--case-ref", CASE, *extra)
            return re.search(r"^([0-9a-f-]{36})$", out, re.M).group(1), code_in(out)

        others, others_code = send(pdf, "410102198506010013", "李四", "李四的判决书")
        expired, expired_code = send(pdf, me.id_number, me.name, "过期的判决书", "--valid-days", "0")
        changed, _ = send(pdf, me.id_number, me.name, "被改动的判决书")
        unreadable, _ = send(broken, me.id_number, me.name, "无法显示的判决书")
        docs = running.sender.docs
        walk.wait(lambda: {d.doc_id for d in docs.documents()} >= {others, expired, changed, unreadable},
                  60, "the four documents verified at the kiosk")
        target = next(Path(d.path) for d in docs.documents() if d.doc_id == changed) / "document.pdf"
        target.write_bytes(target.read_bytes() + b"% changed after it was verified\n")
        before = set(print_stack.printed.glob("*"))
        documents_open(walk, shot="")
        titles = {r.title for r in walk.body.rows}
        assert titles == {"过期的判决书", "无法显示的判决书"}, "李四's and the changed one never listed"
        assert "没有通过法院签名校验" in walk.body.error
        walk.shot("documents-withheld", "a document changed on disk is withheld; another person's is never listed")
        documents_by_code(walk, others_code)
        assert "不是送达给您的" in walk.body.error and "李四的判决书" not in {r.title for r in walk.body.rows}
        walk.shot("documents-not-yours", "another person's code with this card: refused, nothing shown")
        documents_by_code(walk, expired_code)
        assert "已过期" in walk.body.error
        walk.shot("documents-code-expired", "an expired pickup code: refused with the way on")
        documents_preview(walk, unreadable, shots=False)
        walk.wait(lambda: walk.body.status == "failed", 20, "the PDF refused")
        assert not walk.body.can_print and walk.body.current is None and "文书" in walk.body.message
        walk.shot("documents-broken-pdf", "a PDF that does not render: a clear message, nothing to print")
        assert set(print_stack.printed.glob("*")) == before, "nothing printed"
        assert "NOT served" in cli(cs, "documents")
        _keep(walk, "documents-bad")


def _keep(walk: Walk, prefix: str) -> None:
    """The PNGs for the README (docs/screenshots/documents-*.png), when asked for."""
    import os

    if not os.environ.get("KIOSK_SAVE_SHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in walk.shots:
        name = path.name.split("-", 1)[1]
        if name in ("attract.png", "home.png"):
            continue  # the shell's own screenshots already show these
        target = SHOTS / (name if name.startswith("documents") else f"{prefix}-{name}")
        shutil.copy(path, target)
