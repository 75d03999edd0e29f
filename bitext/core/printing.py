"""The printing key of Chinese text: what two printings of the same term have in common.

One document prints “放管服”改革, the next 放管服改革; one 中国（上海）自由贸易试验区 with full-width
brackets, another with ASCII ones; one 澜沧江－湄公河合作 with a full-width hyphen, another with an
em dash. The key drops quotation marks and spaces, turns full-width ASCII into ASCII, and folds
every dash and hyphen into ``-`` and every middle dot into ``·``; it never changes a Chinese
character, so it never joins two different terms. Matching, lookup and lint compare keys.
"""

from __future__ import annotations

import re

_DROPPED = "“”‘’\"'「」『』〝〞 \t\n\r\u3000\u00a0\u200b"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DOTS = "\u2022\u2027\u2219\u30fb\uff65"

_DROPPED_RE = re.compile(f"[{re.escape(_DROPPED)}]")
_FOLD: dict[int, int | None] = dict.fromkeys(map(ord, _DROPPED))
_FOLD.update((0xFF01 + i, 0x21 + i) for i in range(0x5E))  # full-width ！…～ → ASCII ! … ~
_FOLD.update(dict.fromkeys(map(ord, _DASHES), ord("-")))
_FOLD.update(dict.fromkeys(map(ord, _DOTS), ord("·")))


def bare_zh(text: str) -> str:
    """The printing key of ``text`` (see the module docstring)."""
    return text.translate(_FOLD)


_TITLE_MARKS = str.maketrans("", "", "《》〈〉")


def title_key(text: str) -> str:
    """The printing key of ``text`` without the title marks 《》〈〉. Matching keeps the marks (an entry
    巴黎协定 finds 《巴黎协定》 anyway, inside them), so this key only tells two entries apart that name one
    work with and without its marks (巴黎协定 / 《巴黎协定》), or a work named after a phrase and the phrase
    (《零容忍》, a documentary / 零容忍)."""
    return bare_zh(text).translate(_TITLE_MARKS)


def bare_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The key of ``text`` and, for each of its characters, the offset in ``text`` it came from;
    ``None`` instead of the offsets when no character was dropped (then they are the identity)."""
    key = text.translate(_FOLD)
    if len(key) == len(text):
        return key, None
    offsets: list[int] = []
    kept = 0
    for dropped in _DROPPED_RE.finditer(text):
        offsets.extend(range(kept, dropped.start()))
        kept = dropped.end()
    offsets.extend(range(kept, len(text)))
    return key, offsets


def find_printed(text: str, zh: str) -> tuple[int, int] | None:
    """Where ``zh`` first occurs in ``text`` however either is printed: (start, end) in ``text``, with
    the quotation marks the span needs (see ``balanced``), or None."""
    key, offsets = bare_with_offsets(text)
    target = bare_zh(zh)
    at = key.find(target) if target else -1
    if at < 0:
        return None
    if offsets is None:
        return at, at + len(target)
    return balanced(text, offsets[at], offsets[at + len(target) - 1] + 1)


# Quotation marks that come in pairs.
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "〝": "〞"}


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened by one character on a side where the span holds one of a pair of quotation
    marks and its partner stands right outside (四个全面”战略布局 → “四个全面”战略布局), so that replacing
    the span leaves no stray mark."""
    span = text[start:end]
    for left, right in PAIRS.items():
        opened = span.count(left) - span.count(right)
        if opened < 0 and start > 0 and text[start - 1] == left:
            start -= 1
        elif opened > 0 and end < len(text) and text[end] == right:
            end += 1
    return start, end
