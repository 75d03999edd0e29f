"""Ingestion: encodings, normalisation, block classification, column-break repair, line spans."""

import codecs

import pytest

from bitext.core.document import BlockKind
from bitext.core.errors import InputError
from bitext.translate.ingest import read_document
from bitext.translate.ingest.classify import classify_line, is_finished
from bitext.translate.ingest.normalize import normalize_text
from bitext.translate.ingest.reader import parse_text

from conftest import DATA


def kinds(doc):
    return [(b.kind, b.text[:8]) for b in doc.blocks]


def test_page_structure():
    doc = read_document(DATA / "page.txt")
    assert [b.kind for b in doc.blocks] == [
        BlockKind.FURNITURE, BlockKind.FURNITURE, BlockKind.HEADING, BlockKind.HEADING, BlockKind.BYLINE,
        BlockKind.BODY, BlockKind.CAPTION, BlockKind.HEADING, BlockKind.BODY, BlockKind.BODY,
    ]
    headings = [b for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert [h.level for h in headings] == [2, 1, 3]
    assert headings[0].text == "党建引领 服务为民"


def test_column_break_joined_without_space_across_caption():
    doc = read_document(DATA / "page.txt")
    body = [b for b in doc.blocks if b.kind is BlockKind.BODY]
    first = body[0]
    assert "推动服务资源向一线下沉。" in first.text
    assert first.pieces == 2
    assert (first.line_start, first.line_end) == (15, 21)
    # The caption printed between the two halves stays a caption of its own.
    assert any(b.kind is BlockKind.CAPTION and b.text.startswith("▲") for b in doc.blocks)


def test_column_break_inside_word():
    doc = read_document(DATA / "page.txt")
    joined = [b for b in doc.blocks if "打造机关党员活动室" in b.text]
    assert len(joined) == 1
    assert joined[0].line_start == 25 and joined[0].line_end == 27


def test_heading_never_joined():
    blocks = parse_text("这是一段没有结束的正文，继续写\n\n## 小标题\n\n新的段落开始了。", name="x")
    assert [b.kind for b in blocks] == [BlockKind.BODY, BlockKind.HEADING, BlockKind.BODY]


def test_continuation_without_punctuation_is_not_a_heading():
    blocks = parse_text("他们表示，决定全面推进\n\n各项工作。\n\n新的一段。", name="x")
    assert [b.text for b in blocks] == ["他们表示，决定全面推进各项工作。", "新的一段。"]


@pytest.mark.parametrize("line,kind", [
    ("2021年4月19日 星期一", BlockKind.FURNITURE),
    ("本版责编 何玲 本版美编 龙双雪", BlockKind.FURNITURE),
    ("责任编辑：张三", BlockKind.FURNITURE),
    ("▲志愿者在社区服务。", BlockKind.CAPTION),
    ("图为村民在田间劳作。", BlockKind.CAPTION),
    ("本报记者 刘明", BlockKind.BYLINE),
    ("江苏省南京市委书记 韩立明", BlockKind.BYLINE),
    ("坚持人民至上", BlockKind.HEADING),
    ("他说，我们要坚持人民至上。", BlockKind.BODY),
])
def test_classify_line(line, kind):
    assert classify_line(line) is kind


@pytest.mark.parametrize("text,finished", [
    ("结束了。", True), ("他说：“好。”", True), ("没有结束", False), ("引号“红色血液”", False),
    ("问题？", True), ("如下：", True), ("（见图）", True),
])
def test_is_finished(text, finished):
    assert is_finished(text) is finished


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings(tmp_path, codec):
    text = "## 标题\n\n党员干部深入基层，推动乡村振兴取得新成效。全国人大代表参加会议。"
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.blocks[1].text == "党员干部深入基层，推动乡村振兴取得新成效。全国人大代表参加会议。"
    if codec.startswith(("gb", "utf-16")):
        assert any("decoded as" in n for n in doc.notes)


def test_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_undecodable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    import random

    rng = random.Random(1)
    path.write_bytes(bytes([0xC3]) + bytes(rng.randrange(0x80, 0x100) for _ in range(999)))
    with pytest.raises(InputError):
        read_document(path)


def test_normalisation_keeps_fullwidth_punctuation_and_strips_zero_width():
    text, removed = normalize_text("党\u200b员，“好”！\x07\ufffe")
    assert text == "党员，“好”！"
    assert removed == 2


def test_nfc():
    text, _ = normalize_text("cafe\u0301")
    assert text == "café"


def test_traditional_detected_and_converted(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text("國務院總理在會議上發表講話，強調經濟發展與環境保護。", encoding="utf-8")
    doc = read_document(path)
    assert doc.script == "traditional" and "traditional Chinese" in doc.notes
    assert doc.blocks[0].text.startswith("國務院總理")  # converted only for matching and MT (pipeline)


def test_markdown_lines_form_one_paragraph(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# 标题\n\n第一行内容，\n第二行内容。\n\n另一段。\n", encoding="utf-8")
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == ["标题", "第一行内容，第二行内容。", "另一段。"]
    assert doc.blocks[1].line_start == 3 and doc.blocks[1].line_end == 4


def test_stdin_bytes():
    doc = read_document(data="第一段。\n\n第二段。".encode("gb18030"))
    assert doc.path is None and doc.name == "stdin"
    assert [b.text for b in doc.blocks] == ["第一段。", "第二段。"]


def test_body_text_is_no_heading():
    doc = read_document(data="# 标题\n\n经济持续恢复，就业形势总体稳定。\n".encode(), name="x.md")
    assert [(b.kind, b.level) for b in doc.blocks] == [(BlockKind.HEADING, 1), (BlockKind.BODY, 0)]
    plain = read_document(data="经济持续恢复，就业形势总体稳定。\n".encode(), name="x.txt")
    assert [(b.kind, b.level) for b in plain.blocks] == [(BlockKind.BODY, 0)]


@pytest.mark.parametrize("left, right, joined", [
    ("改革", "开放", "改革开放"), ("reform", "and opening up", "reform and opening up"), ("改革", "and", "改革and"),
    ("and", "开放", "and开放"), ("“", "Belt", "“Belt"), ("see (", "above)", "see (above)"),
    ("书名《", "x", "书名《x"), ("a‘", "b", "a‘b"), ("a（", "b", "a（b"), ("(a", "b", "(a b"), ("", "x", "x"),
    ("x", "", "x"), ("第", "1", "第1"), ("1", "号", "1号"), ("ab", "c", "ab c"), ("reform", "and 开放", "reform and 开放"),
    ("改革x", "y", "改革x y"),
])
def test_join_text(left, right, joined):
    from bitext.translate.ingest.repair import join_text

    assert join_text(left, right) == joined


def test_what_counts_as_chinese_when_joining_pieces():
    from bitext.translate.ingest.repair import join_text

    inside = ["\u2e80", "\u9fff", "\uf900", "\ufaff", "\u3000", "\u303f", "\uff00", "\uffef"]
    outside = ["\u2e7f", "\ua000", "\uf8ff", "\ufb00", "\ufeff", "\ufff0"]
    assert [join_text("a", ch) for ch in inside] == ["a" + ch for ch in inside]
    assert [join_text(ch, "a") for ch in inside] == [ch + "a" for ch in inside]
    assert [join_text("a", ch) for ch in outside] == ["a " + ch for ch in outside]
