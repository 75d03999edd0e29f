"""English sentence splitting by rule.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (``...``/``…``), plus any closing quotes or
brackets, when a blank follows and the next word can start a sentence (a capital, a digit, an opening
quote or bracket). Not after a known abbreviation (Mr., Dr., No., Jan., e.g., i.e., …), an initial
(``J. K. Rowling``) or a dotted acronym followed by a capital (``the U.S. Army``); never inside a number
(``3.5``, no blank follows). A dash (``—``) never ends a sentence.
"""

from __future__ import annotations

import re

from bitext.core.aligned import Sentence
from bitext.align.split.common import sentences_from_breaks

# Abbreviations after which a capitalised word usually continues the sentence (lower-cased, no dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sr jr st mt ft rev gen col lt sgt capt cpt cmdr adm gov sen rep pres hon
    messrs mme mlle no nos vol vols fig figs art arts sec ch chap pp p para ed eds approx dept est
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    e.g i.e cf vs viz al ca inc ltd co corp bros ave blvd rd""".split()
)
# After these a capital is more likely a new sentence ("... and so on, etc. The next day").
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "a.m", "p.m"})

_CANDIDATE = re.compile(r"(?:\.{3,}|…+|[.!?]+)[\"'”’)\]»]*(?=\s)")
_OPENERS = "\"'“‘([«"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_en(text: str) -> list[Sentence]:
    return sentences_from_breaks(text, en_breaks(text))


def en_breaks(text: str) -> list[int]:
    breaks: list[int] = []
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        nxt = _next_visible(text, end)
        if nxt is None:
            continue
        ch = text[nxt]
        starts_sentence = ch.isupper() or ch.isdigit() or ch in _OPENERS
        if not starts_sentence:
            continue
        mark = m.group(0).rstrip("\"'”’)]»")
        if mark == "." and _abbreviation_before(text, m.start(), text[nxt]):
            continue
        breaks.append(end)
    return breaks


def _next_visible(text: str, pos: int) -> int | None:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos if pos < len(text) else None


def _abbreviation_before(text: str, dot: int, next_char: str) -> bool:
    m = _WORD_BEFORE.search(text[max(0, dot - 20) : dot + 1])
    if not m:
        return False
    word = m.group(1).lower()
    if word in SENTENCE_FINAL_ABBREVIATIONS:
        return False
    if word in ABBREVIATIONS:
        return True
    # A single capital letter is an initial (J. K. Rowling); dotted letters are an acronym (U.S.A.).
    if len(word) == 1 and m.group(1).isupper():
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)) and next_char.isupper()


__all__ = ["split_en", "Sentence", "ABBREVIATIONS"]
