"""Beads as the writers see them: the texts of both sides, their spans, score, flags and terms.

All bead-per-record formats (TMX, TSV, JSONL, Moses) read these views, so they agree on how a bead's
text is cut out of its paragraph and which flags and glossary terms belong to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.core.flags import FLAG_EMPTY, FLAG_FROM_TM, FLAG_TERM_MISSING, FLAG_TERM_WRONG_RENDERING
from bitext.core.terms import TermCheck

FURNITURE = "furniture"


@dataclass(frozen=True)
class Unit:
    paragraph: AlignedParagraph
    number: int | None  # bead index in the paragraph; None: the whole paragraph (no beads given)
    bead: Bead | None
    source: str
    target: str | None  # None: not translated
    src_span: tuple[int, int] | None  # offsets into paragraph.source / paragraph.target
    tgt_span: tuple[int, int] | None
    score: float | None
    flags: tuple[str, ...]
    terms: tuple[TermCheck, ...]

    @property
    def shape(self) -> str:
        """"1-1", "2-1", "1-0" … ("p" for a whole-paragraph unit)."""
        if self.bead is None:
            return "p"
        return f"{len(self.bead.src)}-{len(self.bead.tgt)}"

    @property
    def origin(self) -> str:
        """Where this unit's English came from: a paragraph mixes TM and MT sentences, units don't."""
        if self.bead is None:
            return self.paragraph.origin
        return "tm" if FLAG_FROM_TM in self.flags else self.paragraph.origin


def cut(text: str, sentences: list[Sentence], indices: tuple[int, ...], joiner: str):
    """Text and span covered by the sentences ``indices``.

    The slice of the paragraph keeps the characters between sentences byte-identical (what a CAT
    tool sees); if the offsets don't describe the text, fall back to joining the sentence texts.
    """
    picked = [sentences[i] for i in indices if 0 <= i < len(sentences)]
    if not picked:
        return "", None
    start, end = picked[0].start, picked[-1].end
    offsets_ok = 0 <= start <= end <= len(text) and all(
        text[s.start : s.end] == s.text for s in picked
    )
    if offsets_ok:
        return text[start:end], (start, end)
    return joiner.join(s.text for s in picked), None


def terms_in(p: AlignedParagraph, span: tuple[int, int] | None) -> tuple[TermCheck, ...]:
    if span is None:
        return tuple(p.terms)
    start, end = span
    return tuple(t for t in p.terms if t.hit.start < end and t.hit.end > start)


def term_flags(terms) -> list[str]:
    """The flags term checks call for: a missing term, a wrong (avoid-listed) rendering."""
    flags = [FLAG_TERM_MISSING] if any(not t.realised for t in terms) else []
    if any(t.avoided for t in terms):
        flags.append(FLAG_TERM_WRONG_RENDERING)
    return flags


def paragraph_flags(p: AlignedParagraph) -> tuple[str, ...]:
    """Paragraph flags plus every bead's flags, term problems and an empty translation."""
    flags = list(p.flags)
    for bead in p.beads:
        flags.extend(bead.flags)
    flags += term_flags(p.terms)
    if p.target is not None and not p.target.strip() and p.source.strip():
        flags.append(FLAG_EMPTY)
    return tuple(dict.fromkeys(flags))


def units(doc: AlignedDocument, *, untranslated: bool = False) -> Iterator[Unit]:
    """One unit per bead of every translated paragraph.

    A translated paragraph without beads yields one whole-paragraph unit. With ``untranslated``,
    paragraphs without a translation yield a source-only unit too.
    """
    for p in doc.paragraphs:
        if p.target is None:
            if untranslated:
                yield Unit(p, None, None, p.source, None, None, None, None, tuple(p.flags), tuple(p.terms))
            continue
        if not p.beads:
            yield paragraph_unit(p)
            continue
        for n, bead in enumerate(p.beads):
            yield bead_unit(p, n, bead)


def bead_unit(p: AlignedParagraph, n: int, bead: Bead) -> Unit:
    """The unit of bead ``n`` of a translated paragraph."""
    src, src_span = cut(p.source, p.src_sentences, bead.src, "")
    tgt, tgt_span = cut(p.target or "", p.tgt_sentences, bead.tgt, " ")
    terms = terms_in(p, src_span) if bead.src else ()
    # A bead's own flags only: a paragraph's flags summarise its beads, and copying them back
    # would give a good sentence its neighbour's problems.
    flags = list(bead.flags) + term_flags(terms)
    if src.strip() and not tgt.strip() and bead.tgt:
        flags.append(FLAG_EMPTY)
    return Unit(p, n, bead, src, tgt, src_span, tgt_span, bead.score, tuple(dict.fromkeys(flags)), terms)


def paragraph_unit(p: AlignedParagraph) -> Unit:
    return Unit(
        p, None, None, p.source, p.target,
        (0, len(p.source)), (0, len(p.target or "")), None,
        paragraph_flags(p), tuple(p.terms),
    )
