"""Translation memories: load TMX files translators already own, look sources up exactly or fuzzily.

TMX files come from many CAT tools (OmegaT, Trados, memoQ …) that disagree on details, so reading is
lenient where tools are: language codes are compared case-insensitively on the primary subtag
(``zh``, ``zh-CN``, ``ZH-cn``, ``zh-Hans``, ``zh-TW`` are all Chinese), the TMX 1.1 ``lang``
attribute is accepted next to ``xml:lang``, and inline codes (``bpt``/``ept``/``ph``/``it``/``ut``)
are dropped while highlighted text (``hi``) is kept. Files are read with lxml's iterparse and every
``<tu>`` is freed once read, so a memory of hundreds of thousands of units streams in flat memory;
each unit's size, nesting and a ``.gz`` file's expansion are bounded (bitext.core.safe_xml), and an
entity reference in a segment is an error naming its line, never silently dropped.

Lookups compare *keys*: NFKC (full-width punctuation, digits and spaces become their half-width
forms), whitespace collapsed, and whitespace next to a CJK character or punctuation removed
(line-wrap and typing artefacts); only a blank between two Latin letters or digits is kept.
The stored source and target keep their original characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bitext.core.errors import FormatError
from bitext.translate.tm_units import TMFileStats, TMUnit, normalize_space

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_UNITS = frozenset({"tu", "header"})
# Inline elements whose content is a native code (markup), not text.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})

# Chinese codes written for simplified text; preferred when a TU holds several Chinese variants.
_SIMPLIFIED = ("zh", "zh-cn", "zh-sg", "zh-hans", "zh-hans-cn", "zh-hans-sg", "cmn", "cmn-hans")

_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
# A blank next to a CJK character or a punctuation mark never distinguishes two Chinese sources.
_LOOSE_SPACE = re.compile(rf"(?<=[{_CJK}\W]) | (?=[{_CJK}\W])")

DEFAULT_FUZZY_THRESHOLD = 0.75


def match_key(text: str) -> str:
    """The form two source strings are compared in: width-normalised, spacing-insensitive."""
    key = " ".join(unicodedata.normalize("NFKC", text).split())
    return _LOOSE_SPACE.sub("", key) if " " in key else key


def language_family(code: str | None) -> str | None:
    """'zh' or 'en' for a Chinese or English language tag in any case or separator, else None."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    if primary in ("zh", "cmn"):
        return "zh"
    if primary in ("en", "eng"):
        return "en"
    return None


@dataclass(frozen=True)
class TMResult:
    """What a translation memory offers for one source text."""

    kind: Literal["exact", "fuzzy"] | None
    target: str | None = None
    score: float = 0.0  # 1.0 for exact matches
    source: str | None = None  # the memory's source that matched


NO_MATCH = TMResult(None)


class TranslationMemory:
    """zh→en units indexed by :func:`match_key`; later and newer units win over earlier ones."""

    def __init__(self, units: Iterable[TMUnit] = ()):
        self._by_key: dict[str, TMUnit] = {}
        self.conflicts = 0  # same key, different targets: one of them was dropped
        self.files: list[TMFileStats] = []
        self._index = None  # FuzzyIndex over the keys, built on the first fuzzy lookup
        self._units: list[TMUnit] = []
        for unit in units:
            self.add(unit)

    def add(self, unit: TMUnit) -> None:
        key = match_key(unit.source)
        if not key:
            return
        old = self._by_key.get(key)
        if old is not None:
            if old.target != unit.target:
                self.conflicts += 1
            # CAT tools prefer the most recently changed unit; on equal (or missing) dates the one
            # read last, so a later --tm file overrides an earlier one.
            if unit.date and old.date and unit.date < old.date:
                return
        self._by_key[key] = unit
        self._index = None  # rebuilt on the next fuzzy lookup

    def __len__(self) -> int:
        return len(self._by_key)

    def __iter__(self) -> Iterator[TMUnit]:
        return iter(self._by_key.values())

    def exact(self, source: str) -> str | None:
        unit = self.exact_unit(source)
        return unit.target if unit else None

    def exact_unit(self, source: str) -> TMUnit | None:
        return self._by_key.get(match_key(source))

    def fuzzy(self, source: str, threshold: float = DEFAULT_FUZZY_THRESHOLD) -> tuple[float, str, str] | None:
        """The most similar unit as (similarity in [0, 1], its source, its target), or None.

        Similarity is rapidfuzz's normalised Indel ratio on match keys (characters, which suits
        Chinese). An exact match scores 1.0.
        """
        from bitext.translate.tm_index import FuzzyIndex

        key = match_key(source)
        if not key or not self._by_key:
            return None
        unit = self._by_key.get(key)
        if unit is not None:
            return 1.0, unit.source, unit.target
        if self._index is None:
            self._index = FuzzyIndex(list(self._by_key))
            self._units = list(self._by_key.values())
        found = self._index.best(key, threshold)
        if found is None:
            return None
        score, index = found
        unit = self._units[index]
        return score, unit.source, unit.target


def tm_lookup(tm: TranslationMemory | None, text: str, threshold: float = DEFAULT_FUZZY_THRESHOLD,
              *, fuzzy: bool = True) -> TMResult:
    """What the pipeline asks for a paragraph or sentence: exact match, fuzzy hint, or nothing.

    ``fuzzy=False`` skips the similarity search where only an exact match would be used.
    """
    if tm is None or not len(tm) or not text.strip():
        return NO_MATCH
    if not fuzzy:
        unit = tm.exact_unit(text)
        return TMResult("exact", unit.target, 1.0, unit.source) if unit else NO_MATCH
    hit = tm.fuzzy(text, threshold)
    if hit is None:
        return NO_MATCH
    score, source, target = hit
    return TMResult("exact" if score >= 1.0 else "fuzzy", target, score, source)


