"""Quotation state at sentence boundaries: a bead boundary should not cut one side inside a quotation
while the other side is outside one.

Translators re-split dialogue freely ('It's easy,' said Gou-er, 'but what do you expect me to do? /
Go out and rob?'), yet a quotation still opens and closes inside the same bead on both sides. For
every boundary (after k sentences) we track whether the text is inside a quotation; a grid point
(i, j) whose two sides disagree is a doubtful place to end a bead.

Chinese quotes are unambiguous (“ ” 「 」 『 』). In English a quote mark (straight or curly, single
or double) opens at the start of a word and closes after a word or punctuation mark, so apostrophes
(it's, o'clock) are ignored and a paragraph that reopens an unclosed quotation stays inside it; a
plural possessive (the boys' ) can confuse it, so the state is reset after 8 sentences without any
quote mark.
"""

from __future__ import annotations

import re

import numpy as np

_ZH_OPEN, _ZH_CLOSE = "“「『", "”」』"
_AFTER = r"(?<=[\w.,!?;:—–…\-])"  # after a word or punctuation mark
_EN_QUOTE = re.compile(
    r"(?P<open1>(?<!\w)['‘](?=\w))|(?P<close1>" + _AFTER + r"['’](?!\w))"
    r"|(?P<open2>“|(?<![\w.,!?;:—–…\-])\")|(?P<close2>”|" + _AFTER + r"\"(?!\w))"
)


def zh_inside(sents: list[str]) -> np.ndarray:
    """inside[k]: the text after the first k sentences is inside a quotation (k = 0 … n)."""
    out = np.zeros(len(sents) + 1, dtype=bool)
    depth = 0
    for k, s in enumerate(sents):
        for ch in s:
            if ch in _ZH_OPEN:
                depth = 1
            elif ch in _ZH_CLOSE:
                depth = 0
        out[k + 1] = depth > 0
    return out


def en_inside(sents: list[str]) -> np.ndarray:
    out = np.zeros(len(sents) + 1, dtype=bool)
    single = double = False  # tracked apart: 'it's still "in the Emperor's shadow", …' nests them
    quiet = 0
    for k, s in enumerate(sents):
        marks = list(_EN_QUOTE.finditer(s))
        for q in marks:
            if q.group("open1") or q.group("close1"):
                single = bool(q.group("open1"))
            else:
                double = bool(q.group("open2"))
        quiet = 0 if marks else quiet + 1
        if quiet >= 8:
            single = double = False
        out[k + 1] = single or double
    return out


def boundary_mismatch(zh: list[str], en: list[str]) -> np.ndarray:
    """(n+1, m+1) float: 1 where one side is inside a quotation and the other is not."""
    return (zh_inside(zh)[:, None] != en_inside(en)[None, :]).astype(np.float64)
