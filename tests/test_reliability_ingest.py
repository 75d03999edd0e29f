"""Issue 12: one rule for NUL wherever it is, and Markdown input that keeps its structure (item 6)."""

from __future__ import annotations

import pytest

from bitext.core.errors import InputError

TEXT = "党员干部深入基层，推动乡村振兴取得新成效。\n全国人大代表参加会议。\n"


@pytest.mark.parametrize("where", [0, 100, 8191, 8192, 9000, 50_000])
def test_a_nul_byte_anywhere_makes_the_file_binary(tmp_path, where):
    """A NUL in the first 8 KB made the file "binary"; one after it was silently stripped."""
    from bitext.translate.ingest import read_document

    body = (TEXT * 2000).encode("utf-8")
    where = min(where, len(body))
    while where < len(body) and (body[where] & 0xC0) == 0x80:  # between characters, not inside one
        where += 1
    path = tmp_path / "a.txt"
    path.write_bytes(body[:where] + b"\x00" + body[where:])
    with pytest.raises(InputError) as info:
        read_document(path)
    line = body[:where].count(b"\n") + 1
    assert info.value.line == line and str(info.value).startswith(f"{path}:{line}: holds a NUL byte")
    assert "binary" in str(info.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig", "gb18030", "utf-16-le", "utf-16-be"])
def test_a_nul_character_is_binary_in_every_encoding(tmp_path, codec):
    from bitext.translate.ingest import read_document

    path = tmp_path / "a.txt"
    path.write_bytes(("党员干部。\n" * 3 + "第四\x00行。\n").encode(codec))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "NUL" in str(info.value) and "binary" in str(info.value)
    if not codec.endswith(("-le", "-be")):  # without a byte-order mark, UTF-16 with a NUL is not told from binary
        assert info.value.line == 4


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_text(tmp_path, codec):
    """The NUL bytes of UTF-16 are its high bytes, not NULs in the text."""
    from bitext.translate.ingest import read_document

    path = tmp_path / "a.txt"
    path.write_bytes(("Party 党员 2021\n" + TEXT * 50).encode(codec))
    doc = read_document(path)
    assert doc.encoding == codec and doc.blocks[1].text.startswith("党员干部")


def test_nul_on_stdin_follows_the_same_rule():
    from bitext.translate.ingest import read_document

    with pytest.raises(InputError, match=r"<stdin>:3: holds a NUL byte"):
        read_document(data=(TEXT + "x\x00y\n").encode("utf-8"))


# --- item 6: Markdown keeps its structure --------------------------------------------------------

MARKDOWN = """\
发展报告
========

## 一、总体情况

全年经济运行总体平稳，
主要指标好于预期。

```python
# 这不是标题
print("代码不翻译")
```
紧接着代码的一段话。

| 指标 | 数值 |
|:-----|-----:|
| 增长 | 6.5% |
| 就业 | 稳定 |

表格后面的段落。

- 推进乡村振兴
- 加强党的建设
  1. 基层组织
     持续完善
  2. 作风建设

> 引用第一段。
>
> 引用第二段。

<div class="note">
HTML 块里的文字
</div>

***

[人民网]: http://people.com.cn
"""


def structure(markdown: str) -> list[tuple[str, str, int]]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(t.type, t.tag, t.level) for t in tokens if t.type != "inline"]


def test_markdown_blocks(tmp_path):
    from bitext.core.document import BlockKind
    from bitext.translate.ingest import read_document

    path = tmp_path / "report.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    blocks = read_document(path).blocks
    by_text = {b.text: b for b in blocks}
    assert (by_text["发展报告"].kind, by_text["发展报告"].level) == (BlockKind.HEADING, 1)  # underlined heading
    assert (by_text["一、总体情况"].kind, by_text["一、总体情况"].level) == (BlockKind.HEADING, 2)
    assert by_text["全年经济运行总体平稳，主要指标好于预期。"].kind is BlockKind.BODY
    code = next(b for b in blocks if "代码不翻译" in b.text)
    assert code.kind is BlockKind.CODE and code.text.startswith("```python\n# 这不是标题")
    assert by_text["紧接着代码的一段话。"].kind is BlockKind.BODY  # not merged into the code
    cells = [b for b in blocks if b.kind is BlockKind.CELL]
    assert [(c.text, c.cell.row, c.cell.column) for c in cells] == [
        ("指标", 0, 0), ("数值", 0, 1), ("增长", 1, 0), ("6.5%", 1, 1), ("就业", 2, 0), ("稳定", 2, 1)]
    assert [c.cell.align for c in cells[:2]] == ["left", "right"]
    assert by_text["表格后面的段落。"].kind is BlockKind.BODY  # a row is not merged into the next paragraph
    assert [(by_text[t].prefix) for t in ("推进乡村振兴", "基层组织持续完善", "作风建设", "引用第二段。")] == \
        ["- ", "  1. ", "  2. ", "> "]
    assert any(b.kind is BlockKind.CODE and b.text == "[人民网]: http://people.com.cn" for b in blocks)


def test_markdown_round_trip_keeps_the_structure(cli, tmp_path):
    """Code was classified as a heading, merged with the next paragraph and translated; a table's header
    and separator rows became headings and its rows merged into the following paragraph."""
    (tmp_path / "report.md").write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "report.md"), "-o", str(out), "--format", "txt,tmx,html,jsonl,tsv,moses",
                 "--glossary-mode", "off")
    assert result.exit_code == 0, result.output
    english = (out / "report.en.txt").read_text(encoding="utf-8")
    assert structure(english) == structure(MARKDOWN)
    sent = "".join(t for call in cli.backend.calls for t in call)
    assert "代码不翻译" not in sent and "HTML 块" not in sent and "people.com.cn" not in sent
    assert '```python\n# 这不是标题\nprint("代码不翻译")\n```' in english  # verbatim
    assert "| T(指标) | T(数值) |\n| :--- | ---: |\n| T(增长) | T(6.5%) |" in english
    assert "\n  1. T(基层组织持续完善)" in english and "> T(引用第一段。)\n>\n> T(引用第二段。)" in english
    tmx = (out / "report.tmx").read_text(encoding="utf-8")
    assert "<seg>指标</seg>" in tmx and "代码不翻译" not in tmx


def test_plain_text_keeps_its_line_rules(tmp_path):
    """A .txt is a newspaper page: every line its own block, even with Markdown-looking lines."""
    from bitext.core.document import BlockKind
    from bitext.translate.ingest import read_document

    path = tmp_path / "page.txt"
    path.write_text("## 标题\n全年经济运行总体平稳。\n主要指标好于预期。\n", encoding="utf-8")
    blocks = read_document(path).blocks
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        (BlockKind.HEADING, "标题", 2), (BlockKind.BODY, "全年经济运行总体平稳。", 0),
        (BlockKind.BODY, "主要指标好于预期。", 0)]


def test_table_cells_with_pipes_and_empty_cells(tmp_path):
    from bitext.core.aligned import AlignedDocument, AlignedParagraph
    from bitext.core.document import Cell
    from bitext.writers.txt import render
    from bitext.writers import WriterOptions

    def cell(i, row, column, text):
        return AlignedParagraph(i, "cell", text, text + " | x", cell=Cell(0, row, column, 3))

    doc = AlignedDocument("d", [cell(0, 0, 0, "甲"), cell(1, 0, 2, "丙"), cell(2, 1, 1, "乙")])
    assert render(doc, WriterOptions()) == "| 甲 \\| x |  | 丙 \\| x |\n| --- | --- | --- |\n|  | 乙 \\| x |  |\n"
