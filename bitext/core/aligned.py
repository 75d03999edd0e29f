"""Aligned output: plain data passed from translation and alignment to the writers.

Every writer (TMX, HTML, TSV, JSONL, Moses, TXT) reads an :class:`AlignedDocument` and nothing else;
flag names are in :mod:`bitext.core.flags`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bitext.core.document import Cell
from bitext.core.terms import TermCheck

@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offsets into the paragraph text
    end: int


@dataclass(frozen=True)
class Bead:
    """A group of consecutive source sentences aligned to consecutive target sentences.

    Indices are positions in the paragraph's sentence lists; either side may be empty.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0  # confidence in [0, 1]
    flags: tuple[str, ...] = ()


@dataclass
class AlignedParagraph:
    """A source paragraph (or, for `bitext align`, a group of paragraphs) with its English side."""

    index: int
    kind: str  # a bitext.core.document.BlockKind value
    source: str
    target: str | None  # None: not translated (page furniture by default)
    line_start: int = 0
    line_end: int = 0
    level: int = 0
    origin: str = "mt"  # "mt", "human", "tm"
    src_sentences: list[Sentence] = field(default_factory=list)
    tgt_sentences: list[Sentence] = field(default_factory=list)
    beads: list[Bead] = field(default_factory=list)
    terms: list[TermCheck] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    tm_hint: str | None = None  # a fuzzy translation-memory match shown to reviewers, never used
    prefix: str = ""  # Markdown list / quote markers of the source block (see Block.prefix)
    cell: Cell | None = None  # a Markdown table cell: where the English goes back (see Block.cell)


@dataclass(frozen=True)
class FileSegment:
    """A segment a CAT tool cuts from the original file, with the English bitext gives that part.

    Column-break repair joins what the file splits, and a heading line carries its Markdown marks, so
    the segments OmegaT makes from the original file are not all sentences of the repaired paragraphs.
    ``source`` is the tool's segment exactly (marks included); ``target`` is the English of the
    paragraph text it holds, with any marks kept around it.
    """

    source: str
    target: str
    line_start: int  # 1-based, inclusive
    line_end: int
    paragraphs: tuple[int, ...]  # AlignedParagraph indices the English comes from
    of: str  # what the segment is: "original-line" or "original-lines" (OmegaT's blank-line paragraphs)
    origin: str = "mt"  # "mt", "human", "tm" or "mixed"
    flags: tuple[str, ...] = ()


@dataclass
class AlignedDocument:
    name: str
    paragraphs: list[AlignedParagraph]
    source_path: str | None = None
    target_path: str | None = None
    src_lang: str = "zh-CN"
    tgt_lang: str = "en-US"
    meta: dict[str, str] = field(default_factory=dict)  # model, date, glossary version, encoding …
    # With OmegaT segmentation: the segments OmegaT makes from the original file (see FileSegment).
    file_segments: list[FileSegment] = field(default_factory=list)
