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

Any accepted rendering (``en`` or a variant) realises an occurrence. A form on the term's avoid-list
found in the text is a wrong rendering and is reported on the term's occurrences (in text order, the
last one collecting any surplus), unless it lies inside an occurrence of an accepted rendering of a
term in the segment at least as long as itself ("Belt and Road" inside an accepted "Belt and Road
Initiative" is not the avoided "Belt and Road Strategy"). The words of a wrong rendering realise
nothing: "Belt and Road Strategy" does not realise "Belt and Road".
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
    """Map inflected forms of an English word to one key (not a linguistic stem).

    The plural goes first and the verb ending is taken from what is left, so "buildings" meets
    "building" and "build", "speeds" meets "speed", "agreed" meets "agree".
    """
    w = word.split("'")[0]  # possessive: "people's" → "people"
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    if w.endswith("eed") and len(w) > 4:
        w = w[:-1]  # "agreed" → "agree"; "speed" → "spee", as "speeds" and "speeding" become
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
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


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character span in ``text`` of each word ``words(text)`` returns, in the same order."""
    lowered = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    if len(lowered) == len(text):
        return [m.span() for m in _WORD.finditer(lowered)]
    # Normalisation changed the length (a ligature, a full-width form): map character by character.
    origin: list[int] = []
    pieces = []
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch).lower().replace("\u2019", "'").replace("\u2018", "'")
        pieces.append(piece)
        origin += [i] * len(piece)
    joined = "".join(pieces)
    origin.append(len(text))
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in _WORD.finditer(joined)]


@dataclass(frozen=True)
class Realisation:
    hit: TermHit
    rendering: str | None  # the rendering found, None when the occurrence is not realised
    span: tuple[int, int] | None = None  # word indices in the output
    avoided: tuple[tuple[str, tuple[int, int]], ...] = ()  # avoid-listed renderings found, with word spans

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
    wrong = _wrong_renderings(haystack, terms)
    for spans in wrong.values():
        for _, (pos, end) in spans:
            taken[pos:end] = [True] * (end - pos)

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
        avoided = _share(wrong.get(zh, []), len(waiting))
        # Matches are handed to occurrences in text order, so the first occurrence gets the first match.
        chosen.sort()
        for n, i in enumerate(waiting):
            if n < len(chosen):
                pos, length, rendering = chosen[n]
                result[i] = Realisation(hits[i], rendering, (pos, pos + length), avoided[n])
            else:
                result[i] = Realisation(hits[i], None, None, avoided[n])
    return result  # type: ignore[return-value]  # every slot is filled above


def _wrong_renderings(haystack: list[str], terms: dict[str, Term]) -> dict[str, list[tuple[str, tuple[int, int]]]]:
    """Per term, the avoid-listed renderings in ``haystack`` that no accepted rendering covers."""
    if not any(t.avoid for t in terms.values()):
        return {}
    accepted = [(pos, pos + len(keys)) for t in terms.values() for r in dict.fromkeys(t.renderings)
                for keys in [rendering_keys(r)] for pos in _occurrences(haystack, keys)]
    found: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    claimed = [False] * len(haystack)  # a shorter avoided form inside a longer one is the same mistake
    forms = sorted(((zh, form) for zh, t in terms.items() for form in dict.fromkeys(t.avoid)),
                   key=lambda f: -len(rendering_keys(f[1])))
    for zh, form in forms:
        keys = rendering_keys(form)
        for pos in _occurrences(haystack, keys):
            end = pos + len(keys)
            if not any(claimed[pos:end]) and not any(a <= pos and end <= b for a, b in accepted):
                claimed[pos:end] = [True] * (end - pos)
                found.setdefault(zh, []).append((form, (pos, end)))
    return {zh: sorted(spans, key=lambda s: s[1]) for zh, spans in found.items()}


def _share(spans: list, occurrences: int) -> list[tuple]:
    """Hand wrong renderings to a term's occurrences in text order; the last one takes any surplus."""
    shares = [tuple(spans[n:n + 1]) for n in range(occurrences)]
    if occurrences and len(spans) > occurrences:
        shares[-1] = tuple(spans[occurrences - 1:])
    return shares
