"""What a translation-memory file yields, whatever its format (TMX, XLIFF): units and per-file counts."""

from __future__ import annotations

from dataclasses import dataclass, field


def normalize_space(text: str) -> str:
    """Collapse every run of white space (incl. U+3000, NBSP, line breaks) into one space; trim."""
    return " ".join(text.split())


@dataclass(frozen=True)
class TMUnit:
    """One zh→en pair from a TMX or XLIFF file."""

    source: str  # white space normalised, characters as in the file
    target: str
    path: str
    line: int  # line of the <tu> / <trans-unit> start tag
    date: str = ""  # changedate or creationdate as written (YYYYMMDDThhmmssZ sorts as text)
    segment_of: str = ""  # bitext's x-segment-of: a CAT tool's segment of the original file, not a sentence


@dataclass
class TMFileStats:
    path: str
    units: int = 0  # <tu> / <trans-unit> elements read
    used: int = 0  # units with a non-empty Chinese and English side
    no_pair: int = 0  # units lacking a Chinese or an English variant
    empty: int = 0  # units whose Chinese or English segment is empty
    languages: set[str] = field(default_factory=set)  # every tuv language seen, as written
    srclang: str = ""
