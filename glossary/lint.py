"""Check glossary files: every finding names file:line and has a severity.

error   — the entry cannot work: empty zh/en, zh without Chinese, one zh with two different
          renderings in the same file, a file that does not parse; a dated variant with an
          implausible year or without the edition that used it; an avoid-listed rendering that is
          also an accepted rendering of the same entry or of another entry (after the matcher's
          normalisation: case, punctuation, inflection, a leading article), which would flag correct
          English as wrong.
warning — probably a mistake: exact duplicates, two entries that are one term printed differently
          (“放管服”改革 / 放管服改革) or one work named with and without its title marks (《巴黎协定》 /
          巴黎协定; not a work named after a phrase: 《零容忍》 Zero Tolerance / 零容忍 zero tolerance), a
          variant repeating en, an avoid item listed twice, an unknown
          category, Chinese characters in the English, a variant's source without its year, an
          official variant more recent than every year the entry's source names (the preferred
          rendering is the most recent official one).
info    — worth knowing: a term contained in another (matching prefers the longer), an entry a
          later file overrides, an entry without a source, a plain place name (see README: such
          names are not terms to flag).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bitext.glossary import formats
from bitext.core.printing import bare_zh, title_key
from bitext.glossary.realised import rendering_keys
from bitext.core.terms import Term
from bitext.core.errors import FormatError

CATEGORIES = ("slogan-theory", "party-state-body", "title-post", "policy-campaign", "institution", "place",
              "other")
SEVERITIES = ("error", "warning", "info")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
FIRST_YEAR = 1949  # the People's Republic: no official English edition of its documents is older
_SOURCE_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")
# Administrative units whose names are transliterated; a named zone (新区, 自贸区 …) is a term.
_PLACE_SUFFIXES = ("省", "自治区", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "小区")
_NAMED_ZONES = ("新区", "园区", "湾区", "开发区", "试验区", "示范区", "先行区", "合作区", "自贸区", "功能区", "特区")


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
    findings.extend(_avoid_clashes([t for terms in loaded for t in terms], across_files=True))
    return sorted(findings, key=lambda f: (f.path, f.line, SEVERITIES.index(f.severity)))


def lint_terms(terms: Sequence[Term]) -> list[Finding]:
    """Findings about one file's entries."""
    findings = [f for t in terms for f in _entry(t)]
    findings += _duplicates(terms)
    findings += _containment(terms)
    findings += _avoid_clashes(terms)
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
    yield from _variants(t)
    yield from _avoid(t)
    if t.category == "place" and _plain_place_name(t.zh):
        yield _finding(t, "info", "plain-place-name",
                       f"'{t.zh}' is a plain place name; such names are not terms to flag (README, The glossary)")
    if t.category not in CATEGORIES:
        yield _finding(t, "warning", "unknown-category",
                       f"category '{t.category}' is not one of {', '.join(CATEGORIES)}")
    if not t.source:
        yield _finding(t, "info", "no-source", f"entry '{t.zh}' names no source for its rendering")


def _variants(t: Term) -> Iterable[Finding]:
    last_year = date.today().year + 1
    for v in t.variants:
        if v.year is not None and not (len(str(v.year)) == 4 and FIRST_YEAR <= v.year <= last_year):
            yield _finding(t, "error", "variant-year",
                           f"variant '{v.text}': year {v.year} is not a year from {FIRST_YEAR} to {last_year}")
        if v.year is not None and not v.source:
            yield _finding(t, "error", "variant-no-source",
                           f"variant '{v.text}' gives the year {v.year} but not the edition that used it "
                           f"(write rendering|YEAR|SOURCE)")
        if v.year is None and v.source:
            yield _finding(t, "warning", "variant-no-year",
                           f"variant '{v.text}' names its source but not the year (write rendering|YEAR|SOURCE)")
    dated = [v for v in t.variants if v.year is not None and v.source]
    source_years = [int(y) for y in _SOURCE_YEAR.findall(t.source)]
    if dated and source_years and t.provenance == "official":
        newest = max(dated, key=lambda v: v.year)
        if newest.year > max(source_years):
            yield _finding(t, "warning", "variant-newer-than-en",
                           f"variant '{newest.text}' ({newest.year}, {newest.source}) is more recent than the "
                           f"source of en ({max(source_years)}); the preferred rendering is the most recent "
                           f"official one: make it en, or name the newer source of en")


