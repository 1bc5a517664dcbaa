"""``kiosk idcard read --json`` as a subprocess against simulated readers on ptys."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from drivers.idcard.sim import IdCardSimulator

pytestmark = pytest.mark.integration

KIOSK = [sys.executable, "-m", "kiosk.cli.main"]
KEYS = {"card_type", "name", "name_en", "gender", "nation", "birth_date", "address", "new_address",
        "id_number", "card_number", "authority", "valid_from", "valid_to", "expired",
        "id_number_valid", "pass_number", "issue_count", "nationality"}


def read_json(port: str, *extra: str, timeout: str = "2") -> subprocess.CompletedProcess:
    return subprocess.run([*KIOSK, "idcard", "read", "--port", port, "--timeout", timeout, "--json",
                           *extra], capture_output=True, text=True, timeout=30)


def one_object(proc) -> dict:
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == KEYS
    return data


EXPECTED = {
    "resident": dict(card_type="resident", name="张三丰", gender="男", nation="汉",
                     birth_date="1990-03-07", id_number="410181199003071236",
                     new_address="河南省郑州市金水区花园路9号", authority="巩义市公安局",
                     valid_from="2020-05-06", valid_to="2040-05-06", expired=False,
                     id_number_valid=True, name_en=None, nationality=None),
    "hmt_residence_permit": dict(card_type="hmt_residence_permit", name="陈美玲", gender="女",
                                 nation=None, id_number="810000199505050022",
                                 pass_number="H12345678", issue_count=2, id_number_valid=True),
    "foreign_permanent_2017": dict(card_type="foreign_permanent_2017", name="史密斯",
                                   name_en="SMITH, JOHN ALEXANDER", card_number="USA118504120017",
                                   nationality="USA", birth_date="1985-04-12", nation=None,
                                   address=None, id_number_valid=True),
    "foreign_permanent_2023": dict(card_type="foreign_permanent_2023", name="玛丽亚",
                                   name_en="GARCIA LOPEZ, MARIA DE LOS ANGELES",
                                   id_number="911724198809300026", nationality="ESP", gender="女",
                                   id_number_valid=True),
    "expired": dict(name="李秀英", nation="回", valid_to="2025-01-10", expired=True),
    "long_term": dict(name="王德福", nation="满", valid_to=None, expired=False),
    "bad_number": dict(name="赵错号", id_number="410181199003071230", id_number_valid=False),
}


@pytest.mark.parametrize("faults", [[], ["stray_bytes", "split_writes", "bad_checksum"]],
                         ids=["clean", "line-faults"])
@pytest.mark.parametrize("card", list(EXPECTED))
def test_read_prints_one_correct_object(card, faults):
    with IdCardSimulator(card, faults=faults, seed=3) as sim:
        data = one_object(read_json(sim.path))
    for key, value in EXPECTED[card].items():
        assert data[key] == value, key
    if data["valid_to"] is not None:
        assert data["expired"] is (date.fromisoformat(data["valid_to"]) < date.today())


def test_against_a_pty_made_by_another_process(tmp_path):
    sim = subprocess.Popen([*KIOSK, "idcard", "simulate", "--card", "foreign_permanent_2023",
                            "--fault", "split_writes", "--fault", "bad_checksum"],
                           stdout=subprocess.PIPE, text=True)
    try:
        path = sim.stdout.readline().strip()
        assert path.startswith("/dev/pts/")
        assert one_object(read_json(path))["nationality"] == "ESP"
    finally:
        sim.terminate()
        sim.wait(5)
    assert sim.returncode == 0


def test_no_card_is_a_one_line_message_and_exit_3():
    with IdCardSimulator(None) as sim:
        proc = read_json(sim.path, timeout="0.3")
    assert proc.returncode == 3 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "no ID card" in proc.stderr


def test_sam_failure_is_a_reader_fault_exit_4():
    with IdCardSimulator("resident", faults=["sam_failure"]) as sim:
        proc = read_json(sim.path)
    assert proc.returncode == 4 and "SAM" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_silent_reader_and_missing_port_exit_4():
    with IdCardSimulator("resident", faults=["silent"]) as sim:
        proc = read_json(sim.path)
    assert proc.returncode == 4 and "no reader answers" in proc.stderr
    proc = read_json("/dev/ttyNOPE")
    assert proc.returncode == 4 and len(proc.stderr.strip().splitlines()) == 1


def test_card_pulled_mid_read_exit_5():
    with IdCardSimulator("resident", faults=["remove_mid_read"]) as sim:
        proc = read_json(sim.path)
    assert proc.returncode == 5 and "read failed" in proc.stderr


def test_simulate_rejects_an_unknown_card():
    proc = subprocess.run([*KIOSK, "idcard", "simulate", "--card", "passport"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "unknown card" in proc.stderr
