"""Text clean-up shared by the writers: XML 1.0-safe characters and segment trimming."""

from __future__ import annotations

import re

# XML 1.0 Char excludes these even as character references; lone surrogates cannot be encoded as
# UTF-8 at all, so every writer (not only TMX) must drop them before serialising.
_XML10_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Vertical tab / form feed are Word soft breaks and page breaks: they separated words, keep a space.
_BREAKS = {"\x0b": " ", "\x0c": " "}
# Unicode white space (str.strip: includes U+3000, the Chinese paragraph indent, U+00A0, U+0085)
# and the byte-order mark: what CAT tools drop from segment edges and TMX says a <seg> has none of.
_EDGE_EXTRA = "\ufeff"
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x85]+")


def xml_safe(text: str) -> tuple[str, int]:
    """Return ``text`` without characters XML 1.0 forbids, and how many were removed or replaced."""
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return _BREAKS.get(match.group(), "")

    return _XML10_INVALID.sub(fix, text), count


def trim(text: str) -> str:
    """Strip what OmegaT strips, so a segment can match a CAT tool's own segment exactly."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip().strip(_EDGE_EXTRA)
    return text


def one_line(text: str) -> str:
    """For line-oriented formats (TSV, Moses): tabs and line breaks become single spaces."""
    return _LINE_BREAKS.sub(" ", text)


class CharCounter:
    """Sanitises strings and keeps the number of characters removed for one output file."""

    def __init__(self) -> None:
        self.removed = 0

    def __call__(self, text: str) -> str:
        cleaned, n = xml_safe(text)
        self.removed += n
        return cleaned
