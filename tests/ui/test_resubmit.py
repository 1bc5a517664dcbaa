"""更正后重新提交 with touches through the real screens, on the simulators, to a real court gateway
over a real Mosquitto and back: the court rejects a filing; My cases shows it with the reason and
where to object; the litigant reopens it pre-filled from the court's copy, keeps the complaint,
rescans the flagged material, signs and submits; ``court-gateway review show`` names the rejected
packet, says the court checked it (same applicant, rejected) and that the kept file's hash matches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.packet_assembly import Material, SessionFiling, _page_pdf, seal_session
from kiosk.walkthrough import Walk, my_cases, resubmit_rejected, start_with_card
from offline_queue import manifest as mf
from tests.transport.helpers import wait_for
from tests.ui.journey_rig import court_cli, kiosk_and_court

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SHOTS = os.environ.get("QUERY_SHOTS")


def journey_filing(identity) -> SessionFiling:
    """A filing as the journey seals it (``rules.packet.form_of``), the second material flagged by
    the §12 screening."""
    own = {"name": {"value": identity.name, "source": "chip"},
           "id_number": {"value": identity.id_number, "source": "chip"}}
    form = {"case_type": {"value": "civil_first", "name": "民事一审"},
            "jurisdiction_court": {"code": "豫0102", "name": "郑州市中原区人民法院"},
            "cooperating_court": {"code": "豫0181"}, "origin_court": None, "case_ref": None,
            "parties": [{"role": "plaintiff", "kind": "person", **own},
                        {"role": "defendant", "kind": "person", "name": {"value": "李四", "source": "ocr",
                                                                          "confidence": 0.93}}],
            "service": {"address": {"value": identity.address, "source": "chip"}, "method": "electronic",
                        "phone": {"value": "13800138000", "source": "typed"}},
            "claims": {"value": "100000", "source": "ocr", "confidence": 0.88}, "journey": "case_filing"}
    return SessionFiling(
        service="case_filing", case_type="civil_first", jurisdiction_court="豫0102", form=form,
        materials=[Material("民事起诉状", _page_pdf("民事起诉状\n原告：张三\n被告：李四"), "民事起诉状", True, 1,
                            doc_type="complaint"),
                   Material("借条", _page_pdf("借条\n今借到"), "借条", False, 1, doc_type="evidence")],
        idcard={"name": identity.name, "id_number": identity.id_number},
        audit_events=[{"at": mf.utc_now(), "event": "journey_started"}],
        extra={"screening.json": {"flags": [{"material": 2, "page": 0, "term": "骗子", "category": "insult"}]}})


def test_a_rejected_filing_corrected_and_resubmitted_supersedes_it_at_the_court(tmp_path, mosquitto):
    with kiosk_and_court(tmp_path, mosquitto.port, kinds=["借条"]) as (kiosk, ks, cs, running):
        walk = Walk(kiosk, Path(SHOTS) if SHOTS else tmp_path / "shots", log=lambda _m: None)
        start_with_card(walk)
        identity = kiosk.controller.state.identity
        rejected = seal_session(ks, journey_filing(identity), outbox=running.outbox)
        assert wait_for(lambda: running.outbox.get(rejected).state == "delivered", 60)
        assert court_cli(cs, "review", "reject", rejected, "--reason", "借条内容含侮辱性言辞，请更正").returncode == 0
        my_cases(walk, shot=False)
        card = next(c for c in walk.body.cards if c.action == "resubmit")
        assert card.action_arg == rejected and any("立案窗口" in line for line in card.lines)
        new_id = resubmit_rejected(walk, rejected, rescan=("k02",))
        dossier = kiosk.controller.state.journey.dossier
        assert dossier.supersedes == rejected
        shown = court_cli(cs, "review", "show", new_id[:13])
        assert shown.returncode == 0, shown.stderr
        out = shown.stdout
        if SHOTS:
            (Path(SHOTS) / "cf-review-show.txt").write_text(out, encoding="utf-8")
        assert f"替代材料包：{rejected}" in out
        assert "更正重交：已核对，同一申请人" in out and "借条内容含侮辱性言辞" in out, out
        assert "沿用原材料：1. 民事起诉状" in out and "哈希一致" in out, out
        assert "！" not in out.split("更正重交")[1].split("\n")[0]
        listed = court_cli(cs, "review", "show", new_id[:13], "--json")
        assert listed.returncode == 0, listed.stderr
        check = json.loads(listed.stdout)["supersedes_check"]
        assert check["problems"] == [] and check["kept"][0]["ok"] and check["kept"][0]["real_pages"] == 1
