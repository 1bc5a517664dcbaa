"""Made-up cards for the simulator, the fake and the tests (no real person's data).

Names are the keys accepted by the simulator's ``card`` option and ``kiosk idcard simulate --card``.
"""

from __future__ import annotations

from datetime import date

from stdnum.iso7064 import mod_11_2

from drivers.idcard.card import FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, IdCard


def with_check(first17: str) -> str:
    """Complete a 17-digit body with its MOD 11-2 check character."""
    return first17 + mod_11_2.calc_check_digit(first17)


def _photo(seed: int) -> bytes:
    return bytes((seed * 31 + i * 7) % 256 for i in range(1024))


def _resident(**overrides) -> IdCard:
    fields = dict(
        card_type=RESIDENT, name="张三丰", gender="男", gender_code="1", nation="汉",
        nation_code="01", birth_date=date(1990, 3, 7), address="河南省巩义市新华路18号院3号楼2单元501号",
        id_number=with_check("41018119900307123"), authority="巩义市公安局",
        valid_from=date(2020, 5, 6), valid_to=date(2040, 5, 6), photo_wlt=_photo(1),
    )
    fields.update(overrides)
    return IdCard(**fields)


def sample_cards() -> dict[str, IdCard]:
    """Fresh sample cards by name."""
    return {
        "resident": _resident(new_address="河南省郑州市金水区花园路9号"),
        "resident_no_new_address": _resident(),
        "expired": _resident(name="李秀英", gender="女", gender_code="2", nation="回",
                             nation_code="03", birth_date=date(1985, 11, 23),
                             id_number=with_check("41018119851123002"),
                             valid_from=date(2005, 1, 10), valid_to=date(2025, 1, 10)),
        "long_term": _resident(name="王德福", birth_date=date(1950, 8, 1),
                               id_number=with_check("41018119500801001"), nation="满",
                               nation_code="11", valid_from=date(2010, 9, 1), valid_to=None),
        "bad_number": _resident(name="赵错号", id_number="410181199003071230"),
        "hmt_residence_permit": IdCard(
            card_type=HMT, name="陈美玲", gender="女", gender_code="2",
            birth_date=date(1995, 5, 5), address="广东省深圳市福田区福华路88号",
            id_number=with_check("81000019950505002"), authority="深圳市公安局",
            valid_from=date(2022, 7, 1), valid_to=date(2027, 7, 1), pass_number="H12345678",
            issue_count=2, photo_wlt=_photo(2)),
        "foreign_permanent_2017": IdCard(
            card_type=FOREIGN_2017, name="史密斯", name_en="SMITH, JOHN ALEXANDER",
            gender="男", gender_code="1", birth_date=date(1985, 4, 12),
            id_number="USA118504120017", nationality="USA",
            valid_from=date(2018, 3, 1), valid_to=date(2028, 3, 1), card_version="01",
            issuing_office="1100", photo_wlt=_photo(3)),
        "foreign_permanent_2023": IdCard(
            card_type=FOREIGN_2023, name="玛丽亚", name_en="GARCIA LOPEZ, MARIA DE LOS ANGELES",
            gender="女", gender_code="2", birth_date=date(1988, 9, 30),
            id_number=with_check("91172419880930002"), nationality="ESP",
            valid_from=date(2023, 12, 1), valid_to=date(2033, 12, 1), renewal_count=0,
            photo_wlt=_photo(4)),
    }


CARD_NAMES = ("resident", "resident_no_new_address", "expired", "long_term", "bad_number",
              "hmt_residence_permit", "foreign_permanent_2017", "foreign_permanent_2023")
