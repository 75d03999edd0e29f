"""Glossary terms as every layer sees them: an entry, an occurrence in Chinese text, the verdict on it.

They live in the core because aligned documents carry term checks to the writers.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a ``source`` field says that no official rendering exists and the project chose one.
_PROJECT_CHOICE_MARKERS = ("project choice", "no official rendering")


@dataclass(frozen=True)
class Variant:
    """An accepted rendering other than the preferred one, with the official edition that used it.

    ``year`` and ``source`` are set together for a form an official edition printed (the form may
    since have been replaced); a plain variant (short citation form, common wording) has neither.
    """

    text: str
    year: int | None = None
    source: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Term:
    zh: str
    en: str  # the preferred rendering: the most recent official one; enforcement inserts it
    variants: tuple[Variant, ...] = ()  # other accepted renderings (plain strings are converted)
    category: str = "other"
    note: str = ""
    source: str = ""  # the publication that fixes ``en``, or "no official rendering; project choice: …"
    avoid: tuple[str, ...] = ()  # renderings that must not be used: forms official editions dropped, calques
    origin: str = "builtin"  # file the entry came from, for lint messages and provenance
    line: int = 0

    def __post_init__(self) -> None:
        # Callers (and older code) pass variants as plain strings; the entry always holds Variants.
        if self.variants and not all(type(v) is Variant for v in self.variants):
            object.__setattr__(self, "variants", tuple(v if isinstance(v, Variant) else Variant(str(v))
                                                       for v in self.variants))
        if type(self.avoid) is not tuple:
            object.__setattr__(self, "avoid", (self.avoid,) if isinstance(self.avoid, str) else tuple(self.avoid))

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every accepted rendering, the preferred one first."""
        return (self.en, *(v.text for v in self.variants))

    @property
    def variant_texts(self) -> tuple[str, ...]:
        return tuple(v.text for v in self.variants)

    @property
    def publications(self) -> tuple[str, ...]:
        """The publications ``source`` names (``;`` separates them), as written."""
        return tuple(part.strip() for part in self.source.split(";") if part.strip())

    @property
    def provenance(self) -> str:
        """Where ``en`` comes from: "official" (a publication is named), "project" (no official
        rendering exists and the project chose one) or "unsourced" (the entry names no source)."""
        lowered = self.source.lower()
        if any(marker in lowered for marker in _PROJECT_CHOICE_MARKERS):
            return "project"
        return "official" if self.source.strip() else "unsourced"


# What to call ``en`` for each provenance: an entry whose rendering is a project choice is never
# presented as official.
RENDERING_LABELS = {
    "official": "official rendering",
    "project": "project rendering; no official rendering exists",
    "unsourced": "glossary rendering; no source given",
}


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
    or "flagged" when nothing did: flagged occurrences are never silent. ``avoided`` is an
    avoid-listed rendering of the term found in the English (a wrong rendering), whether or not an
    accepted rendering is there too.
    """

    hit: TermHit
    realised: bool
    rendering: str | None = None  # the rendering found in the output
    how: str = "model"
    avoided: str | None = None
    # The English words that realise it, as written ("streamlining administration", "labour
    # productivity", "prevent and mitigate natural disasters"): what a review page marks.
    found: str | None = None
