"""Is a term occurrence realised in an English text?

Both the output and every rendering are reduced to a sequence of word stems: NFKC, lower case,
hyphens and punctuation ignored, a light suffix stripper for plural / -ing / -ed / -s, so
"streamline administration" is found in "streamlining administration" and "Party-building" in
"Party building". A leading article of a rendering is optional ("the new development paradigm" is
realised by "a new development paradigm").

Each source occurrence consumes one match: two hits of a term need two non-overlapping occurrences
of its renderings, and a token claimed by one term cannot realise another. Longer renderings claim
first so a short term ("the Party") cannot take the words of a longer one ("the Communist Party of
China") away from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bitext.core.terms import Term, TermHit

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_ARTICLES = {"the", "a", "an"}


def stem(word: str) -> str:
    """Map inflected forms of an English word to one key (not a linguistic stem)."""
    w = word.split("'")[0]  # possessive: "people's" → "people"
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeious":
        w = w[:-1]  # "planned" → "plann" → "plan"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # "streamline" and "streamlining" both end at "streamlin"
    return w


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return [stem(w) for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def rendering_keys(rendering: str) -> tuple[str, ...]:
    keys = words(rendering)
    if len(keys) > 1 and keys[0] in _ARTICLES:
        keys = keys[1:]
    return tuple(keys)


@dataclass(frozen=True)
class Realisation:
    hit: TermHit
    rendering: str | None  # the rendering found, None when the occurrence is not realised
    span: tuple[int, int] | None = None  # word indices in the output

    @property
    def realised(self) -> bool:
        return self.rendering is not None


def _occurrences(haystack: list[str], keys: tuple[str, ...]) -> list[int]:
    if not keys:
        return []
    n = len(keys)
    first = keys[0]
    return [i for i, w in enumerate(haystack) if w == first and tuple(haystack[i:i + n]) == keys]


def realise(hits: Sequence[TermHit], text: str) -> list[Realisation]:
    """One Realisation per hit, in the order of ``hits``."""
    haystack = words(text)
    by_zh: dict[str, list[int]] = defaultdict(list)
    terms: dict[str, Term] = {}
    for i, hit in enumerate(hits):
        by_zh[hit.term.zh].append(i)
        terms[hit.term.zh] = hit.term

    taken = [False] * len(haystack)
    result: list[Realisation | None] = [None] * len(hits)

    def longest(zh: str) -> int:
        return max(len(rendering_keys(r)) for r in terms[zh].renderings)

    for zh in sorted(by_zh, key=longest, reverse=True):
        waiting = sorted(by_zh[zh], key=lambda i: hits[i].start)
        candidates = sorted(((len(rendering_keys(r)), pos, r) for r in dict.fromkeys(terms[zh].renderings)
                             for pos in _occurrences(haystack, rendering_keys(r))),
                            key=lambda c: (-c[0], c[1]))
        chosen = []
        for length, pos, rendering in candidates:
            if len(chosen) == len(waiting):
                break
            if not any(taken[pos:pos + length]):
                taken[pos:pos + length] = [True] * length
                chosen.append((pos, length, rendering))
        # Matches are handed to occurrences in text order, so the first occurrence gets the first match.
        for i, (pos, length, rendering) in zip(waiting, sorted(chosen)):
            result[i] = Realisation(hits[i], rendering, (pos, pos + length))
        for i in waiting[len(chosen):]:
            result[i] = Realisation(hits[i], None)
    return result  # type: ignore[return-value]  # every slot is filled above
