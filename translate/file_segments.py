"""The segments OmegaT makes from the original file, each with the English bitext gives that part.

bitext translates repaired paragraphs: a paragraph a column break cut in two is joined, a heading
loses its Markdown marks. A translator who opens the original file in OmegaT gets segments cut from
the file's own lines instead (both of the Text filter's paragraph modes are covered, see
:mod:`bitext.align.split.omegat`), and a TMX holding only the repaired sentences leaves those
segments empty. Here every such segment is located in the paragraphs it came from, through the
blocks' line numbers, and given the English of that stretch: the English of each whole sentence it
holds, and for a sentence a line break cut, that sentence's English divided between its pieces
(:func:`bitext.align.divide.divide_translation`, flagged ``split-translation``). Text outside the
paragraph (``#`` marks) is kept as it is around the English, so a heading stays a heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from bitext.core.aligned import AlignedParagraph, FileSegment
from bitext.core.document import Document
from bitext.core.flags import FLAG_SPLIT_TRANSLATION, FLAG_TERM_MISSING
from bitext.translate.ingest.classify import line_content


@dataclass(frozen=True)
class _Place:
    """Where a line's text sits: in the line at ``column``, in paragraph ``paragraph`` at ``offset``."""

    paragraph: int
    column: int
    offset: int
    length: int


@dataclass
class _Sentence:
    """A bead of a paragraph as a stretch of its source with the English it was given."""

    start: int
    end: int
    english: str
    flags: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]


def omegat_file_segments(document: Document, paragraphs: list[AlignedParagraph]) -> list[FileSegment]:
    """FileSegments for every OmegaT segment of ``document``'s file that bitext's English covers."""
    from bitext.align.split.omegat import PARAGRAPH_MODES, omegat_text_segments

    if not document.lines:
        return []
    places = _places(document, paragraphs)
    sentences = {i: _sentences(p) for i, p in enumerate(paragraphs)}
    out: list[FileSegment] = []
    seen: set[tuple[str, str]] = set()
    for mode in PARAGRAPH_MODES:
        located = [(seg, _items(seg, document.lines, places, paragraphs))
                   for seg in omegat_text_segments(document.lines, mode)]
        english = _divide(located, paragraphs, sentences)
        for seg, items in located:
            fs = _file_segment(seg, items, paragraphs, sentences, english)
            if fs is not None and (fs.source, fs.target) not in seen:
                seen.add((fs.source, fs.target))
                out.append(fs)
    return out


def _places(document: Document, paragraphs: list[AlignedParagraph]) -> dict[int, _Place]:
    """Line number → where its text is in its paragraph, for the lines of every block that maps exactly."""
    places: dict[int, _Place] = {}
    for i, (block, paragraph) in enumerate(zip(document.blocks, paragraphs)):
        if paragraph.target is None or not block.lines:
            continue
        source, cursor, found = paragraph.source, 0, {}
        for n in block.lines:
            if not 0 < n <= len(document.lines):
                break
            column, text, _ = line_content(document.lines[n - 1])
            at = cursor
            if not source.startswith(text, at) and source.startswith(" ", at):
                at += 1  # join_text put a blank between two Latin ends
            if not text or not source.startswith(text, at):
                break
            found[n] = _Place(i, column, at, len(text))
            cursor = at + len(text)
        else:
            if cursor == len(source):  # every line found, nothing of the paragraph left over
                places.update(found)
    return places


def _sentences(p: AlignedParagraph) -> list[_Sentence]:
    if p.target is None:
        return []
    src, tgt = p.src_sentences, p.tgt_sentences
    if any(p.source[s.start:s.end] != s.text for s in src) or any(p.target[s.start:s.end] != s.text for s in tgt):
        return []
    out: list[_Sentence] = []
    pending = ""  # English of 0-1 beads before the first sentence
    for bead in p.beads:
        english = ""
        if bead.tgt and all(0 <= j < len(tgt) for j in bead.tgt):
            english = p.target[tgt[bead.tgt[0]].start:tgt[bead.tgt[-1]].end]
        if not bead.src or not all(0 <= i < len(src) for i in bead.src):
            if out:  # a 0-1 bead: its English goes with the sentence before
                last = out[-1]
                last.english = f"{last.english} {english}".strip()
            else:
                pending = f"{pending} {english}".strip()
            continue
        start, end = src[bead.src[0]].start, src[bead.src[-1]].end
        terms = tuple((c.hit.term.zh, c.rendering or c.hit.term.en) for c in p.terms
                      if c.realised and start <= c.hit.start and c.hit.end <= end)
        flags = list(bead.flags)
        if any(not c.realised and c.hit.start < end and c.hit.end > start for c in p.terms):
            flags.append(FLAG_TERM_MISSING)
        out.append(_Sentence(start, end, f"{pending} {english}".strip() if pending else english,
                             tuple(dict.fromkeys(flags)), terms))
        pending = ""
    return out


