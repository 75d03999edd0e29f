"""Placeholder tokens for term occurrences: mark the source, restore or strip them in the output.

A marker is ``__T<n>__`` (n = 1, 2 … per segment). Models garble such tokens: they drop or space out
the underscores, change case, split the number, glue markers to words or to each other, duplicate
them or drop them. Restoration therefore reads any recognisable remnant (``__ T 1 __``, ``t1__``,
``_T1``, ``Party__T1``, a bare ``T1``), restores each marker once, and deletes every other remnant,
so no marker text reaches the final output whatever the model produced. This is only sound when
the source and the renderings contain nothing marker-like (``usable``); otherwise the enforcement
skips this strategy for the segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bitext.core.terms import TermHit

_SPACED_UNDERSCORE = re.compile(r"\s*_\s*")
_SPACED_ID = re.compile(r"(?<=_)(T)\s+(?=\d)", re.IGNORECASE)
_UNDERSCORED = re.compile(r"[A-Za-z0-9_]*_[A-Za-z0-9_]*")  # a word with an underscore in it
_ID = re.compile(r"(T_*\d+)", re.IGNORECASE)
# "T1", "T 1", "T1T2", and "T1s": a model may inflect a marker, and the suffix then inflects the rendering.
_BARE = re.compile(r"(?<![A-Za-z0-9_])(?:T\s*\d+)+", re.IGNORECASE)
_BARE_ID = re.compile(r"T\s*(\d+)", re.IGNORECASE)


def marker(n: int) -> str:
    return f"__T{n}__"


def leaked(text: str) -> bool:
    """Whether ``text`` contains anything that could be (a remnant of) a marker."""
    return "_" in text or bool(_BARE.search(text))


def usable(source: str, renderings: Sequence[str] = ()) -> bool:
    return not any(leaked(text) for text in (source, *renderings))


def mark(source: str, hits: Sequence[TermHit]) -> str:
    """``source`` with hit i (in text order) replaced by ``marker(i + 1)``, spaced off from the text."""
    parts, last = [], 0
    for n, hit in enumerate(sorted(hits, key=lambda h: h.start), start=1):
        parts += [source[last:hit.start], f" {marker(n)} "]
        last = hit.end
    parts.append(source[last:])
    return "".join(parts).strip()


def restore(output: str, renderings: Sequence[str]) -> str:
    """Put rendering n-1 where marker n survived; drop duplicates and every other remnant.

    ``renderings`` are in the order the hits were marked.
    """
    done: set[int] = set()

    def take(n: int) -> str:
        if 1 <= n <= len(renderings) and n not in done:
            done.add(n)
            return renderings[n - 1]
        return ""

    def underscored(match: re.Match) -> str:
        pieces = []
        for part in _ID.split(match.group(0)):
            if _ID.fullmatch(part):
                pieces.append(take(int(part.lstrip("Tt_"))))
            else:  # words glued to a marker survive; a lone "T" is what is left of one
                pieces += [p for p in part.split("_") if p and p.lower() != "t"]
        return " " + " ".join(p for p in pieces if p) + " "

    text = _SPACED_ID.sub(r"\1", _SPACED_UNDERSCORE.sub("_", output))
    text = _UNDERSCORED.sub(underscored, text)
    text = _BARE.sub(lambda m: " " + " ".join(take(int(n)) for n in _BARE_ID.findall(m.group(0))), text)
    text = tidy(text)
    while leaked(text):  # pieces the deletions above brought together ("T_ _1" → "T 1"): never let them through
        text = tidy(strip(text))
    return text


def strip(text: str) -> str:
    """Delete every marker remnant without restoring anything."""
    return _BARE.sub(" ", text.replace("_", " "))


def tidy(text: str) -> str:
    """Collapse the spaces restoration leaves behind and keep punctuation attached."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?%)\]}])", r"\1", re.sub(r"([(\[{])\s+", r"\1", text))
