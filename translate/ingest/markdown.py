"""Markdown (.md) input read with markdown-it-py (CommonMark + tables), so its structure survives translation.

What becomes of each construct:
- headings (``#`` and underlined) are HEADING blocks with their level;
- paragraphs are classified like a newspaper line (caption, byline, furniture) but never turned into
  headings, and the lines of one paragraph are one block;
- list items and block quotes keep their markers as the block's ``prefix`` ("- ", "1. ", "> ", nested
  ones indented), so the English is written back into the same list or quote;
- fenced and indented code, HTML blocks, thematic breaks and link reference definitions are CODE
  blocks holding the source lines exactly: never sent to the model, written back as they are;
- a table becomes one CELL block per non-empty cell, each translated on its own and written back into
  the same row and column (a cell is also a TMX unit).

Inline markup (``**bold**``, links, inline code) stays in the text the model sees.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bitext.core.document import Block, BlockKind, Cell
from bitext.translate.ingest.classify import classify_line
from bitext.translate.ingest.repair import join_text, repair_breaks

_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def parse_markdown(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    covered = [False] * len(lines)
    containers: list[list[str]] = []  # per open list item / quote: [marker for the next block, continuation]
    table = -1
    row = column = 0
    i = 0

    def add(kind: BlockKind, body: str, span: list[int], **extra) -> None:
        first, last = span[0] + 1, max(span[0] + 1, span[1])
        # Every line of the span: OmegaT's segments of the original file are found through them.
        blocks.append(Block(len(blocks), kind, body, first, last, lines=tuple(range(first, last + 1)), **extra))

    def prefix() -> str:
        """Markers for the block about to be added; a list marker is written once, then indentation."""
        out = "".join(c[0] for c in containers)
        for c in containers:
            c[0] = c[1]
        return out

    def verbatim(span: list[int], markers: str = "") -> None:
        for n in range(span[0], span[1]):
            covered[n] = True
        while span[1] > span[0] and not lines[span[1] - 1].strip():  # trailing blank lines are layout
            span = [span[0], span[1] - 1]
        # ``markers``: the containers the block sits in (already part of its lines), for the writer's spacing.
        add(BlockKind.CODE, "\n".join(lines[span[0]:span[1]]), span, prefix=markers)

    while i < len(tokens):
        tok = tokens[i]
        if tok.map and tok.level == 0:
            for n in range(*tok.map):
                covered[n] = True
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open", "tbody_open", "thead_open"):
            pass
        elif kind == "list_item_open":
            marker = f"{tok.info}{tok.markup} " if tok.info else f"{tok.markup} "
            containers.append([marker, " " * len(marker)])
        elif kind == "blockquote_open":
            containers.append(["> ", "> "])
        elif kind in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif kind == "heading_open":
            content = tokens[i + 1].content.strip()
            if content:
                add(BlockKind.HEADING, content, tok.map, level=int(tok.tag[1]), prefix=prefix())
            i += 2
        elif kind == "paragraph_open":
            body = _joined(tokens[i + 1].content)
            if body:
                found = classify_line(body) if not containers else BlockKind.BODY
                add(BlockKind.BODY if found is BlockKind.HEADING else found, body, tok.map, prefix=prefix())
            i += 2
        elif kind in ("fence", "code_block", "html_block", "hr"):
            # The source lines, container markers and all: written back exactly as they were.
            verbatim(tok.map, prefix())
        elif kind == "table_open":
            table += 1
            row = -1
            table_prefix, first_cell = prefix(), len(blocks)
        elif kind == "table_close":
            blocks[first_cell:] = [replace(b, cell=b.cell._replace(columns=columns)) for b in blocks[first_cell:]]
        elif kind == "tr_close" and row == 0:
            columns = column
        elif kind == "tr_open":
            row, column = row + 1, 0
            row_span = tok.map
        elif kind in ("th_open", "td_open"):
            content = tokens[i + 1].content.strip()
            align = _ALIGN.search(str(tok.attrs.get("style", "")))
            if content:
                add(BlockKind.CELL, content, row_span, prefix=table_prefix,
                    cell=Cell(table, row, column, 0, align.group(1) if align else ""))
            column += 1
            i += 2
        i += 1
    # Lines the parser keeps no token for (link reference definitions) are kept as written.
    n = 0
    while n < len(lines):
        if covered[n] or not lines[n].strip():
            n += 1
            continue
        end = n
        while end < len(lines) and not covered[end] and lines[end].strip():
            end += 1
        verbatim([n, end])
        n = end
    blocks.sort(key=lambda b: (b.line_start, b.index))
    # A newspaper page saved as Markdown has its column breaks too: the text-file repair, on plain
    # paragraphs only (never a list item, a quote, a table cell or verbatim text).
    blocks = repair_breaks(blocks, joinable=lambda b: b.kind is BlockKind.BODY and not b.prefix and b.cell is None)
    return [replace(b, index=i) for i, b in enumerate(blocks)]


def _joined(content: str) -> str:
    """The lines of one paragraph as one text: no space between Chinese lines, one between Latin words."""
    out = ""
    for line in content.split("\n"):
        line = line.strip().replace("\u3000", " ").strip()
        if line:
            out = join_text(out, line) if out else line
    return out
