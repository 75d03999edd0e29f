"""Find glossary terms in Chinese text: Aho-Corasick, leftmost-longest, non-overlapping (``find``, what
enforcement and checks use), or every contained occurrence (``find_all``, what mining counts).

pyahocorasick's ``iter_long`` is meant to do this but misses matches (found by comparing it with a
brute-force reference), so all matches come from ``iter`` and the leftmost-longest selection is a
single greedy pass over them, sorted by start and then by length.

Terms and text are compared by their printing key (``printing.bare_zh``: quotation marks, spaces,
character widths and dash forms do not count), so “放管服”改革 in the text finds the entry 放管服改革 and
the other way round; offsets are always those of the original text. Two entries with the same key are
one term printed twice: the later one wins, as a later file overrides an earlier one. An entry quoted
as a whole (“天和”, the space station module) is a name only where the text quotes it too: bare, the
same characters are ordinary words (今天和明天), so it matches only between quotation marks, and there
it wins over a bare twin (双碳 / “双碳”), which keeps the unquoted occurrences.
"""

from __future__ import annotations

from collections.abc import Iterable

from bitext.core.terms import Term, TermHit
from bitext.core.printing import PAIRS, balanced, bare_with_offsets, bare_zh

_OPENING = "".join(PAIRS) + "\"'"
_CLOSING = "".join(PAIRS.values()) + "\"'"


def _wholly_quoted(zh: str) -> bool:
    return len(zh) > 2 and zh[0] in _OPENING and zh[-1] in _CLOSING and bool(bare_zh(zh))


class Matcher:
    def __init__(self, terms: Iterable[Term]):
        import ahocorasick

        self._terms: list[Term] = []
        # key → (index where the text prints it bare, index where the text quotes it): a wholly quoted
        # entry takes only the second place, so it never hides a bare twin's unquoted occurrences.
        roles: dict[str, tuple[int | None, int | None]] = {}
        for term in terms:
            key = bare_zh(term.zh)
            if key:
                index = len(self._terms)
                self._terms.append(term)
                bare, _ = roles.get(key, (None, None))
                roles[key] = (bare, index) if _wholly_quoted(term.zh) else (index, index)
        self._roles = list(roles.values())  # by key number, the value the automaton holds
        self._automaton = ahocorasick.Automaton()
        for i, key in enumerate(roles):
            self._automaton.add_word(key, (len(key), i))
        self._empty = not roles
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[TermHit]:
        """Hits in text order; a term nested in a longer matching term is not a separate hit."""
        hits: list[TermHit] = []
        covered = 0
        key, offsets = bare_with_offsets(text)
        for start, neg_length, key_number in self._matches(key):
            if start >= covered and (hit := self._hit(text, offsets, key_number, start, start - neg_length)) is not None:
                covered = start - neg_length
                hits.append(hit)
        return hits

    def find_all(self, text: str) -> list[TermHit]:
        """Every occurrence of every term, nested and overlapping ones too (中国特色社会主义 inside
        习近平新时代中国特色社会主义思想), in text order, longest first at each start."""
        key, offsets = bare_with_offsets(text)
        hits = (self._hit(text, offsets, key_number, start, start - neg_length)
                for start, neg_length, key_number in self._matches(key))
        return [hit for hit in hits if hit is not None]

    def _matches(self, key: str) -> list[tuple[int, int, int]]:
        """(start, -length, key number) of every match in the printing key of a text; sorting
        puts the longest match first at each start."""
        if self._empty or not key:
            return []
        return sorted((end - length + 1, -length, number) for end, (length, number) in self._automaton.iter(key))

    def _hit(self, text: str, offsets: list[int] | None, key_number: int, start: int, end: int) -> TermHit | None:
        """The match at ``start:end`` of the key as a hit in ``text``, or None where only a wholly quoted
        entry has this key and the text does not quote it. A quotation mark inside the span
        (四个全面”战略布局) brings its partner next to the span along (“四个全面”战略布局)."""
        squeezed = False  # the span has characters the key dropped
        if offsets is not None:
            squeezed = offsets[end - 1] - offsets[start] != end - 1 - start
            start, end = offsets[start], offsets[end - 1] + 1
        bare, quoted = self._roles[key_number]
        if quoted != bare and start > 0 and end < len(text) and text[start - 1] in _OPENING and text[end] in _CLOSING:
            return TermHit(self._terms[quoted], start - 1, end + 1)
        if bare is None:
            return None
        if squeezed:
            start, end = balanced(text, start, end)
        return TermHit(self._terms[bare], start, end)
