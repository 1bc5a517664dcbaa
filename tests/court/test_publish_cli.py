"""``court-gateway publish | withdraw | publications``: bad input is refused with a reason and
changes nothing; a publication with no kiosk enrolled is kept for the next one."""

from __future__ import annotations

from kiosk.viewer.samples import sample_pdf
from tests.transport.helpers import court_settings
from tests.ui.journey_rig import court_cli


def test_publish_list_withdraw_and_refusals(tmp_path):
    cs = court_settings(tmp_path / "court", 1)  # no broker: nothing can be sent now
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(sample_pdf("guide", pages=1))
    bad = court_cli(cs, "publish", "judgment", str(pdf), "--title", "判决书", "--case-number", "1187号")
    assert bad.returncode == 2 and "is not like" in bad.stderr
    missing = court_cli(cs, "publish", "guide", str(tmp_path / "none.pdf"), "--title", "x")
    assert missing.returncode == 2 and "cannot be read" in missing.stderr
    ok = court_cli(cs, "publish", "guide", str(pdf), "--title", "诉讼指南：诉讼费用", "--date", "2024-02-01")
    assert ok.returncode == 0, ok.stderr
    assert "no enrolled kiosk yet" in ok.stdout
    item = ok.stdout.split()[1].rstrip(":")
    listing = court_cli(cs, "publications")
    assert "catalogue version 1" in listing.stdout and item in listing.stdout and "2024-02-01" in listing.stdout
    assert court_cli(cs, "withdraw", "nosuch").returncode == 2
    gone = court_cli(cs, "withdraw", item)
    assert gone.returncode == 0 and "withdrawn" in gone.stdout
    listing = court_cli(cs, "publications")
    assert "catalogue version 2" in listing.stdout and item not in listing.stdout
