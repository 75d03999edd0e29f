"""Check glossary files: every finding names file:line and has a severity.

error   — the entry cannot work: empty zh/en, zh without Chinese, one zh with two different
          renderings in the same file, a file that does not parse.
warning — probably a mistake: exact duplicates, a variant repeating en, an unknown category,
          Chinese characters in the English.
info    — worth knowing: a term contained in another (matching prefers the longer), an entry a
          later file overrides, an entry without a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bitext.glossary import formats
from bitext.core.terms import Term
from bitext.core.errors import FormatError

CATEGORIES = ("slogan-theory", "party-state-body", "title-post", "policy-campaign", "institution", "place",
              "other")
SEVERITIES = ("error", "warning", "info")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


def lint_files(paths: Sequence[str | Path]) -> list[Finding]:
    findings: list[Finding] = []
    loaded: list[list[Term]] = []
    for path in paths:
        try:
            terms = formats.parse(path)
        except FormatError as exc:
            findings.append(Finding(exc.path or str(path), exc.line or 0, "error", "unreadable", exc.args[0]))
            continue
        loaded.append(terms)
        findings.extend(lint_terms(terms))
    findings.extend(_overrides(loaded))
    return sorted(findings, key=lambda f: (f.path, f.line, SEVERITIES.index(f.severity)))


def lint_terms(terms: Sequence[Term]) -> list[Finding]:
    """Findings about one file's entries."""
    findings = [f for t in terms for f in _entry(t)]
    findings += _duplicates(terms)
    findings += _containment(terms)
    return findings


def _finding(term: Term, severity: str, code: str, message: str) -> Finding:
    return Finding(term.origin, term.line, severity, code, message)


def _entry(t: Term) -> Iterable[Finding]:
    if not t.zh:
        yield _finding(t, "error", "empty-zh", "empty 'zh' field")
    elif not _HAN.search(t.zh):
        yield _finding(t, "error", "zh-not-chinese", f"zh '{t.zh}' contains no Chinese characters")
    if not t.en:
        yield _finding(t, "error", "empty-en", f"entry '{t.zh}' has an empty 'en' field")
    for rendering in t.renderings:
        if _HAN.search(rendering):
            yield _finding(t, "warning", "en-has-chinese", f"rendering '{rendering}' contains Chinese characters")
    lowered = [r.lower() for r in t.renderings]
    for dup in sorted({r for r in lowered if lowered.count(r) > 1}):
        yield _finding(t, "warning", "repeated-rendering", f"'{dup}' is listed twice among en and variants")
    if t.category not in CATEGORIES:
        yield _finding(t, "warning", "unknown-category",
                       f"category '{t.category}' is not one of {', '.join(CATEGORIES)}")
    if not t.source:
        yield _finding(t, "info", "no-source", f"entry '{t.zh}' names no source for its rendering")


def _duplicates(terms: Sequence[Term]) -> Iterable[Finding]:
    first: dict[str, Term] = {}
    for t in terms:
        if not t.zh:
            continue
        earlier = first.setdefault(t.zh, t)
        if earlier is t:
            continue
        if earlier.en.lower() == t.en.lower():
            yield _finding(t, "warning", "duplicate", f"'{t.zh}' repeats line {earlier.line}")
        else:
            yield _finding(t, "error", "conflict", f"'{t.zh}' is rendered '{t.en}' here but '{earlier.en}' "
                                                   f"on line {earlier.line}; keep one and list the other as a variant")


def _containment(terms: Sequence[Term]) -> Iterable[Finding]:
    import ahocorasick

    zh = sorted({t.zh for t in terms if t.zh})
    if len(zh) < 2:
        return
    automaton = ahocorasick.Automaton()
    for z in zh:
        automaton.add_word(z, z)
    automaton.make_automaton()
    by_zh = {t.zh: t for t in terms if t.zh}
    for t in by_zh.values():
        inner = sorted({z for _, z in automaton.iter(t.zh) if z != t.zh})
        if inner:
            yield _finding(t, "info", "contains-term",
                           f"'{t.zh}' contains {', '.join(repr(z) for z in inner)}; the longer term wins when matching")


def _overrides(files: Sequence[Sequence[Term]]) -> Iterable[Finding]:
    seen: dict[str, Term] = {}
    for terms in files:
        current = {t.zh: t for t in terms if t.zh}
        for zh, t in current.items():
            earlier = seen.get(zh)
            if earlier is not None and earlier.origin != t.origin:
                yield _finding(t, "info", "overrides",
                               f"'{zh}' overrides the entry at {earlier.origin}:{earlier.line}")
        seen.update(current)
