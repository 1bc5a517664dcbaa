"""``bench/fleet.py --quick`` at N=10: its figures come from real receipts. Every receipt it counted
is re-verified here with the court's public key for exactly its kiosk, packet and digest, and the
figures it printed are recomputed from what it measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from offline_queue.crypto import load_public_key
from offline_queue.receipt import verify_receipt
from tests.fixtures.postgres import PG_BIN

pytestmark = [pytest.mark.integration, pytest.mark.slow,
              pytest.mark.skipif(not (PG_BIN / "postgres").exists(), reason="PostgreSQL server not installed")]
BENCH = Path(__file__).resolve().parents[2] / "bench" / "fleet.py"


def test_the_quick_fleet_run_reports_figures_from_verified_receipts(tmp_path):
    out = tmp_path / "fleet.json"
    run = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(out)], capture_output=True,
                         text=True, timeout=170)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(out.read_text())
    court = load_public_key(report["court_pub"].encode())
    results = report["results"]
    assert [(r["kiosks"], r["members"]) for r in results] == [(10, 1), (10, 2)]
    for r in results:
        assert r["filed"] > 0 and r["receipts"] == r["filed"] and r["unfinished"] == 0
        assert r["kiosks_connected"] == 10 and r["connections_held"] >= 10 + r["members"]
        assert len(r["receipts_sample"]) == r["receipts"]
        for rec in r["receipts_sample"]:
            body = verify_receipt(rec["envelope"], court, packet_id=rec["packet_id"], kiosk_id=rec["kiosk"],
                                  packet_digest=rec["digest"])
            assert body["status"] == "received" and body["receiver_id"] in r["by_member"]
        assert len({rec["packet_id"] for rec in r["receipts_sample"]}) == r["receipts"]
        assert sum(r["by_member"].values()) == r["receipts"]
        assert 0 < r["p50_s"] <= r["p99_s"] <= r["max_s"]
        assert r["gateway_cpu_s"] > 0 and r["gateway_ms_per_packet"] == pytest.approx(
            1000 * r["gateway_cpu_s"] / r["receipts"])
        assert r["gateway_ms_per_mb"] == pytest.approx(1000 * r["gateway_cpu_s"] / r["mb"])
        assert 5.0 <= r["mb"] / r["receipts"] <= 8.0  # the sample filings (their scans encrypted since issue 14)
        assert r["broker_rss_mb"] > 1 and r["gateway_rss_mb"] > 10
        assert r["store_commits_per_packet"] >= 1  # at least the record of each packet
        members = r["member_figures"]
        assert len(members) == r["members"] and all(m["batches"] > 0 for m in members)
        assert r["write_commits_per_packet"] >= 1 and r["messages_per_batch"] >= 1
        # one member reads the kiosks' statuses (elected), whatever the member count
        assert sorted(m["statuses_written"] > 0 for m in members) == [False] * (r["members"] - 1) + [True]
        assert f"N=   10 members={r['members']}: {r['receipts']}/{r['filed']} receipts" in run.stdout
    assert "time compressed 10x" in run.stdout and "gain from the second member" in run.stdout
