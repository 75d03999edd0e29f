"""The English document as plain text, keeping the source's paragraph and heading structure.

Paragraphs are separated by blank lines; Markdown headings (``level`` > 0) stay Markdown headings.
Markdown structure is written back around the English: list and quote markers (``prefix``), code and
HTML blocks exactly as in the source, table cells into their rows and columns. Other untranslated
paragraphs (page furniture by default) are left out; an empty translation leaves nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from bitext.core.aligned import AlignedDocument, AlignedParagraph
from bitext.core.document import BlockKind
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter, trim
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions

SUFFIX = ".en.txt"
CODE = BlockKind.CODE.value


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    blocks: list[tuple[str, str]] = []  # (prefix, the block as written)
    paragraphs = doc.paragraphs
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        if p.cell is not None:
            end = i
            while end < len(paragraphs) and paragraphs[end].cell is not None \
                    and paragraphs[end].cell.table == p.cell.table:
                end += 1
            blocks.append((p.prefix, _table(paragraphs[i:end], clean)))
            i = end
            continue
        i += 1
        if p.kind == CODE:
            blocks.append((p.prefix, clean(p.source)))  # kept as written, markers and indentation included
            continue
        if p.target is None:
            continue
        text = trim(clean(p.target))
        if not text:
            continue
        if p.level > 0:
            # A heading is one line in Markdown; a line break would end it early.
            text = "#" * min(p.level, 6) + " " + " ".join(text.split())
        elif p.prefix:
            text = " ".join(text.split())  # one line, so the marker holds the whole paragraph
        blocks.append((p.prefix, p.prefix + text))
    out = []
    for n, (prefix, text) in enumerate(blocks):
        if n:
            # The blank line between two blocks stays inside the quotes they share ("> a\n>\n> b" is one
            # quote of two paragraphs; "> a\n\n> b" would be two quotes).
            out.append("\n" + _shared(blocks[n - 1][0], prefix).rstrip() + "\n")
        out.append(text)
    return "".join(out) + ("\n" if blocks else "")


def _continued(prefix: str) -> str:
    """The prefix of a block's later lines: list markers become the indentation they stand for."""
    return _MARKER.sub(lambda m: " " * len(m.group()), prefix)


def _shared(a: str, b: str) -> str:
    a, b = _continued(a), _continued(b)
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


_MARKER = re.compile(r"(?:\d+[.)]|[-*+]) ")
_SEPARATOR = {"": "---", "left": ":---", "center": ":---:", "right": "---:"}


def _table(cells: list[AlignedParagraph], clean: CharCounter) -> str:
    """A Markdown table from its cells (missing ones empty), in the prefix of the source table."""
    columns = max(max(c.cell.columns, c.cell.column + 1) for c in cells)
    rows = 1 + max(c.cell.row for c in cells)
    grid = [[""] * columns for _ in range(rows)]
    align = [""] * columns
    for c in cells:
        text = c.source if c.target is None else c.target
        # A pipe would end the cell; an already escaped one stays as it is.
        grid[c.cell.row][c.cell.column] = re.sub(r"(?<!\\)\|", r"\\|", " ".join(trim(clean(text)).split()))
        align[c.cell.column] = align[c.cell.column] or c.cell.align
    first = cells[0].prefix
    rest = _continued(first)
    lines = [f"| {' | '.join(grid[0])} |", f"| {' | '.join(_SEPARATOR[a] for a in align)} |"]
    lines += [f"| {' | '.join(row)} |" for row in grid[1:]]
    return "\n".join((first if n == 0 else rest) + line for n, line in enumerate(lines))


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)
