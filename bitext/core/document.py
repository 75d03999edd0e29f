"""The ingested document: plain data passed from ingestion to translation and alignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class BlockKind(str, Enum):
    HEADING = "heading"
    BODY = "body"
    CAPTION = "caption"
    BYLINE = "byline"
    FURNITURE = "furniture"  # date lines, 本版责编 / 美编 credits: kept, not translated by default
    CODE = "code"  # Markdown code block, HTML block, rule or link definition: kept as written, never translated
    CELL = "cell"  # one cell of a Markdown table: translated on its own, written back into its table


class Cell(NamedTuple):
    """Where a CELL block sits: its table (numbered in the document), row (0: the header), column."""

    table: int
    row: int
    column: int
    columns: int  # the table's width (its header row's cells)
    align: str = ""  # "", "left", "center" or "right": the column's alignment in the source


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a source document.

    ``line_start``/``line_end`` are 1-based, inclusive, in the decoded file, so errors, TMX props and
    the HTML can point back at the source even after column-break repair joined several pieces.
    ``lines`` are the numbers of the lines the block's text was taken from: a caption printed between
    the two halves of a broken paragraph lies inside the span but belongs to its own block.
    """

    index: int
    kind: BlockKind
    text: str
    line_start: int
    line_end: int
    level: int = 0  # Markdown heading level; 0 when not a Markdown heading
    pieces: int = 1  # >1 when broken paragraphs were joined
    lines: tuple[int, ...] = ()
    # Markdown container markers written before the block's first line: "- ", "1. ", "> ", "  - " …
    prefix: str = ""
    cell: Cell | None = None  # for CELL blocks


@dataclass(frozen=True)
class Document:
    name: str  # file stem: output files are named after it
    blocks: tuple[Block, ...]
    path: str | None = None  # None for stdin
    encoding: str = "utf-8"
    script: str = "simplified"  # "simplified" | "traditional" | "mixed" | "none"
    removed_chars: int = 0  # control / invalid characters dropped during normalisation
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The decoded, normalised file split at line breaks (lines[n - 1] is line n): what a CAT tool
    # segments when it opens the original file.
    lines: tuple[str, ...] = ()

    @property
    def source_label(self) -> str:
        return self.path or "<stdin>"
