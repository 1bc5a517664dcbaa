"""The ID card codec from byte tables: frames, checksums, stream decoding, the four text blocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.errors import DeviceError, NoMedium, ProtocolError
from drivers.idcard import codec
from drivers.idcard.card import (FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, encode_text,
                                 parse_text)
from drivers.idcard.idnumber import (foreign_2017_number_valid, nation_name,
                                     resident_number_valid)
from drivers.idcard.samples import sample_cards
from drivers.idcard.sim import read_answer

pytestmark = pytest.mark.unit

# The whole frames from the protocol notes.
COMMAND_TABLE = [
    (codec.RESET_SAM, "AA AA AA 96 69 00 03 10 FF EC"),
    (codec.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
    (codec.SAM_ID, "AA AA AA 96 69 00 03 12 FF EE"),
    (codec.FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),
    (codec.SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),
    (codec.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
    (codec.READ_WITH_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),
    (codec.READ_NEW_ADDRESS, "AA AA AA 96 69 00 03 30 03 30"),
]


@pytest.mark.parametrize("cmd,hexframe", COMMAND_TABLE)
def test_command_frames_match_the_protocol_table(cmd, hexframe):
    assert codec.command(cmd) == bytes.fromhex(hexframe)


def test_fixed_responses_match_the_protocol_table():
    assert codec.response(0x80) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    assert codec.response(0x9F, bytes(4)) == bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    assert codec.response(0x90, bytes(8)) == bytes.fromhex("AAAAAA9669000C000090") + bytes(8) + b"\x9c"
    assert codec.response(0x41) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 41 45")


def test_read_answer_has_the_documented_layout():
    frame = read_answer(sample_cards()["resident"])
    assert len(frame) == 1295
    assert frame[:10] == bytes.fromhex("AA AA AA 96 69 05 08 00 00 90")
    assert frame[10:14] == bytes.fromhex("01 00 04 00")
    assert parse_text(frame[14:270]).name == "张三丰"


def test_decoder_skips_stray_bytes_and_reassembles_split_reads():
    wire = b"\x00\xAA\x13\xAA\xAA" + codec.response(0x9F, bytes(4)) + codec.response(0x80)
    decoder = codec.FrameDecoder()
    frames = []
    for i in range(len(wire)):  # one byte per read: the worst split
        decoder.feed(wire[i:i + 1])
        while (frame := decoder.next_frame()) is not None:
            frames.append(frame.sw3)
    assert frames == [0x9F, 0x80]
    assert decoder.skipped == 5


def test_decoder_resyncs_after_a_false_preamble_with_an_impossible_length():
    wire = codec.PREAMBLE + b"\xFF\xFF" + codec.response(0x90)
    assert [f.sw3 for f in codec.decode_all(wire)] == [0x90]


def test_bad_checksum_is_reported_and_the_next_frame_still_decodes():
    bad = bytearray(codec.response(0x90))
    bad[-1] ^= 1
    decoder = codec.FrameDecoder()
    decoder.feed(bytes(bad) + codec.response(0x80))
    with pytest.raises(codec.ChecksumError):
        decoder.next_frame()
    assert decoder.next_frame().sw3 == 0x80


@pytest.mark.parametrize("sw3,error,code", [
    (0x80, NoMedium, "idcard.no_card"),
    (0x60, DeviceError, "idcard.sam_fault"),
    (0x41, ProtocolError, "idcard.read_failed"),
    (0x40, ProtocolError, "idcard.unknown_card"),
    (0x24, ProtocolError, "device.protocol"),
])
def test_status_codes_become_typed_errors(sw3, error, code):
    exc = codec.status_error(sw3, "read")
    assert isinstance(exc, error) and exc.code == code and f"{sw3:02X}" in str(exc)


@pytest.mark.parametrize("name,kind", [("resident", RESIDENT), ("hmt_residence_permit", HMT),
                                       ("foreign_permanent_2017", FOREIGN_2017),
                                       ("foreign_permanent_2023", FOREIGN_2023)])
def test_each_card_type_round_trips_through_its_text_block(name, kind):
    card = sample_cards()[name]
    parsed = parse_text(encode_text(card), card.photo_wlt)
    assert parsed.card_type == kind
    assert parsed == replace(card, new_address=None)
    assert parsed.id_number_valid


def test_resident_fields_and_json():
    data = sample_cards()["resident"].to_json(today=date(2026, 1, 1))
    assert data["gender"] == "男" and data["nation"] == "汉"
    assert data["birth_date"] == "1990-03-07" and data["valid_to"] == "2040-05-06"
    assert data["expired"] is False and data["id_number_valid"] is True
    assert data["name_en"] is None and data["nationality"] is None


def test_long_term_card_has_no_expiry_and_expired_card_is_flagged():
    cards = sample_cards()
    long_term = parse_text(encode_text(cards["long_term"]))
    assert long_term.valid_to is None and not long_term.expired(date(2099, 1, 1))
    assert "长期".encode("utf-16-le") in encode_text(cards["long_term"])
    assert cards["expired"].expired(date(2025, 1, 11))
    assert not cards["expired"].expired(date(2025, 1, 10))  # valid through its last day


def test_foreign_2023_english_name_spans_two_fields():
    card = sample_cards()["foreign_permanent_2023"]
    long_name = replace(card, name_en="A" * 35 + "B" * 11)
    assert parse_text(encode_text(long_name)).name_en == "A" * 35 + "B" * 11


def test_unknown_card_type_is_rejected():
    block = bytearray(encode_text(sample_cards()["resident"]))
    block[248:250] = "Z".encode("utf-16-le")
    with pytest.raises(ProtocolError) as info:
        parse_text(bytes(block))
    assert info.value.code == "idcard.unknown_card"


def test_malformed_utf16_and_bad_dates_are_protocol_errors():
    block = bytearray(encode_text(sample_cards()["resident"]))
    block[0:2] = b"\x00\xD8"  # an unpaired surrogate
    with pytest.raises(ProtocolError):
        parse_text(bytes(block))
    block = bytearray(encode_text(sample_cards()["resident"]))
    block[204:220] = "2040XX06".encode("utf-16-le")
    with pytest.raises(ProtocolError, match="valid-to"):
        parse_text(bytes(block))


@pytest.mark.parametrize("number,birth,ok", [
    ("11010519491231002X", date(1949, 12, 31), True),
    ("110105194912310021", None, False),           # check character
    ("11010519491331002X", None, False),            # month 13 (and check)
    ("990105199001010019", None, False),            # unknown region
    ("1101051949123100", None, False),              # too short
    ("11010519491231002X", date(1950, 1, 1), False),  # birth date differs from the card
])
def test_resident_number_checks(number, birth, ok):
    assert resident_number_valid(number, birth) is ok


def test_bad_number_sample_fails_only_the_check_digit():
    card = sample_cards()["bad_number"]
    assert not card.id_number_valid
    assert resident_number_valid(card.id_number[:17] + "6")


def test_2017_number_structure():
    assert foreign_2017_number_valid("USA118504120017", "USA", date(1985, 4, 12))
    assert not foreign_2017_number_valid("USA118504120017", "GBR")
    assert not foreign_2017_number_valid("US1118504120017")


def test_nation_and_gender_names():
    assert nation_name("01") == "汉" and nation_name("56") == "基诺" and nation_name("98") == "外国血统中国籍人士"
    assert nation_name("") is None and nation_name("77") is None
    card = replace(sample_cards()["resident"], gender_code="9")
    assert parse_text(encode_text(card)).gender == "未说明"


def _card_from_stream(data: bytes):
    """What the adapter does with one answer: decode a frame, split it, parse the card."""
    frames = codec.decode_all(data)
    if not frames:
        raise ProtocolError("no frame")
    frame = frames[0]
    if frame.sw3 != codec.SW_SUCCESS:
        raise codec.status_error(frame.sw3, "read")
    parts = codec.split_read_payload(frame.payload)
    return parse_text(parts.text, parts.photo)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1400))
def test_fuzz_any_byte_stream_gives_a_card_or_a_typed_error(data):
    try:
        card = _card_from_stream(data)
    except DeviceError as exc:
        assert exc.code.startswith(("device.", "idcard."))
        return
    assert card.card_type in {RESIDENT, HMT, FOREIGN_2017, FOREIGN_2023}


@settings(max_examples=300, deadline=None)
@given(text=st.binary(min_size=256, max_size=256), prefix=st.binary(max_size=20),
       photo=st.binary(max_size=1024))
def test_fuzz_framed_random_text_blocks(text, prefix, photo):
    payload = (256).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
    try:
        card = _card_from_stream(prefix + codec.response(0x90, payload))
    except DeviceError:
        return
    assert card.card_type in (RESIDENT, HMT, FOREIGN_2017, FOREIGN_2023)
    card.to_json()  # every parsed card serialises


@settings(max_examples=100, deadline=None)
@given(name=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=15),
       cut=st.integers(min_value=1, max_value=1294))
def test_fuzz_valid_frames_split_anywhere(name, cut):
    card = replace(sample_cards()["resident"], name=name)
    wire = read_answer(card)
    decoder = codec.FrameDecoder()
    decoder.feed(wire[:cut])
    first = decoder.next_frame()
    decoder.feed(wire[cut:])
    frame = first or decoder.next_frame()
    assert parse_text(codec.split_read_payload(frame.payload).text).name == name


def test_noise_that_looks_like_a_frame_header_does_not_hide_the_real_frame():
    wire = codec.PREAMBLE + b"\x00\x10" + b"\x01\x02" + codec.response(0x9F, bytes(4))
    assert [f.sw3 for f in codec.decode_all(wire)] == [0x9F]


@pytest.mark.parametrize("cmd,frame,ok", [
    (codec.FIND_CARD, codec.response(0x9F, bytes(4)), True),
    (codec.SELECT_CARD, codec.response(0x9F, bytes(4)), False),   # a late "found"
    (codec.FIND_CARD, read_answer(sample_cards()["resident"]), False),  # a late read answer
    (codec.READ_TEXT_PHOTO, read_answer(sample_cards()["resident"]), True),
    (codec.READ_TEXT_PHOTO, codec.response(0x90, bytes(8)), False),  # a late "selected"
    (codec.SAM_ID, codec.response(0x41), True),
])
def test_plausible_answers(cmd, frame, ok):
    assert codec.plausible(cmd, codec.decode_all(frame)[0]) is ok


class ScriptedPort:
    """A serial port whose reader answers with whatever bytes the test scripted."""

    def __init__(self, chunks):
        self.chunks = list(chunks)
        self.baudrate = 115200

    def read(self, n):
        return self.chunks.pop(0) if self.chunks else b""

    @property
    def in_waiting(self):
        return len(self.chunks[0]) if self.chunks else 0

    def write(self, data):
        return len(data)

    def reset_input_buffer(self):
        pass

    def close(self):
        pass


_answers = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([codec.response(0x9F, bytes(4)), codec.response(0x90, bytes(8)),
                     codec.response(0x90), codec.response(0x80), codec.response(0x41),
                     read_answer(sample_cards()["resident"])]),
    st.builds(lambda b: codec.response(0x90, b), st.binary(max_size=1400)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_answers, max_size=8))
def test_fuzz_the_adapter_on_any_reader_answers(chunks):
    from drivers.idcard.reader import SerialIdCardReader

    port = ScriptedPort([codec.response(0x90)] + chunks)  # the probe succeeds, then anything
    reader = SerialIdCardReader("scripted://", serial_factory=lambda *a, **k: port,
                                command_timeout=0.005, read_timeout=0.005, probe_timeout=0.005)
    try:
        card = reader.read_once()
    except DeviceError:
        return
    assert card is None or card.card_type in (RESIDENT, HMT, FOREIGN_2017, FOREIGN_2023)
