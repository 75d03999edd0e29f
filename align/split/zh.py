"""Chinese sentence splitting: the bitext rules and an emulation of OmegaT's default SRX rules.

bitext mode: a sentence ends after a terminator (。！？；, half-width !? and …… by default), together
with any further terminators and the closing quotes/brackets that follow it, so ``他说：“走吧。”`` keeps
its ``”``. No break inside 《…》/〈…〉 titles, and none when the next character continues the sentence
(，、：； or a closing bracket), as in ``“走吧！”，他说``.

omegat mode reproduces OmegaT's default ``defaultRules.srx`` (Chinese rules cascaded with the Default
and Text rules), so sentence-level TMX sources match OmegaT's own segments exactly: no break after 。”
or ？” when text follows, none at ……, none after 、,.． and a break after half-width .?! only before a
blank.
"""

from __future__ import annotations

import re

from bitext.core.aligned import Sentence
from bitext.align.split.common import sentences_from_breaks

DEFAULT_TERMINATORS = "。！？；!?"
ELLIPSIS = "…"
CLOSERS = "”’」』）》】〕〗〉)]}\"'»"
TITLE_OPEN = "《〈"
TITLE_CLOSE = "》〉"
# Characters that, right after a closed sentence, show it is not over yet.
CONTINUERS = "，、：；,:;"


def split_zh(text: str, mode: str = "bitext", terminators: str = DEFAULT_TERMINATORS) -> list[Sentence]:
    if mode == "omegat":
        return sentences_from_breaks(text, omegat_breaks(text))
    if mode != "bitext":
        raise ValueError(f"unknown Chinese segmentation mode {mode!r} (bitext or omegat)")
    return sentences_from_breaks(text, bitext_breaks(text, terminators))


def bitext_breaks(text: str, terminators: str = DEFAULT_TERMINATORS) -> list[int]:
    breaks: list[int] = []
    depth = 0  # inside 《…》
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in TITLE_OPEN:
            depth += 1
        elif ch in TITLE_CLOSE:
            depth = max(0, depth - 1)
        is_ellipsis = ch == ELLIPSIS and i + 1 < n and text[i + 1] == ELLIPSIS
        if depth or not (ch in terminators or is_ellipsis):
            i += 1
            continue
        j = i + 1
        while j < n and (text[j] in terminators or text[j] == ELLIPSIS):
            j += 1
        while j < n and text[j] in CLOSERS:
            if text[j] in TITLE_CLOSE:
                depth = max(0, depth - 1)
            j += 1
        k = j
        while k < n and text[k].isspace():
            k += 1
        if k < n and text[k] not in CONTINUERS and not _inside_number(text, i, k) and not _inside_latin(text, i, j, k):
            breaks.append(j)
        i = j
    return breaks


def _inside_number(text: str, i: int, k: int) -> bool:
    # A half-width mark between digits (a score like 3!2, a version 2?1) never ends a sentence.
    return text[i] in "!?" and i > 0 and text[i - 1].isdigit() and text[k].isdigit()


def _inside_latin(text: str, i: int, j: int, k: int) -> bool:
    # A half-width mark glued to following ASCII (markup like <![CDATA[, a URL, "Yahoo!Japan") is not a
    # sentence end; half-width marks end Chinese sentences only before a blank or a non-ASCII character.
    return text[i] in "!?" and k == j and text[k].isascii()


# --- OmegaT emulation ---------------------------------------------------------------------------

_JAVA_SPACE = "[ \t\n\x0b\f\r]"  # Java's \s is ASCII-only by default


def _any_char(text: str, p: int) -> bool:
    # OmegaT compiles its rules with DOTALL: "." also matches a line break (so 。 before a line
    # break inside a blank-line paragraph of a text file ends a segment; verified with OmegaT 3.6).
    return p < len(text)


def _space_then_not_upper(text: str, p: int) -> bool:
    m = re.compile(_JAVA_SPACE + "+").match(text, p)
    if not m:
        return False
    if m.end() - p >= 2:  # backtracking lets \P{Lu} match the last blank
        return True
    return m.end() < len(text) and not text[m.end()].isupper()


# (break?, before-pattern, after-test) in the file's order: the first rule to decide a position wins.
_OMEGAT_RULES = [
    (False, re.compile("[。？！—]"), lambda t, p: p < len(t) and t[p] in "’”\"」）』？—"),
    (False, re.compile("[、,.．]"), _any_char),
    (True, re.compile("[。？！]"), _any_char),
    (False, re.compile(r"\.\.\."), _space_then_not_upper),
    (True, re.compile(r"^" + _JAVA_SPACE + r"*\d+[\d.)\]]+" + _JAVA_SPACE + "+"), lambda t, p: p < len(t) and t[p].isupper()),
    (True, re.compile(r"[.?!]+"), lambda t, p: p < len(t) and bool(re.match(_JAVA_SPACE, t[p]))),
    (True, re.compile("\n"), lambda t, p: p < len(t) and t[p] == " "),
]


def omegat_breaks(text: str) -> list[int]:
    decided: dict[int, bool] = {}
    for is_break, before, after in _OMEGAT_RULES:
        for m in before.finditer(text):
            p = m.end()
            if p not in decided and after(text, p):
                decided[p] = is_break
    return [p for p, b in decided.items() if b]


def split_zh_sentences(text: str, mode: str = "bitext") -> list[str]:
    return [s.text for s in split_zh(text, mode)]


__all__ = ["split_zh", "split_zh_sentences", "Sentence", "DEFAULT_TERMINATORS"]