# An item of a segment: verbatim text (marks outside any paragraph), or a stretch of a paragraph.
_Item = tuple[int, object]  # (line number, str | tuple[paragraph, start, end])


def _items(seg, lines, places: dict[int, _Place], paragraphs) -> list[_Item] | None:
    """The segment as verbatim text and paragraph stretches, in order; None if a part has no paragraph."""
    items: list[_Item] = []
    for n, a, b in seg.pieces:
        place = places.get(n)
        if place is None:
            return None  # a line no translated block holds (an empty "#" heading, say)
        lo, hi = place.column, place.column + place.length
        line = lines[n - 1]
        if a < lo:
            items.append((n, line[a:min(b, lo)]))
        if max(a, lo) < min(b, hi):
            start, end = place.offset + max(a, lo) - lo, place.offset + min(b, hi) - lo
            previous = items[-1][1] if items else None
            source = paragraphs[place.paragraph].source
            if isinstance(previous, tuple) and previous[0] == place.paragraph \
                    and not source[previous[2]:start].strip():
                items[-1] = (items[-1][0], (place.paragraph, previous[1], end))  # one stretch across lines
            else:
                items.append((n, (place.paragraph, start, end)))
        if b > hi:
            items.append((n, line[max(a, hi):b]))
    return items


def _overlaps(source: str, a: int, b: int, c: int, d: int) -> bool:
    lo, hi = max(a, c), min(b, d)
    return lo < hi and bool(source[lo:hi].strip())


def _divide(located, paragraphs, sentences) -> dict[tuple[int, int, int, int], str]:
    """English of each sentence a segment boundary cuts, divided: (paragraph, sentence, start, end) → part."""
    from bitext.align.divide import divide_translation

    stretches: dict[int, list[tuple[int, int]]] = {}
    for _, items in located:
        for _, item in items or ():
            if isinstance(item, tuple):
                stretches.setdefault(item[0], []).append((item[1], item[2]))
    parts: dict[tuple[int, int, int, int], str] = {}
    for pi, spans in stretches.items():
        source = paragraphs[pi].source
        for si, s in enumerate(sentences[pi]):
            over = sorted((a, b) for a, b in set(spans) if _overlaps(source, a, b, s.start, s.end))
            if len(over) < 2 or not s.english:
                continue
            pieces = [source[max(a, s.start):min(b, s.end)] for a, b in over]
            for (a, b), english in zip(over, divide_translation(pieces, s.english, terms=s.terms)):
                parts[(pi, si, a, b)] = english
    return parts


def _file_segment(seg, items, paragraphs, sentences, parts) -> FileSegment | None:
    if not items or not any(isinstance(item, tuple) for _, item in items):
        return None
    english = ""
    flags: list[str] = []
    used: list[int] = []
    for k, (line, item) in enumerate(items):
        if k and line != items[k - 1][0] and english:
            # A line break inside the segment (OmegaT's blank-line paragraphs): a blank inside one
            # paragraph, a line break between two (a heading line above its first sentence).
            following = next((it[0] for ln, it in items[k:] if ln == line and isinstance(it, tuple)), None)
            english += " " if following is not None and used and following == used[-1] else "\n"
        if isinstance(item, str):
            english += item
            continue
        pi, a, b = item
        pieces = []
        for si, s in enumerate(sentences[pi]):
            if not _overlaps(paragraphs[pi].source, a, b, s.start, s.end):
                continue
            key = (pi, si, a, b)
            if key in parts:
                pieces.append(parts[key])
                flags.append(FLAG_SPLIT_TRANSLATION)
            else:
                pieces.append(s.english)
            flags.extend(s.flags)
        text = " ".join(p for p in pieces if p)
        if not text:
            return None  # no English for this stretch: a tool would get half a translation
        english += text
        used.append(pi)
    origins = {paragraphs[i].origin for i in used}
    return FileSegment(
        source=seg.text,
        target=english.strip(),
        line_start=seg.line_start,
        line_end=seg.line_end,
        paragraphs=tuple(dict.fromkeys(paragraphs[i].index for i in used)),
        of="original-line" if seg.line_start == seg.line_end else "original-lines",
        origin=origins.pop() if len(origins) == 1 else "mixed",
        flags=tuple(dict.fromkeys(flags)),
    )