def _avoid(t: Term) -> Iterable[Finding]:
    accepted = {rendering_keys(r): r for r in t.renderings}
    seen: set[tuple[str, ...]] = set()
    for form in t.avoid:
        keys = rendering_keys(form)
        if not keys:
            yield _finding(t, "error", "avoid-empty", f"avoid item '{form}' has no words to match")
        elif keys in accepted:
            yield _finding(t, "error", "avoid-own-rendering",
                           f"avoid item '{form}' is the entry's own rendering '{accepted[keys]}' (after "
                           f"normalisation); a form cannot be both accepted and avoided")
        elif keys in seen:
            yield _finding(t, "warning", "repeated-avoid", f"avoid item '{form}' is listed twice")
        seen.add(keys)


def _avoid_clashes(terms: Sequence[Term], across_files: bool = False) -> Iterable[Finding]:
    """Avoid items equal to another entry's accepted rendering: they would flag correct English."""
    accepted: dict[tuple[str, ...], list[tuple[Term, str]]] = {}
    for t in terms:
        for r in dict.fromkeys(t.renderings):
            accepted.setdefault(rendering_keys(r), []).append((t, r))
    for t in terms:
        for form in dict.fromkeys(t.avoid):
            for other, rendering in accepted.get(rendering_keys(form), []):
                if other.zh == t.zh or (across_files and other.origin == t.origin):
                    continue
                where = f"{other.origin}:{other.line}" if across_files else f"line {other.line}"
                yield _finding(t, "error", "avoid-clash",
                               f"'{t.zh}' avoids '{form}', which is the accepted rendering '{rendering}' of "
                               f"'{other.zh}' ({where})")


def _plain_place_name(zh: str) -> bool:
    return zh.endswith(_PLACE_SUFFIXES) and not zh.endswith(_NAMED_ZONES)


def _duplicates(terms: Sequence[Term]) -> Iterable[Finding]:
    first: dict[str, Term] = {}
    printed: dict[str, Term] = {}
    titles: dict[str, Term] = {}
    for t in terms:
        if not t.zh:
            continue
        other = printed.setdefault(bare_zh(t.zh), t)
        if other is not t and other.zh != t.zh:
            yield _finding(t, "warning", "printing-duplicate",
                           f"'{t.zh}' is '{other.zh}' of line {other.line} printed differently (quotation marks, "
                           f"widths or dashes); matching finds both printings with one of the two entries (this "
                           f"later one, or the one quoted as a whole where the text quotes it): merge them, the "
                           f"other renderings as variants")
        else:
            titled = titles.setdefault(title_key(t.zh), t)
            if titled is not t and bare_zh(titled.zh) != bare_zh(t.zh) and not _named_after(titled, t):
                yield _finding(t, "warning", "title-twin",
                               f"'{t.zh}' is '{titled.zh}' of line {titled.line} with or without title marks 《》; "
                               f"the entry without them also matches inside them: merge them, the other renderings "
                               f"as variants (keep both only for a work named after a phrase, whose English is "
                               f"a title: 《零容忍》 Zero Tolerance, the documentary / 零容忍 zero tolerance)")
        earlier = first.setdefault(t.zh, t)
        if earlier is t:
            continue
        if earlier.en.lower() == t.en.lower():
            yield _finding(t, "warning", "duplicate", f"'{t.zh}' repeats line {earlier.line}")
        else:
            yield _finding(t, "error", "conflict", f"'{t.zh}' is rendered '{t.en}' here but '{earlier.en}' "
                                                   f"on line {earlier.line}; keep one and list the other as a variant")


def _named_after(a: Term, b: Term) -> bool:
    """Whether one of two title twins is a work's title (wholly in 《》, its English capitalised) and the
    other the phrase it is named after (its English not capitalised): two terms, not one."""
    def whole_title(t: Term) -> bool:
        return t.zh.startswith("《") and t.zh.endswith("》") and t.zh.count("《") == 1

    def capitalised(en: str) -> bool:  # the first word that starts with a letter, after an article
        words = [w for w in en.split() if w[:1].isalpha()]
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        return bool(words) and words[0][0].isupper()

    title, phrase = (a, b) if whole_title(a) else (b, a)
    return whole_title(title) and capitalised(title.en) and not capitalised(phrase.en)


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
