"""The transcript handlers on a real outbox and downlink inbox (SQLite on disk, signed documents):
only transcripts addressed to the card's holder that verify now are offered — not one for another
person, not a forged one, not one changed on disk after it verified, not one already answered —
and the signature is stamped onto a PDF that still opens, with an empty signature refused."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from kiosk.bootstrap import settings_for_tests
from kiosk.effects.transcripts import mark_answered, stamp_transcript, transcripts_for
from kiosk.flows.video import StampFailed, StampTranscript, TranscriptAnswered, TranscriptStamped
from offline_queue.canonical import b64e, canonical, sha256_hex
from offline_queue.crypto import generate_key
from offline_queue.document import build_document, recipient_tag
from offline_queue.downlink import DocumentInbox
from offline_queue.service import open_outbox

ME, OTHER = "41018119900307123X", "410181198511231220"


def pdf_bytes(pages: int = 1) -> bytes:
    import img2pdf
    from PIL import Image, ImageDraw

    out = []
    for n in range(pages):
        page = Image.new("L", (620, 877), 255)
        ImageDraw.Draw(page).text((60, 60), f"transcript page {n + 1}", fill=0)
        buf = io.BytesIO()
        page.save(buf, format="PNG")
        out.append(buf.getvalue())
    return img2pdf.convert(out)


def deliver(inbox, key, who: str, title: str, data: bytes):
    doc = build_document(key, kiosk_id="kiosk-dev-001", kind="transcript", title=title, court="豫0102",
                         files=[("transcript.pdf", data, "transcript", "application/pdf")],
                         recipient=recipient_tag(who), case_ref="（2024）豫0102民初1187号")
    inbox.on_manifest(doc.doc_id, canonical({"manifest": b64e(doc.manifest_bytes), "sig": b64e(doc.signature)}))
    for file_idx, chunk_idx, chunk in doc.chunks():
        inbox.on_chunk(doc.doc_id, file_idx, chunk_idx, chunk, sha256_hex(chunk))
    return doc.doc_id


@pytest.fixture
def world(tmp_path):
    settings = settings_for_tests(tmp_path)
    outbox = open_outbox(settings)
    court = generate_key()
    inbox = DocumentInbox(outbox, tmp_path / "docs", court.public_key(), "kiosk-dev-001", 1 << 20)
    return SimpleNamespace(settings=settings, outbox=outbox, court=court, inbox=inbox, docs=tmp_path / "docs")


def test_only_this_persons_verified_unanswered_transcripts_are_offered(world):
    mine = deliver(world.inbox, world.court, ME, "调解笔录", pdf_bytes())
    deliver(world.inbox, world.court, OTHER, "他人的笔录", pdf_bytes())
    deliver(world.inbox, generate_key(), ME, "伪造的笔录", pdf_bytes())
    changed = deliver(world.inbox, world.court, ME, "被改动的笔录", pdf_bytes())
    items, refused = transcripts_for(world.outbox, world.court.public_key(), ME)
    assert sorted(i.title for i in items) == ["被改动的笔录", "调解笔录"], "not another's, not a forged one"
    (world.docs / changed / "transcript.pdf").write_bytes(pdf_bytes(2))  # changed on disk after verifying
    items, refused = transcripts_for(world.outbox, world.court.public_key(), ME)
    assert [i.doc_id for i in items] == [mine] and [d for d, _ in refused] == [changed]
    assert items[0].court == "豫0102" and items[0].path.endswith("transcript.pdf")
    ports = SimpleNamespace(outbox=lambda: world.outbox)
    mark_answered(TranscriptAnswered(mine), ports, None)
    items, _ = transcripts_for(world.outbox, world.court.public_key(), ME)
    assert items == [], "answered here: not offered again"
    assert world.inbox.on_manifest(mine, b"{}") == {"state": "verified"}, "a repeat from the court still verified"


def _signature_png(empty: bool = False) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    if not empty:
        ImageDraw.Draw(image).line((20, 200, 300, 40, 580, 200), fill=(0, 0, 0, 255), width=8)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


class Session:
    def __init__(self, path):
        self.temp_dir = path
        self.closed = False


def stamp(world, tmp_path, data: bytes, png: bytes, strokes='{"strokes": [[{"x": 1, "y": 2, "t": 0}]]}'):
    import hashlib

    source = tmp_path / "t.pdf"
    source.write_bytes(data)
    sent = []
    ports = SimpleNamespace(settings=world.settings, session=lambda: Session(tmp_path))
    stamp_transcript(StampTranscript("k", str(source), hashlib.sha256(data).hexdigest(), png, strokes,
                                     "签名人：张三丰　签署时间：2026-12-01 12:00　笔录摘要：" + "ab" * 16),
                     ports, sent.append)
    return sent[0]


def test_the_signature_is_stamped_onto_the_last_page(world, tmp_path):
    import pypdfium2 as pdfium

    answer = stamp(world, tmp_path, pdf_bytes(2), _signature_png())
    assert isinstance(answer, TranscriptStamped) and answer.pages == 2
    pdf = pdfium.PdfDocument(answer.pdf_path)
    foot = pdf[1].render(scale=0.5, grayscale=True).to_pil().convert("L")
    foot = foot.crop((0, int(foot.height * 0.8), foot.width, foot.height))
    assert foot.getextrema()[0] < 100, "the signature is drawn at the foot of the last page"


def test_a_full_last_page_gets_a_signature_page_of_its_own(world, tmp_path):
    import img2pdf

    buf = io.BytesIO()
    from PIL import Image

    Image.new("L", (620, 877), 0).save(buf, format="PNG")  # no blank foot to sign in
    answer = stamp(world, tmp_path, img2pdf.convert([buf.getvalue()]), _signature_png())
    assert isinstance(answer, TranscriptStamped) and answer.pages == 2


@pytest.mark.parametrize("case", ["empty", "no_strokes", "broken_pdf", "tampered"])
def test_what_cannot_be_stamped_is_said_plainly(world, tmp_path, case):
    import hashlib

    if case == "tampered":
        source = tmp_path / "t.pdf"
        source.write_bytes(pdf_bytes())
        sent = []
        ports = SimpleNamespace(settings=world.settings, session=lambda: Session(tmp_path))
        stamp_transcript(StampTranscript("k", str(source), hashlib.sha256(b"other").hexdigest(), _signature_png(),
                                         json.dumps({"strokes": [[1]]}), "x"), ports, sent.append)
        answer = sent[0]
    else:
        answer = stamp(world, tmp_path, b"%PDF-1.7 broken" if case == "broken_pdf" else pdf_bytes(),
                       _signature_png(empty=case == "empty"),
                       strokes="[]" if case == "no_strokes" else '{"strokes": [[1]]}')
    expected = {"empty": "transcript.empty_signature", "no_strokes": "transcript.empty_signature",
                "broken_pdf": "transcript.broken_pdf", "tampered": "transcript.tampered"}[case]
    assert isinstance(answer, StampFailed) and answer.code == expected and answer.message
    assert not list(tmp_path.glob("signed-*.pdf")), "nothing written"
