"""Rows of a tabular glossary (TSV or CSV) to entries: header detection and column mapping.

A header is recognised when its first row names a ``zh`` and an ``en`` column (common aliases
accepted). Without a header the columns are positional: zh, en, variants, category, note, source,
so the two-column files DeepL and Google accept load as zh,en.
"""

from __future__ import annotations

import unicodedata

from bitext.core.terms import Term
from bitext.core.errors import FormatError

COLUMNS = ("zh", "en", "variants", "category", "note", "source")
VARIANT_SEP = ";"

_ALIASES = {
    "zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "zho": "zh", "chinese": "zh",
    "source_term": "zh", "src": "zh",
    "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "eng": "en", "english": "en",
    "target_term": "en", "tgt": "en",
    "variants": "variants", "variant": "variants", "alternatives": "variants",
    "category": "category", "note": "note", "notes": "note", "source": "source",
}


def clean(cell: str) -> str:
    # NFC plus collapsed whitespace: entries compare equal however the file was typed.
    return " ".join(unicodedata.normalize("NFC", cell).split())


def header_columns(row: list[str]) -> list[str] | None:
    """Canonical column names if ``row`` is a header, else None."""
    names = [clean(c).lower().lstrip("\ufeff") for c in row]
    mapped = [_ALIASES.get(n) for n in names]
    if "zh" not in mapped or "en" not in mapped:
        return None
    return [m or n for m, n in zip(mapped, names)]


def check_header(columns: list[str], path: str, line: int) -> None:
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise FormatError(f"unknown column '{unknown[0]}' in header; known columns: {', '.join(COLUMNS)}",
                          path=path, line=line)
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise FormatError(f"column '{dupes[0]}' appears twice in header", path=path, line=line)


def row_to_term(row: list[str], columns: list[str], path: str, line: int) -> Term:
    if len(row) > len(columns):
        raise FormatError(f"{len(row)} columns, expected at most {len(columns)} ({', '.join(columns)})",
                          path=path, line=line)
    if len(row) < 2:
        raise FormatError(f"{len(row)} column(s), expected at least zh and en", path=path, line=line)
    cells = {c: clean(v) for c, v in zip(columns, row)}
    variants = tuple(v for v in (clean(x) for x in cells.get("variants", "").split(VARIANT_SEP)) if v)
    return Term(
        zh=cells.get("zh", ""),
        en=cells.get("en", ""),
        variants=variants,
        category=cells.get("category", "") or "other",
        note=cells.get("note", ""),
        source=cells.get("source", ""),
        origin=path,
        line=line,
    )


def term_to_row(term: Term, columns: tuple[str, ...] = COLUMNS) -> list[str]:
    values = {
        "zh": term.zh, "en": term.en, "variants": f"{VARIANT_SEP} ".join(term.variants),
        "category": term.category, "note": term.note, "source": term.source,
    }
    return [clean(values[c]) for c in columns]


def decode_lines(data: bytes, path: str) -> list[str]:
    """UTF-8 text split into lines; an undecodable byte is an error naming its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                          path=path, line=line) from None
    return text.splitlines()
