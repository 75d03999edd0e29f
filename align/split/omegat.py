"""The segments OmegaT makes from a plain-text file: its Text filter, then its default SRX rules.

Verified with OmegaT 3.6 (Debian ``omegat``) in console mode. Of its filters only the Text filter and
the DokuWiki filter claim ``*.txt``; with a fresh configuration the Text filter reads it. None claims
``*.md``: a translator adds ``*.md`` to the Text filter's masks, and Markdown is then read as plain
text, ``#`` marks included. The Text filter makes paragraphs in one of two ways (option ``segmentOn``):

* ``breaks``: every line is a paragraph;
* ``emptylines`` (OmegaT's default): consecutive lines up to a blank one are one paragraph, line
  breaks included; a line is blank when Java's ``String.trim()`` leaves nothing of it (only
  characters up to U+0020 are trimmed, so a line holding an ideographic space is not blank).

Each paragraph is cut where the SRX rules break (:func:`bitext.align.split.zh.omegat_breaks`, which
treat a line break like any other character) and every piece is trimmed of what Java's
``Character.isWhitespace`` calls white space (U+3000 is, U+00A0 is not); empty pieces are no segment.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bitext.align.split.zh import omegat_breaks

PARAGRAPH_MODES = ("breaks", "emptylines")


@dataclass(frozen=True)
class TextSegment:
    """One OmegaT segment of a text file.

    ``pieces`` locate it: for each line it touches, ``(line number, start, end)`` with 1-based line
    numbers and character offsets into that line; what lies between two pieces is a line break.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]

    @property
    def line_start(self) -> int:
        return self.pieces[0][0]

    @property
    def line_end(self) -> int:
        return self.pieces[-1][0]


def java_whitespace(ch: str) -> bool:
    """``Character.isWhitespace``: Unicode space separators except the no-break ones, and controls."""
    if ch in "\u00a0\u2007\u202f":
        return False
    return ch in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _java_blank(line: str) -> bool:
    return all(ord(c) <= 0x20 for c in line)


def _paragraphs(lines: Sequence[str], mode: str) -> list[list[int]]:
    """Line indices (0-based) of each Text-filter paragraph."""
    if mode == "breaks":
        return [[i] for i, line in enumerate(lines) if not _java_blank(line)]
    if mode != "emptylines":
        raise ValueError(f"unknown OmegaT paragraph mode {mode!r}; choose one of {', '.join(PARAGRAPH_MODES)}")
    out: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if _java_blank(line):
            if current:
                out.append(current)
            current = []
        else:
            current.append(i)
    if current:
        out.append(current)
    return out


def omegat_text_segments(lines: Sequence[str], mode: str = "emptylines") -> list[TextSegment]:
    """The segments OmegaT makes from a text file given as its lines (without line breaks)."""
    segments: list[TextSegment] = []
    for group in _paragraphs(lines, mode):
        starts: list[int] = []
        text = ""
        for i in group:
            starts.append(len(text))
            text += lines[i] + "\n" if mode == "emptylines" else lines[i]
        cuts = sorted(set(b for b in omegat_breaks(text) if 0 < b < len(text))) + [len(text)]
        begin = 0
        for cut in cuts:
            s, e = begin, cut
            begin = cut
            while s < e and java_whitespace(text[s]):
                s += 1
            while e > s and java_whitespace(text[e - 1]):
                e -= 1
            if e <= s:
                continue
            pieces = []
            for i, offset in zip(group, starts):
                a, b = max(s, offset), min(e, offset + len(lines[i]))
                if a < b:
                    pieces.append((i + 1, a - offset, b - offset))
            segments.append(TextSegment(text[s:e], tuple(pieces)))
    return segments
