"""Is a term occurrence realised in an English text?

Both the output and every rendering are reduced to a sequence of word stems: NFKC, lower case,
hyphens and punctuation ignored, British spellings folded into the American ones official editions
use ("modernisation", "labour", "centre", "programme"), a light suffix stripper for plural / -ing /
-ed / -s, so "streamline administration" is found in "streamlining administration" and
"Party-building" in "Party building". A leading article of a rendering is optional ("the new
development paradigm" is realised by "a new development paradigm").

A rendering of two or more words is also realised with one word inserted between two of its words,
within one clause ("prevent and mitigate natural disasters" realises "prevent and mitigate
disasters", "non-public sector enterprises" realises "non-public enterprises"): official editions
and good translations qualify a term in place, and flagging those would teach reviewers to ignore
the flag. Matches without an inserted word are taken first.

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
_NOT_INSERTED = {"and", "or", "nor", "but", "not", "no", "never"}
_CLAUSE_END = re.compile(r"[.;:!?\n\u3002\uff1b\uff1a\uff01\uff1f]")

# British spellings fold into American ones on both sides of a comparison, so folding can only go wrong
# where it merges two different real words. The -ise/-yse family folds by its ending (words that are not
# of it, "enterprise", fold too, harmlessly: "enterprize" is no word); -our, -re and -ence by named stems,
# so "four" stays apart from "for"; the rest by a list.
_BRITISH_ENDING = re.compile(r"(?<=\w\w)(is|ys)(e|es|ed|ing|ation|ations|er|ers)$")
_BRITISH_STEM = re.compile(
    r"^(lab|hon|fav|behavi|neighb|col|harb|vig|rig|endeav|arm|hum|sav|rum|od|tum|val|vap|splend|ard)our"
    r"|(cent|met|lit|theat|fib|calib|spect|lust|meag|somb|manoeuv)r(?=e$|es$|ed$|ing$)"
    r"|(def|off|lic|pret)enc(?=e$|es$)")
_BRITISH_WORDS = {
    "programme": "program", "programmes": "programs", "ageing": "aging", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "enrolment": "enrollment", "fulfilment": "fulfillment",
    "instalment": "installment", "skilful": "skillful", "wilful": "willful", "catalogue": "catalog",
    "analogue": "analog", "grey": "gray", "aluminium": "aluminum", "sceptical": "skeptical",
    "mould": "mold", "plough": "plow", "jewellery": "jewelry", "paediatric": "pediatric",
}


def american(word: str) -> str:
    """The American spelling of a British-spelt word (lower case in, lower case out)."""
    word = _BRITISH_WORDS.get(word, word)
    word = _BRITISH_ENDING.sub(lambda m: ("iz" if m[1] == "is" else "yz") + m[2], word)

    def fold(m: re.Match) -> str:
        if m[1]:
            return m[1] + "or"
        if m[2]:
            return m[2] + "er"
        return m[3] + "ens"
    return _BRITISH_STEM.sub(fold, word)


@lru_cache(maxsize=65536)  # a text's words repeat; the regular expressions of american() are the cost
def stem(word: str) -> str:
    """Map inflected forms of an English word to one key (not a linguistic stem).

    The plural goes first and the verb ending is taken from what is left, so "buildings" meets
    "building" and "build", "speeds" meets "speed", "agreed" meets "agree".
    """
    w = american(word.split("'")[0])  # possessive: "people's" → "people"
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


def _occurrences(haystack: Sequence[str], keys: tuple[str, ...]) -> list[int]:
    if not keys:
        return []
    n = len(keys)
    first = keys[0]
    return [i for i, w in enumerate(haystack) if w == first and tuple(haystack[i:i + n]) == keys]


def _with_one_inserted(haystack: Sequence[str], keys: tuple[str, ...], clause: Sequence[int]) -> list[tuple[int, ...]]:
    """Word indices of each match of ``keys`` with exactly one extra word between two of them, inside
    one clause (``clause[i]`` numbers the clause of word ``i``). The extra word is never a conjunction
    or a negation: "government or set" is a coordination, not a qualified "government-set"."""
    n = len(keys)
    if n < 2:
        return []
    found = []
    for i in _occurrences(haystack, keys[:1]):
        end = i + n  # the last word, the inserted one counted
        if end >= len(haystack) or clause[i] != clause[end]:
            continue
        for gap in range(1, n):
            if (haystack[i + gap] not in _NOT_INSERTED
                    and tuple(haystack[i:i + gap]) == keys[:gap]
                    and tuple(haystack[i + gap + 1:end + 1]) == keys[gap:]):
                found.append(tuple(range(i, i + gap)) + tuple(range(i + gap + 1, end + 1)))
    return found


def _clauses(text: str) -> list[int]:
    """The clause number of each word of ``words(text)``: a new clause after . ; : ! ? and their
    full-width forms, and at a line break."""
    spans = word_spans(text)
    numbers, clause = [], 0
    for n, (start, _) in enumerate(spans):
        if n and _CLAUSE_END.search(text, spans[n - 1][1], start):
            clause += 1
        numbers.append(clause)
    return numbers


def _longest_first(candidates) -> list[tuple[tuple[int, ...], str]]:
    """(word indices, rendering) from (keys, word indices, rendering): longer renderings first, then
    text order."""
    return [(found, r) for _, found, r in sorted(candidates, key=lambda c: (-len(c[0]), c[1]))]


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

    order = sorted(by_zh, key=longest, reverse=True)
    chosen: dict[str, list[tuple[int, int, str]]] = {zh: [] for zh in order}  # (first word, past last, rendering)

    def claim(zh: str, candidates: list[tuple[tuple[int, ...], str]]) -> None:
        for found, rendering in candidates:
            if len(chosen[zh]) == len(by_zh[zh]):
                return
            if not any(taken[i] for i in found):
                for i in found:
                    taken[i] = True
                chosen[zh].append((found[0], found[-1] + 1, rendering))

    # Every term's exact matches are claimed before any match with an inserted word.
    for zh in order:
        claim(zh, _longest_first((rendering_keys(r), tuple(range(pos, pos + len(rendering_keys(r)))), r)
                                 for r in dict.fromkeys(terms[zh].renderings)
                                 for pos in _occurrences(haystack, rendering_keys(r))))
    short = [zh for zh in order if len(chosen[zh]) < len(by_zh[zh])]
    if short:
        clause = _clauses(text)
        for zh in short:
            claim(zh, _longest_first((rendering_keys(r), found, r) for r in dict.fromkeys(terms[zh].renderings)
                                     for found in _with_one_inserted(haystack, rendering_keys(r), clause)))

    for zh in order:
        waiting = sorted(by_zh[zh], key=lambda i: hits[i].start)
        avoided = _share(wrong.get(zh, []), len(waiting))
        # Matches are handed to occurrences in text order, so the first occurrence gets the first match.
        matches = sorted(chosen[zh])
        for n, i in enumerate(waiting):
            if n < len(matches):
                pos, end, rendering = matches[n]
                result[i] = Realisation(hits[i], rendering, (pos, end), avoided[n])
            else:
                result[i] = Realisation(hits[i], None, None, avoided[n])
    return result  # type: ignore[return-value]  # every slot is filled above


def occurs(rendering: str, text: str) -> bool:
    """Whether ``text`` holds ``rendering`` as ``realise`` finds one (word stems, British spelling, one
    inserted word), claims of other terms aside."""
    keys = rendering_keys(rendering)
    haystack, clause = _indexed(text)
    return bool(_occurrences(haystack, keys)) or bool(_with_one_inserted(haystack, keys, clause))


@lru_cache(maxsize=4096)  # occurs() asks about one text for many renderings (the miner: every known unit)
def _indexed(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    return tuple(words(text)), tuple(_clauses(text))


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
