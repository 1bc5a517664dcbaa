"""The vendor WLT decoder hook, through ctypes, against a stand-in library compiled for the test."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from drivers.errors import DeviceUnavailable, ProtocolError
from drivers.idcard.samples import sample_cards
from drivers.idcard.wlt import BMP_SIZE, WltDecoder

pytestmark = pytest.mark.unit

# Same signature as the vendors' libwlt: int unpack(char *wlt, char *bmp, int flag); 1 = success.
STAND_IN = r"""
int unpack(char *wlt, char *bmp, int flag) {
    if (flag != 602) return -1;
    bmp[0] = 'B'; bmp[1] = 'M';
    for (int i = 0; i < 1024; i++) bmp[54 + i] = wlt[i];
    return 1;
}
"""


@pytest.fixture(scope="module")
def vendor_lib(tmp_path_factory):
    if not shutil.which("gcc"):
        pytest.skip("gcc not installed")
    d = tmp_path_factory.mktemp("wlt")
    (d / "wlt.c").write_text(STAND_IN)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(d / "libwlt.so"), str(d / "wlt.c")], check=True)
    return d / "libwlt.so"


def test_photo_is_decoded_through_the_vendor_library(vendor_lib):
    wlt = sample_cards()["resident"].photo_wlt
    bmp = WltDecoder(vendor_lib).to_bmp(wlt)
    assert len(bmp) == BMP_SIZE and bmp[:2] == b"BM" and bmp[54:54 + 1024] == wlt


def test_wrong_size_photo_and_failing_library_are_protocol_errors(vendor_lib):
    with pytest.raises(ProtocolError):
        WltDecoder(vendor_lib).to_bmp(b"short")
    with pytest.raises(ProtocolError, match="returned -1"):
        WltDecoder(vendor_lib, flag=1).to_bmp(bytes(1024))


def test_missing_library_is_unavailable(tmp_path):
    with pytest.raises(DeviceUnavailable) as info:
        WltDecoder(tmp_path / "libnone.so")
    assert info.value.code == "idcard.wlt_missing"


def test_reader_adds_the_bmp_when_a_decoder_is_configured(vendor_lib, tmp_path):
    from drivers.idcard.reader import SerialIdCardReader
    from drivers.idcard.sim import IdCardSimulator

    with IdCardSimulator("resident") as sim:
        with SerialIdCardReader(sim.path, wlt_library=str(vendor_lib)) as reader:
            card = reader.read_card(1)
        assert card.photo_bmp[:2] == b"BM"
        sim.place("resident")
        with SerialIdCardReader(sim.path, wlt_library=str(tmp_path / "missing.so")) as reader:
            card = reader.read_card(1)  # no decoder: still read, raw photo kept
        assert card.photo_bmp == b"" and len(card.photo_wlt) == 1024
