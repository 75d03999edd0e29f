"""Normalise decoded text without changing its meaning.

NFC only (NFKC would turn full-width Chinese punctuation into ASCII), zero-width characters
stripped, characters that are invalid in XML 1.0 or unprintable controls removed and counted.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# C0/C1 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF: all break XML or HTML outputs.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def normalize_text(text: str) -> tuple[str, int]:
    """Return the normalised text and how many characters were removed as invalid."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.translate({ord(c): None for c in _ZERO_WIDTH})
    text, removed = _INVALID.subn("", text)
    return unicodedata.normalize("NFC", text), removed
