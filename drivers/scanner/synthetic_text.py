"""Realistic Chinese court filings written from a seed, with the ground truth of every field.

The texts follow the forms litigants actually bring (民事起诉状, 上诉状, 借条, 证据目录, ...):
parties with roles, ID numbers with valid check digits, 统一社会信用代码, phones, case numbers,
amounts in Arabic and capital numerals, 此致 … 人民法院, dates. Used by the scanner simulator (demo),
the tests and the benchmark, so it lives in drivers (no kiosk import) and is deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from stdnum.cn import ric, uscc

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海波东林鹏飞宇浩凯文斌"
REGIONS = ("410181", "410102", "410105", "410122", "411402", "411403", "410184")
ROADS = ("新华路", "人民路", "杜甫路", "嵩山路", "建设路", "紫荆路", "伏羲路", "陇海路", "花园路", "文化路")
TOWNS = ("巩义市", "郑州市金水区", "郑州市中原区", "商丘市梁园区", "新密市", "荥阳市")
FIRM_WORDS = ("恒达", "鑫源", "宏图", "中原", "金城", "华晟", "永盛", "嵩岳", "豫通", "博远")
FIRM_TRADES = ("商贸", "建筑工程", "物流", "科技", "实业", "房地产开发", "机械制造", "农业发展")
COURTS_BASIC = ("巩义市人民法院", "郑州市金水区人民法院", "商丘市梁园区人民法院", "荥阳市人民法院")
COURTS_MID = ("郑州市中级人民法院", "商丘市中级人民法院")
CODES = {"巩义市人民法院": "豫0181", "郑州市金水区人民法院": "豫0105",
         "商丘市梁园区人民法院": "豫1402", "荥阳市人民法院": "豫0182"}
AGENCIES = ("自然资源局", "人力资源和社会保障局", "市场监督管理局", "住房和城乡建设局")
DIGITS = "零壹贰叁肆伍陆柒捌玖"


def to_capital(amount: int) -> str:
    """200000 -> 贰拾万元整; the way amounts are written out on Chinese legal documents."""
    if amount == 0:
        return "零元整"
    units = ("", "拾", "佰", "仟")

    def group(n: int) -> str:
        out, zero = "", False
        for pos in range(3, -1, -1):
            d = n // 10**pos % 10
            if d:
                if zero and out:
                    out += "零"
                out += DIGITS[d] + units[pos]
                zero = False
            else:
                zero = True
        return out

    text, need_zero = "", False
    for value, name in ((amount // 10**8, "亿"), (amount // 10**4 % 10**4, "万"), (amount % 10**4, "")):
        if value:
            if text and (need_zero or value < 1000):
                text += "零"
            text += group(value) + name
            need_zero = False
        elif text:
            need_zero = True
    return text + "元整"


@dataclass(frozen=True)
class Party:
    role: str
    name: str
    kind: str  # "person" or "org"
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    description: str = ""


@dataclass
class Filing:
    """A filing's text (paragraphs; the renderer wraps them) and the truth of every field."""

    doc_type: str
    paragraphs: list[tuple[str, str]]  # (style, text): style in title/body/right/plain
    parties: list[Party] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)
    credit_codes: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    amounts: list[int] = field(default_factory=list)
    court: str = ""
    dates: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def id_number(self, male: bool) -> tuple[str, str]:
        year = self.rng.randint(1950, 2000)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        seq = self.rng.randint(0, 99) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        body = f"{self.rng.choice(REGIONS)}{year:04d}{month:02d}{day:02d}{seq:03d}"
        return body + ric.calc_check_digit(body + "0"), f"{year}年{month}月{day}日"

    def credit_code(self, prefix: str = "9141") -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = prefix + "".join(self.rng.choice("0123456789") for _ in range(4))
        body += "".join(self.rng.choice(alphabet) for _ in range(9))
        return body + uscc.calc_check_digit(body)

    def phone(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def address(self) -> str:
        return f"河南省{self.rng.choice(TOWNS)}{self.rng.choice(ROADS)}{self.rng.randint(1, 300)}号"

    def date(self, year: int | None = None) -> tuple[str, str]:
        y = year or self.rng.randint(2019, 2024)
        m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return f"{y}年{m}月{d}日", f"{y:04d}-{m:02d}-{d:02d}"

    def amount(self) -> int:
        return self.rng.choice((1, 2, 3, 5, 8, 12, 15, 20, 35, 50)) * self.rng.choice((1000, 10000)) + \
            self.rng.choice((0, 0, 500, 3000))

    def case_number(self, court: str, kind: str) -> str:
        year = self.rng.randint(2019, 2024)
        code = CODES.get(court, "豫01")
        return f"（{year}）{code}{kind}{self.rng.randint(1, 9999)}号"

    def person(self, role: str, f: Filing) -> Party:
        male = self.rng.random() < 0.5
        name = self.name()
        number, birth = self.id_number(male)
        phone = self.phone()
        desc = (f"{role}：{name}，{'男' if male else '女'}，{birth}出生，汉族，住{self.address()}，"
                f"公民身份号码{number}，联系电话{phone}。")
        f.id_numbers.append(number)
        f.phones.append(phone)
        return Party(role, name, "person", id_number=number, phone=phone, description=desc)

    def org(self, role: str, f: Filing, agency: bool = False) -> Party:
        town = self.rng.choice(TOWNS)[:3]
        if agency:
            name = town + self.rng.choice(AGENCIES)
            code = self.credit_code("1141")
        else:
            name = f"{town}{self.rng.choice(FIRM_WORDS)}{self.rng.choice(FIRM_TRADES)}有限公司"
            code = self.credit_code()
        desc = f"{role}：{name}，住所地{self.address()}，统一社会信用代码{code}。"
        f.credit_codes.append(code)
        return Party(role, name, "org", credit_code=code, description=desc)

    def party(self, role: str, f: Filing, org_chance: float = 0.35, agency: bool = False) -> Party:
        if agency or self.rng.random() < org_chance:
            p = self.org(role, f, agency)
        else:
            p = self.person(role, f)
        f.parties.append(p)
        f.paragraphs.append(("body", p.description))
        if p.kind == "org":
            f.paragraphs.append(("body", f"法定代表人：{self.name()}，总经理。"))
        return p

    def money(self, f: Filing) -> tuple[int, str]:
        value = self.amount()
        f.amounts.append(value)
        return value, to_capital(value)

    def closing(self, f: Filing, court: str, signer: str) -> None:
        text, iso = self.date()
        f.court = court
        f.dates.append(iso)
        f.paragraphs += [("plain", "此致"), ("plain", court), ("right", f"具状人：{signer}"), ("right", text)]


def _complaint(w: _Writer, f: Filing, admin: bool = False) -> None:
    court = w.rng.choice(COURTS_BASIC)
    plaintiff = w.party("原告", f, org_chance=0.1)
    w.party("被告", f, agency=admin)
    value, capital = w.money(f)
    when, iso = w.date()
    f.dates.append(iso)
    f.paragraphs += [
        ("plain", "诉讼请求："),
        ("body", f"1.判令被告{'赔偿原告经济损失' if admin else '偿还原告借款'}人民币{value}元（大写：{capital}）；"),
        ("body", "2.本案诉讼费用由被告承担。"),
        ("plain", "事实与理由："),
        ("body", f"{when}，被告因经营需要向原告借款{value}元，约定一年内归还。借款到期后，"
                 f"经原告多次催要，被告至今未还。为维护原告的合法权益，特诉至贵院，望判如所请。"),
    ]
    w.closing(f, court, plaintiff.name)


def _appeal(w: _Writer, f: Filing) -> None:
    first = w.rng.choice(COURTS_BASIC)
    case = w.case_number(first, "民初")
    f.case_numbers.append(case)
    appellant = w.party("上诉人", f, org_chance=0.2)
    w.party("被上诉人", f)
    value, capital = w.money(f)
    f.paragraphs += [
        ("body", f"上诉人因与被上诉人民间借贷纠纷一案，不服{first}{case}民事判决，现提出上诉。"),
        ("plain", "上诉请求："),
        ("body", f"1.撤销原判，改判上诉人无需支付{value}元（大写：{capital}）；"),
        ("body", "2.一、二审诉讼费用由被上诉人承担。"),
        ("plain", "上诉理由："),
        ("body", "原审判决认定事实不清，适用法律错误，请求二审法院依法改判。"),
    ]
    w.closing(f, w.rng.choice(COURTS_MID), appellant.name)


def _iou(w: _Writer, f: Filing) -> None:
    lender, borrower = w.name(), w.person("借款人", Filing("", []))
    value, capital = w.money(f)
    due, due_iso = w.date(2025)
    when, iso = w.date()
    f.parties += [Party("出借人", lender, "person"), borrower]
    f.id_numbers.append(borrower.id_number)
    f.phones.append(borrower.phone)
    f.dates += [due_iso, iso]
    f.paragraphs += [
        ("body", f"今借到{lender}人民币{capital}（¥{value}.00），用于资金周转，"
                 f"约定于{due}前一次性归还，逾期按年利率百分之六支付利息。"),
        ("right", f"借款人：{borrower.name}"),
        ("right", f"身份证号：{borrower.id_number}"),
        ("right", f"联系电话：{borrower.phone}"),
        ("right", when),
    ]


def _evidence_list(w: _Writer, f: Filing) -> None:
    court = w.rng.choice(COURTS_BASIC)
    case = w.case_number(court, "民初")
    f.case_numbers.append(case)
    submitter = w.party("原告", f, org_chance=0.0)
    value, _ = w.money(f)
    f.paragraphs += [
        ("body", f"案号：{case}"),
        ("body", f"1.借条一份，证明被告向原告借款{value}元的事实，共1页。"),
        ("body", "2.银行转账凭证一份，证明原告已实际交付借款，共2页。"),
        ("body", "3.微信聊天记录截图，证明原告多次催要借款，共5页。"),
    ]
    w.closing(f, court, submitter.name)


def _preservation(w: _Writer, f: Filing) -> None:
    court = w.rng.choice(COURTS_BASIC)
    case = w.case_number(court, "民初")
    f.case_numbers.append(case)
    applicant = w.party("申请人", f, org_chance=0.2)
    w.party("被申请人", f)
    value, capital = w.money(f)
    f.paragraphs += [
        ("plain", "请求事项："),
        ("body", f"请求依法冻结被申请人名下银行存款人民币{value}元（大写：{capital}），"
                 f"或查封、扣押其相应价值的其他财产。"),
        ("plain", "事实与理由："),
        ("body", f"申请人与被申请人借款合同纠纷一案，贵院已立案受理，案号为{case}。"
                 f"为防止被申请人转移财产，特提出申请，申请人愿意提供相应担保。"),
    ]
    w.closing(f, court, applicant.name)


def _defence(w: _Writer, f: Filing) -> None:
    court = w.rng.choice(COURTS_BASIC)
    case = w.case_number(court, "民初")
    f.case_numbers.append(case)
    respondent = w.party("答辩人", f, org_chance=0.3)
    f.paragraphs += [
        ("body", f"答辩人就原告诉答辩人民间借贷纠纷一案（案号{case}），提出答辩意见如下："),
        ("body", "原告主张的借款事实不存在，双方之间系合伙投资关系，请求依法驳回原告的诉讼请求。"),
    ]
    w.closing(f, court, respondent.name)


def _bank_receipt(w: _Writer, f: Filing) -> None:
    """A bank's transfer receipt (网上缴费's proof, rules §9): payer, the court's fee account, amount."""
    payer = w.name()
    value, capital = w.money(f)
    when, iso = w.date(2025)
    f.dates.append(iso)
    f.paragraphs += [
        ("body", f"付款人：{payer}　付款账号：6217 0021 {w.rng.randint(1000, 9999)} {w.rng.randint(1000, 9999)}"),
        ("body", "收款人：巩义市人民法院诉讼费专户　收款账号：4100 1555 0100 5020 0001"),
        ("body", "收款行：中国建设银行巩义市支行"),
        ("body", f"金额：人民币{capital}（¥{value}.00）　用途：诉讼费"),
        ("body", f"交易时间：{when}　交易状态：成功"),
        ("right", "中国建设银行电子回单专用章"),
    ]


KINDS = {
    "民事起诉状": _complaint,
    "银行回单": _bank_receipt,
    "行政起诉状": lambda w, f: _complaint(w, f, admin=True),
    "民事上诉状": _appeal,
    "借条": _iou,
    "证据目录": _evidence_list,
    "财产保全申请书": _preservation,
    "答辩状": _defence,
}


def make_filing(seed: int, kind: str | None = None) -> Filing:
    """The filing of ``kind`` (or one picked by the seed) written from ``seed``; same seed, same text."""
    rng = random.Random(seed)
    kind = kind or rng.choice(sorted(KINDS))
    title = "借  条" if kind == "借条" else kind
    filing = Filing(kind, [("title", title)])
    KINDS[kind](_Writer(rng), filing)
    return filing
