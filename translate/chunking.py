"""Split a text that exceeds the model's input limit into pieces that fit. Nothing is ever truncated.

Order of preference: sentence boundaries, then clause punctuation, then a hard cut between characters
(a 10,000-character run with no punctuation still gets translated, piece by piece).

Time and memory are linear in the length of the text (a 1 MB line without punctuation: see
bench/chunking.py). Every part is counted once; parts are packed on the sum of their counts and only
a finished piece is counted again, as a check. A hard cut gallops from the previous piece's length
instead of searching the whole remaining text, so each cut tokenizes about twice the piece it finds,
never the rest of the document. Nothing counted here is kept: the probes are thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CLAUSE = re.compile(r"(?<=[，、；：,;:])")

Count = Callable[[str], int]  # tokens of one text, special tokens included


class _Chunker:
    def __init__(self, count: Count, limit: int):
        self.count = count
        self.limit = limit
        # Special tokens every encoded text carries (</s>, language codes): counted once per piece.
        self.overhead = count("")

    def fits(self, text: str) -> bool:
        return self.count(text) <= self.limit

    def pack(self, parts: list[str]) -> list[tuple[str, bool]]:
        """Consecutive parts joined while their joint count fits, each piece with whether it fits
        (a part too long on its own stays alone, to be cut finer).

        The sum of the parts' own counts is a close estimate of the joint count (tokenizers differ at
        most at the seams), so each part is counted once and each joined piece once more to confirm."""
        pieces: list[tuple[str, bool]] = []
        group: list[str] = []
        tokens = 0
        for part in parts:
            n = self.count(part) - self.overhead
            if group and tokens + n + self.overhead > self.limit:
                pieces.extend(self._confirmed(group, tokens))
                group, tokens = [], 0
            group.append(part)
            tokens += n
        if group:
            pieces.extend(self._confirmed(group, tokens))
        return pieces

    def _confirmed(self, group: list[str], tokens: int) -> list[tuple[str, bool]]:
        if len(group) == 1:
            return [(group[0], tokens + self.overhead <= self.limit)]
        joined = "".join(group)
        if self.fits(joined):
            return [(joined, True)]
        # The seams cost more than estimated: the exact greedy packing, over one piece's worth of parts.
        pieces: list[tuple[str, bool]] = []
        current = ""
        for part in group:
            if current and self.fits(current + part):
                current += part
            else:
                if current:
                    pieces.append((current, True))
                current = part
        pieces.append((current, self.fits(current)))
        return pieces

    def hard_cut(self, text: str) -> list[str]:
        """Cut between characters into the longest prefixes that fit.

        The search starts at the previous piece's length and gallops outwards (steps 1, 2, 4 …), so
        pieces of similar length cost two or three counts each, and never more than the piece's own
        length times a logarithm."""
        pieces = []
        start = 0
        guess = max(1, self.limit)  # most tokenizers give at least one character per token
        while start < len(text):
            rest = len(text) - start
            n = min(guess, rest)
            step = 1
            if self.fits(text[start:start + n]):
                lo, hi = n, rest
                while lo < hi:  # up: the first probe that fails bounds the search
                    probe = min(lo + step, rest)
                    if not self.fits(text[start:start + probe]):
                        hi = probe - 1
                        break
                    lo, step = probe, step * 2
            else:
                lo, hi = 1, n - 1
                while lo < hi:  # down: the first probe that fits bounds the search
                    probe = max(hi - step + 1, 1)
                    if self.fits(text[start:start + probe]):
                        lo = probe
                        break
                    hi, step = probe - 1, step * 2
            while lo < hi:  # longest prefix that fits, within [lo, hi]
                mid = (lo + hi + 1) // 2
                if self.fits(text[start:start + mid]):
                    lo = mid
                else:
                    hi = mid - 1
            lo = max(lo, 1)
            pieces.append(text[start:start + lo])
            start += lo
            guess = lo
        return pieces


def chunk_text(text: str, count: Count, limit: int, sentences: Callable[[str], list[str]], *,
               tokens: int | None = None) -> list[str]:
    """Pieces of ``text`` that each count at most ``limit`` tokens; ``"".join(result) == text``.

    ``tokens``: ``count(text)`` when the caller already knows it."""
    chunker = _Chunker(count, limit)
    if (count(text) if tokens is None else tokens) <= limit:
        return [text]
    out: list[str] = []
    for sentence, fits in chunker.pack(sentences(text) or [text]):
        if fits:
            out.append(sentence)
            continue
        for clause, fits in chunker.pack([c for c in _CLAUSE.split(sentence) if c]):
            out.extend([clause] if fits else chunker.hard_cut(clause))
    return out
