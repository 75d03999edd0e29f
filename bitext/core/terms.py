"""Glossary terms as every layer sees them: an entry, an occurrence in Chinese text, the verdict on it.

They live in the core because aligned documents carry term checks to the writers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    zh: str
    en: str  # the preferred (official) rendering
    variants: tuple[str, ...] = ()  # other accepted renderings
    category: str = "other"
    note: str = ""
    source: str = ""
    origin: str = "builtin"  # file the entry came from, for lint messages and provenance
    line: int = 0

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.variants)


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a glossary entry in a Chinese string; offsets are character offsets."""

    term: Term
    start: int
    end: int


@dataclass(frozen=True)
class TermCheck:
    """Whether one source occurrence is realised in the English output.

    ``how`` records the strategy that realised it ("model", "inline", "placeholder", "repaired"),
    or "flagged" when nothing did: flagged occurrences are never silent.
    """

    hit: TermHit
    realised: bool
    rendering: str | None = None  # the rendering found in the output
    how: str = "model"
