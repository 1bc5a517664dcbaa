"""Realistic sample publications made in code (PIL pages → img2pdf): an anonymised civil
judgment, a litigation guide, a blank complaint template, and a long document for the bench.
Nothing here is a real case; names are replaced as the court's publication rules require."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw, ImageFont

DPI = 100
A4 = (827, 1169)  # A4 at 100 dpi
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@dataclass(frozen=True)
class Sample:
    kind: str  # judgment | guide | template
    file_name: str
    title: str
    meta: dict


JUDGMENT = [
    ("center", 34, "河南省郑州市中原区人民法院"),
    ("center", 40, "民 事 判 决 书"),
    ("right", 24, "（2024）豫0102民初1187号"),
    ("left", 22, "原告：张某，男，1968年生，汉族，住河南省郑州市中原区。"),
    ("left", 22, "被告：李某，女，1975年生，汉族，住河南省郑州市二七区。"),
    ("left", 22, "原告张某与被告李某民间借贷纠纷一案，本院于2024年3月5日立案后，依法适用简易程序，"
                 "公开开庭进行了审理。原告张某、被告李某到庭参加诉讼。本案现已审理终结。"),
    ("left", 22, "原告张某向本院提出诉讼请求：1.判令被告偿还借款本金50000元及利息；2.本案诉讼费用由被告承担。"),
    ("left", 22, "本院经审理认定事实如下：2023年6月1日，被告向原告借款50000元，约定于2023年12月31日前归还，"
                 "并出具借条一张。借款到期后，被告未予归还。"),
    ("left", 22, "本院认为，合法的借贷关系受法律保护。被告向原告借款，有借条为证，事实清楚，"
                 "被告应按约定履行还款义务。依照《中华人民共和国民法典》第六百七十五条之规定，判决如下："),
    ("left", 22, "一、被告李某于本判决生效之日起十日内偿还原告张某借款本金50000元及利息；"),
    ("left", 22, "二、案件受理费525元，减半收取计262.5元，由被告李某负担。"),
    ("left", 22, "如不服本判决，可在判决书送达之日起十五日内，向本院递交上诉状，上诉于河南省郑州市中级人民法院。"),
    ("right", 22, "审判员  王某某"),
    ("right", 22, "二〇二四年五月二十日"),
    ("right", 22, "书记员  赵某某"),
]

GUIDE = [
    ("center", 36, "诉讼指南：如何立案"),
    ("left", 24, "一、到哪里立案"),
    ("left", 22, "一般由被告住所地人民法院管辖。可以在本院诉讼服务中心、自助终端办理，"
                 "也可以在就近法院跨域立案。"),
    ("left", 24, "二、需要准备什么"),
    ("left", 22, "1.起诉状（正本一份，按被告人数提交副本）；2.原告身份证明；3.证据材料及证据目录；"
                 "4.委托律师的，提交授权委托书和律师执业证。"),
    ("left", 24, "三、诉讼费用"),
    ("left", 22, "财产案件按诉讼请求金额分段累计交纳，例如不超过1万元的每件交纳50元。"
                 "收到交费通知后七日内交纳，逾期未交按撤诉处理。"),
    ("left", 24, "四、期限"),
    ("left", 22, "法院收到起诉状后七日内决定是否立案；不服一审判决的上诉期为十五日，裁定为十日。"),
    ("left", 24, "五、跨域立案服务"),
    ("left", 22, "当事人可以在任一基层法院或中级法院的诉讼服务中心，向有管辖权的外地法院提交立案材料，"
                 "管辖法院在线审查并答复。"),
]

TEMPLATE = [
    ("center", 40, "民 事 起 诉 状"),
    ("left", 22, "原告：________  性别：____  出生日期：________  民族：____"),
    ("left", 22, "住所：____________________________  联系电话：____________"),
    ("left", 22, "被告：________  性别：____  出生日期：________  民族：____"),
    ("left", 22, "住所：____________________________  联系电话：____________"),
    ("left", 24, "诉讼请求："),
    ("left", 22, "1.____________________________________________"),
    ("left", 22, "2.____________________________________________"),
    ("left", 24, "事实和理由："),
    ("left", 22, "__________________________________________________"),
    ("left", 22, "__________________________________________________"),
    ("left", 22, "此致"),
    ("left", 22, "________人民法院"),
    ("right", 22, "起诉人（签名）：________"),
    ("right", 22, "____年__月__日"),
]


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return lines + ([line] if line else [])


def page_images(blocks, footer: str = "", pages: int = 1) -> list[Image.Image]:
    """``blocks`` laid out on A4 pages (long blocks wrap; ``pages`` repeats the text)."""
    margin = 90
    base = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(base)
    y = margin
    for align, size, text in blocks:
        font = ImageFont.truetype(FONT, size)
        for line in _wrap(draw, text, font, A4[0] - 2 * margin):
            w = draw.textlength(line, font=font)
            x = {"left": margin, "center": (A4[0] - w) / 2, "right": A4[0] - margin - w}[align]
            if y > A4[1] - margin - 40:
                break
            draw.text((x, y), line, font=font, fill=0)
            y += int(size * 1.6)
        y += 6
    small = ImageFont.truetype(FONT, 18)
    out: list[Image.Image] = []
    for number in range(1, pages + 1):
        image = base.copy()
        label = f"{footer}第 {number} 页 共 {pages} 页"
        draw = ImageDraw.Draw(image)
        draw.text(((A4[0] - draw.textlength(label, font=small)) / 2, A4[1] - 60), label,
                  font=small, fill=80)
        out.append(image)
    return out


def to_pdf(images: list[Image.Image]) -> bytes:
    blobs = []
    for image in images:
        buf = io.BytesIO()
        image.save(buf, "PNG", dpi=(DPI, DPI))
        blobs.append(buf.getvalue())
    return img2pdf.convert(blobs)


SAMPLES = (
    Sample("judgment", "judgment-2024-1187.pdf", "张某与李某民间借贷纠纷一审民事判决书",
           {"case_number": "（2024）豫0102民初1187号", "cause": "民间借贷纠纷",
            "court": "豫0102", "year": 2024}),
    Sample("guide", "guide-filing.pdf", "诉讼指南：如何立案", {"topic": "立案"}),
    Sample("template", "template-complaint.pdf", "民事起诉状（样式）", {"topic": "起诉"}),
)
BLOCKS = {"judgment": JUDGMENT, "guide": GUIDE, "template": TEMPLATE}


def sample_pdf(kind: str, pages: int = 2) -> bytes:
    return to_pdf(page_images(BLOCKS[kind], pages=pages))


def write_samples(out_dir: Path) -> list[tuple[Sample, Path]]:
    """The three samples as PDF files in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in SAMPLES:
        path = out_dir / sample.file_name
        path.write_bytes(sample_pdf(sample.kind, pages=3 if sample.kind == "judgment" else 2))
        written.append((sample, path))
    return written


def long_pdf(pages: int = 200) -> bytes:
    """A long judgment-like document (the 200-page bench)."""
    return to_pdf(page_images(JUDGMENT, pages=pages))
