"""Aligned output: plain data passed from translation/alignment to the writers.

Every writer (TMX, HTML, TSV, JSONL, Moses, TXT) reads an :class:`AlignedDocument` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.model import TermCheck

# Flag names shared by every stage and writer.
FLAG_TERM_MISSING = "term-missing"  # a glossary term occurrence is not realised in the English
FLAG_LOW_CONFIDENCE = "low-alignment-confidence"
FLAG_CHUNKED = "chunked"  # the paragraph exceeded the model's input limit and was translated in pieces
FLAG_EMPTY = "empty-translation"
FLAG_REPETITION = "repetition"  # the model looped; output was capped
FLAG_UNALIGNED = "unaligned"  # a 1-0 or 0-1 bead
FLAG_FROM_TM = "from-tm"  # the English came from a translation memory's exact match, not from the model


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
    kind: str  # translate.document.BlockKind value
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


@dataclass
class AlignedDocument:
    name: str
    paragraphs: list[AlignedParagraph]
    source_path: str | None = None
    target_path: str | None = None
    src_lang: str = "zh-CN"
    tgt_lang: str = "en-US"
    meta: dict[str, str] = field(default_factory=dict)  # model, date, glossary version, encoding …
