"""Anchors: tokens that must appear on both sides of a correct bead.

Numbers become ``#<value>`` on both sides (Arabic digits, Chinese numerals with 万/亿, English number
words; percentages, years and 百分之 forms reduce to their value), Latin-script strings in the Chinese
become ``@<lower-case>``, and glossary terms become ``=<zh>`` when the Chinese contains the term and the
English one of its renderings. A bare 一 is not a number anchor: it mostly means "a".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ARABIC = re.compile(r"(\d[\d,，]*(?:\.\d+)?)\s*([万亿]?)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z]")
_EN_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_EN_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12,
}
_EN_WORD = re.compile(r"[a-z]+")
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def zh_numeral_value(s: str) -> int | None:
    """Value of a Chinese numeral such as 三千五百, 十二, 2万 parts or 一九九七 (digit by digit)."""
    if all(c in _ZH_DIGITS for c in s):
        if len(s) == 1:
            return _ZH_DIGITS[s]
        return int("".join(str(_ZH_DIGITS[c]) for c in s))  # 一九九七年
    total = section = number = 0
    for c in s:
        if c in _ZH_DIGITS:
            number = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (number or 1) * _ZH_UNITS[c]
            number = 0
        elif c in _ZH_BIG:
            total += (section + number) * _ZH_BIG[c]
            section = number = 0
        else:
            return None
    return total + section + number


def _fmt(v: float) -> str:
    return "#" + (str(int(v)) if float(v).is_integer() else f"{v:g}")


def zh_anchors(text: str) -> set[str]:
    out: set[str] = set()
    for m in _ARABIC.finditer(text):
        v = float(m.group(1).replace(",", "").replace("，", ""))
        if m.group(2):
            v *= _ZH_BIG[m.group(2)]
        out.add(_fmt(v))
    for m in _ZH_NUM.finditer(text):
        s = m.group(0)
        if s in ("一", "万", "亿", "千", "百") or (len(s) == 1 and s in "两二"):
            continue  # 一 "a", 两 "a couple", 万一, 千万 "by all means" … are not quantities
        if s[0] in _ZH_BIG or s[0] in "百千":
            continue
        v = zh_numeral_value(s)
        if v is not None and v > 1:
            out.add(_fmt(v))
    for m in _LATIN.finditer(text):
        out.add("@" + m.group(0).lower())
    return out


def en_anchors(text: str, latin: Iterable[str] = ()) -> set[str]:
    """Number anchors of an English sentence, plus those Latin strings of ``latin`` it contains."""
    out: set[str] = set()
    for m in _EN_NUM.finditer(text):
        try:
            v = float(m.group(0).replace(",", ""))
        except ValueError:
            continue
        rest = text[m.end() : m.end() + 12].lower()
        for word, scale in _EN_SCALE.items():
            if rest.lstrip().startswith(word):
                v *= scale
                break
        out.add(_fmt(v))
    lower = text.lower()
    words = _EN_WORD.findall(lower)
    value = 0
    for w in words + [""]:
        if w in _EN_WORDS:
            n = _EN_WORDS[w]
            if w in _EN_SCALE and not value:
                continue  # "millions of", "a hundred": no exact quantity
            value = value * n if w in _EN_SCALE else value + n
            continue
        if value > 1:
            out.add(_fmt(value))
        value = 0
    for token in latin:
        if token[1:] in lower:
            out.add(token)
    return out


TermLookup = Callable[[str], Iterable[tuple[str, Iterable[str]]]]


def term_lookup(terms) -> TermLookup | None:
    """Normalise the ``terms`` argument: None, a callable ``zh_text -> [(zh, renderings)]``, a list of
    (zh, renderings) pairs, or an object with ``.terms`` (glossary.model.Term items)."""
    if terms is None:
        return None
    if callable(terms):
        return terms
    items = getattr(terms, "terms", terms)
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for t in items:
        if hasattr(t, "zh"):
            pairs.append((t.zh, tuple(t.renderings)))
        else:
            zh, renderings = t
            pairs.append((zh, (renderings,) if isinstance(renderings, str) else tuple(renderings)))
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for zh, r in pairs:
        if zh:
            grouped.setdefault(zh, []).append(r)
    if not grouped:
        return lambda text: []
    import ahocorasick

    # Every term contained in the text, overlapping ones too: one pass over the text, not one per term
    # (the built-in base has thousands).
    automaton = ahocorasick.Automaton()
    for zh in grouped:
        automaton.add_word(zh, zh)
    automaton.make_automaton()

    def lookup(text: str):
        found = dict.fromkeys(zh for _, zh in automaton.iter(text))
        return [(zh, r) for zh in found for r in grouped[zh]]

    return lookup


def term_anchors(zh_sents: list[str], en_sents: list[str], lookup: TermLookup | None):
    """``=zh`` anchors for each sentence on both sides (only terms present in the Chinese count)."""
    zh_out: list[set[str]] = [set() for _ in zh_sents]
    en_out: list[set[str]] = [set() for _ in en_sents]
    if lookup is None:
        return zh_out, en_out
    renderings: dict[str, set[str]] = {}
    for i, s in enumerate(zh_sents):
        for zh, rends in lookup(s):
            zh_out[i].add("=" + zh)
            renderings.setdefault(zh, set()).update(r.lower() for r in rends if r)
    for j, s in enumerate(en_sents):
        low = s.lower()
        for zh, rends in renderings.items():
            if any(r in low for r in rends):
                en_out[j].add("=" + zh)
    return zh_out, en_out
