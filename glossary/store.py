"""The glossary in use: the built-in term base plus user files, merged entry by entry.

Later sources override earlier ones for the same ``zh`` (built-in first, then ``--glossary`` files in
the order given), keeping the position of the first definition so listings stay stable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bitext.glossary import formats
from bitext.glossary.matcher import Matcher
from bitext.core.printing import bare_zh
from bitext.core.terms import Term, TermCheck, TermHit
from bitext.core.errors import FormatError

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILTIN_FILE = DATA_DIR / "terms.tsv"
BUILTIN_VERSION_FILE = DATA_DIR / "VERSION"


@dataclass(frozen=True)
class GlossaryInfo:
    """What identifies a loaded glossary in cache keys and output metadata."""

    version: str
    entries: int
    files: tuple[str, ...] = field(default_factory=tuple)


class Glossary:
    def __init__(self, terms: Iterable[Term], files: Sequence[str] = (), label: str = "custom"):
        merged: dict[str, Term] = {}
        for term in terms:
            merged[term.zh] = term  # dict keeps the first position, takes the last value
        self.terms: tuple[Term, ...] = tuple(merged.values())
        self.files = tuple(files)
        self.label = label
        self._by_zh = merged
        self._by_bare: dict[str, Term] = {}
        for term in self.terms:
            self._by_bare[bare_zh(term.zh)] = term  # the matcher's choice too: the later entry

    def __len__(self) -> int:
        return len(self.terms)

    def lookup(self, zh: str) -> Term | None:
        """The entry for ``zh``; failing an exact match, the one printed differently (quotation marks,
        spacing, widths, dashes: “一带一路” / 一带一路; see ``printing``)."""
        exact = self._by_zh.get(zh.strip())
        if exact is not None:
            return exact
        return self._by_bare.get(bare_zh(zh))

    def search(self, query: str) -> list[Term]:
        """The entry whose zh is ``query``, else entries whose English contains it (case-insensitive) or
        whose Chinese contains it (printing ignored)."""
        exact = self.lookup(query)
        if exact is not None:
            return [exact]
        q = " ".join(query.split()).lower()
        if not q:
            return []
        bare = bare_zh(query)
        return [t for t in self.terms
                if any(q in r.lower() for r in t.renderings) or (bare and bare in bare_zh(t.zh))]

    def by_category(self, category: str | None) -> list[Term]:
        return [t for t in self.terms if category is None or t.category == category]

    def find(self, text: str) -> list[TermHit]:
        return self.matcher.find(text)

    def find_all(self, text: str) -> list[TermHit]:
        return self.matcher.find_all(text)

    def check(self, source: str, translation: str) -> list[TermCheck]:
        """Each term occurrence in ``source``: realised in ``translation`` or not (``how="flagged"``)."""
        from bitext.glossary.enforce import enforce

        (result,) = enforce([source], lambda texts: [translation] * len(texts), self, "check")
        return result.checks

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.terms)

    @cached_property
    def info(self) -> GlossaryInfo:
        return GlossaryInfo(version=f"{self.label}+{content_hash(self.terms)}", entries=len(self.terms),
                            files=self.files)


def content_hash(terms: Iterable[Term]) -> str:
    """Changes whenever what enforcement and scoring use changes (zh, en, variants, avoid).

    Notes, categories, sources and the years of variants do not change any translation, so editing
    them keeps caches valid.
    """
    h = hashlib.sha256()
    for t in sorted(terms, key=lambda t: t.zh):
        avoid = ("\x1d", *t.avoid) if t.avoid else ()  # entries without an avoid-list hash as before
        h.update("\x1f".join((t.zh, t.en, *t.variant_texts, *avoid)).encode("utf-8") + b"\x1e")
    return h.hexdigest()[:12]


def builtin_version() -> str:
    try:
        return BUILTIN_VERSION_FILE.read_text(encoding="utf-8").strip() or "builtin"
    except OSError:
        return "builtin"


def load_builtin() -> list[Term]:
    if not BUILTIN_FILE.is_file():
        raise FormatError("the built-in term base is missing from this installation; reinstall bitext "
                          "or pass --no-builtin-glossary", path=str(BUILTIN_FILE))
    return [t for t in formats.read(BUILTIN_FILE, "tsv")]


def load_glossary(files: Sequence[str | Path] = (), builtin: bool = True) -> Glossary:
    """Built-in base (unless ``builtin`` is False) merged with ``files``; any bad file raises FormatError."""
    terms: list[Term] = []
    label_parts = []
    if builtin:
        terms.extend(load_builtin())
        label_parts.append(builtin_version())
    for f in files:
        terms.extend(formats.read(f))
    if files:
        label_parts.append(f"{len(files)}file" + ("s" if len(files) > 1 else ""))
    return Glossary(terms, files=[str(f) for f in files], label="+".join(label_parts) or "empty")
