"""Turning break positions into :class:`Sentence` objects with exact character offsets.

Whitespace rule (shared by every splitter): a sentence never starts or ends with whitespace
(``str.isspace()`` plus U+FEFF). Whitespace between two sentences, and before the first or after the
last, belongs to no sentence. So ``text[s.start:s.end] == s.text`` always holds, and the paragraph is
rebuilt exactly by ``text[:s0.start] + s0.text + text[s0.end:s1.start] + s1.text + … + text[sN.end:]``.
"""

from __future__ import annotations

from collections.abc import Iterable

from bitext.core.aligned import Sentence


def is_blank(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def sentences_from_breaks(text: str, breaks: Iterable[int]) -> list[Sentence]:
    """Cut ``text`` at each offset in ``breaks`` (sorted or not), trim blanks, drop empty pieces."""
    out: list[Sentence] = []
    start = 0
    for cut in sorted(set(b for b in breaks if 0 < b < len(text))) + [len(text)]:
        s, e = start, cut
        while s < e and is_blank(text[s]):
            s += 1
        while e > s and is_blank(text[e - 1]):
            e -= 1
        if e > s:
            out.append(Sentence(text[s:e], s, e))
        start = cut
    return out


def rebuild(text: str, sentences: list[Sentence]) -> str:
    """The paragraph from its sentences plus the blanks between them (the documented invariant)."""
    parts: list[str] = []
    pos = 0
    for s in sentences:
        parts.append(text[pos : s.start])
        parts.append(s.text)
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)
