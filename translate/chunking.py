"""Split a text that exceeds the model's input limit into pieces that fit. Nothing is ever truncated.

Order of preference: sentence boundaries, then clause punctuation, then a hard cut between characters
(a 10,000-character run with no punctuation still gets translated, piece by piece).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CLAUSE = re.compile(r"(?<=[，、；：,;:])")


def _pack(parts: list[str], fits: Callable[[str], bool]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for part in parts:
        if current and fits(current + part):
            current += part
        else:
            if current:
                chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, fits: Callable[[str], bool]) -> list[str]:
    pieces = []
    while text:
        lo, hi = 1, len(text)
        while lo < hi:  # longest prefix that fits
            mid = (lo + hi + 1) // 2
            if fits(text[:mid]):
                lo = mid
            else:
                hi = mid - 1
        pieces.append(text[:lo])
        text = text[lo:]
    return pieces


def chunk_text(text: str, fits: Callable[[str], bool], sentences: Callable[[str], list[str]]) -> list[str]:
    """Pieces of ``text`` that each satisfy ``fits``; ``"".join(result) == text``."""
    if fits(text):
        return [text]
    out: list[str] = []
    for sentence in _pack(sentences(text) or [text], fits):
        if fits(sentence):
            out.append(sentence)
            continue
        for clause in _pack([c for c in _CLAUSE.split(sentence) if c], fits):
            out.extend([clause] if fits(clause) else _hard_cut(clause, fits))
    return out
