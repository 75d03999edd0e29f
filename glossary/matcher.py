"""Find glossary terms in Chinese text: Aho-Corasick, leftmost-longest, non-overlapping (``find``, what
enforcement and checks use), or every contained occurrence (``find_all``, what mining counts).

pyahocorasick's ``iter_long`` is meant to do this but misses matches (found by comparing it with a
brute-force reference), so all matches come from ``iter`` and the leftmost-longest selection is a
single greedy pass over them, sorted by start and then by length.
"""

from __future__ import annotations

from collections.abc import Iterable

from bitext.core.terms import Term, TermHit


class Matcher:
    def __init__(self, terms: Iterable[Term]):
        import ahocorasick

        self._terms: list[Term] = []
        self._automaton = ahocorasick.Automaton()
        for term in terms:
            if term.zh:
                self._automaton.add_word(term.zh, (len(term.zh), len(self._terms)))
                self._terms.append(term)
        self._empty = not self._terms
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[TermHit]:
        """Hits in text order; a term nested in a longer matching term is not a separate hit."""
        hits: list[TermHit] = []
        covered = 0
        for start, neg_length, index in self._matches(text):
            if start >= covered:
                covered = start - neg_length
                hits.append(TermHit(self._terms[index], start, covered))
        return hits

    def find_all(self, text: str) -> list[TermHit]:
        """Every occurrence of every term, nested and overlapping ones too (中国特色社会主义 inside
        习近平新时代中国特色社会主义思想), in text order, longest first at each start."""
        return [TermHit(self._terms[index], start, start - neg_length)
                for start, neg_length, index in self._matches(text)]

    def _matches(self, text: str) -> list[tuple[int, int, int]]:
        """(start, -length, term index) of every match; sorting puts the longest match first at each start."""
        if self._empty or not text:
            return []
        return sorted((end - length + 1, -length, index) for end, (length, index) in self._automaton.iter(text))