def load_tm(paths: Iterable[str | Path]) -> TranslationMemory:
    """Load TMX files (``.tmx``, ``.tmx.gz``) and post-edited XLIFF (``.xlf``, ``.xliff``) into one memory.

    From XLIFF only reviewed units count (see :mod:`bitext.translate.xliff`). Raises FormatError
    (with file and line) for malformed XML or a file whose units hold no Chinese–English pair,
    InputError for a file that cannot be opened.
    """
    from bitext.translate.xliff import is_xliff, iter_xliff

    tm = TranslationMemory()
    for path in paths:
        stats = TMFileStats(str(path))
        xliff = is_xliff(path)
        for unit in iter_xliff(path, stats, reviewed_only=True) if xliff else iter_tmx(path, stats):
            tm.add(unit)
        if xliff and stats.units and not stats.used:
            raise FormatError(f"no reviewed translation among {stats.units} units (untouched machine "
                              f"translation: {stats.no_pair}; empty: {stats.empty}); post-edit the file "
                              "or mark its segments translated, final or signed-off", path=str(path))
        check_usable(stats)
        tm.files.append(stats)
    return tm


def check_usable(stats: TMFileStats) -> None:
    """A file whose units hold no Chinese–English pair is a mistake (wrong file, wrong languages)."""
    if stats.units and not stats.used:
        langs = ", ".join(sorted(stats.languages)) or "none"
        raise FormatError(
            f"no usable Chinese–English translation unit among {stats.units} "
            f"(languages found: {langs}; empty segments: {stats.empty})",
            path=stats.path,
        )


def iter_tmx(
    path: str | Path, stats: TMFileStats | None = None, *, keep_empty: bool = False
) -> Iterator[TMUnit]:
    """Stream the zh→en units of one TMX file, in file order, in bounded memory (see bitext.core.safe_xml).

    ``keep_empty`` also yields units lacking a Chinese or English side (as ""), so that a TMX can
    be read line-parallel to another file (``bitext eval``).
    """
    for unit, _tu in iter_tu(path, stats, keep_empty=keep_empty):
        if unit is not None:
            yield unit


def iter_tu(path: str | Path, stats: TMFileStats | None = None, *, keep_empty: bool = False):
    """Every ``<tu>`` of one TMX file as (its zh→en unit or None, the element), in file order.

    Bounded memory (bitext.core.safe_xml): the element is only valid until the next one is read.
    """
    from bitext.core.safe_xml import iter_units, local_name

    stats = stats if stats is not None else TMFileStats(str(path))
    name = str(path)
    for el in iter_units(path, _UNITS, kind="TMX"):
        if local_name(el) == "header":
            stats.srclang = el.get("srclang", "")
            continue
        yield _read_tu(el, name, stats, keep_empty), el


def _read_tu(tu, path: str, stats: TMFileStats, keep_empty: bool = False) -> TMUnit | None:
    stats.units += 1
    srclang = (tu.get("srclang") or stats.srclang or "").lower()
    zh: list[tuple[str, str]] = []
    en: list[tuple[str, str]] = []
    for tuv in tu.iterchildren("{*}tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        stats.languages.add(lang)
        family = language_family(lang)
        if family is None:
            continue
        seg = tuv.find("{*}seg")
        text = normalize_space(segment_text(seg)) if seg is not None else ""
        (zh if family == "zh" else en).append((lang.lower().replace("_", "-"), text))
    date = tu.get("changedate") or tu.get("creationdate") or ""
    segment_of = next((p.text or "" for p in tu.iterchildren("{*}prop") if p.get("type") == "x-segment-of"), "")
    source = _pick_chinese(zh, srclang) if zh else ""
    target = en[0][1] if en else ""
    if not zh or not en:
        stats.no_pair += 1
    elif not source or not target:
        stats.empty += 1
    else:
        stats.used += 1
        return TMUnit(source, target, path, tu.sourceline or 0, date, segment_of)
    return TMUnit(source, target, path, tu.sourceline or 0, date, segment_of) if keep_empty else None


def _pick_chinese(variants: list[tuple[str, str]], srclang: str) -> str:
    """The declared source variant if Chinese, else a simplified-Chinese one, else the first."""
    srclang = srclang.replace("_", "-")
    for lang, text in variants:
        if lang == srclang:
            return text
    for lang, text in variants:
        if lang in _SIMPLIFIED:
            return text
    return variants[0][1]


def segment_text(seg) -> str:
    """The text of a ``<seg>`` without its inline codes; ``<hi>`` text is kept, ``<sub>`` dropped.

    ``<sub>`` only occurs inside codes (e.g. a link title inside a ``<ph>``): it is a separate
    flow, not part of the sentence. (Recursion is bounded: the reader refuses nesting deeper than
    safe_xml.MAX_DEPTH.)
    """
    parts: list[str] = [seg.text or ""]
    for child in seg:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local == "hi":
            parts.append(segment_text(child))
        elif local not in _CODE_ELEMENTS and local != "sub" and local:
            parts.append(segment_text(child))  # unknown markup: keep its text rather than lose it
        parts.append(child.tail or "")
    return "".join(parts)
