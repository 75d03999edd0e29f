"""Glossary file formats behind one interface.

Each format module offers ``parse(path) -> list[Term]`` (structure only: encoding, columns, XML) and
``write(terms, stream)``. :func:`read` adds the checks every loaded entry must pass (non-empty ``zh``
and ``en``), so a file either loads completely or raises :class:`FormatError` naming file and line;
``glossary.lint`` uses :func:`parse` to report the same problems as findings instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bitext.core.choices import GLOSSARY_FORMATS
from bitext.core.terms import Term
from bitext.core.errors import FormatError

FORMATS = GLOSSARY_FORMATS
_SUFFIXES = {".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".csv": "csv", ".tbx": "tbx", ".xml": "tbx",
             ".utf8": "omegat"}


def detect(path: str | Path) -> str:
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise FormatError(f"unknown glossary format '{Path(path).suffix}'; use .tsv, .csv, .tbx or .utf8 (OmegaT)",
                          path=str(path))
    return fmt


def _module(fmt: str):
    # Imported on demand: TBX pulls in lxml, which the TSV-only built-in load never needs.
    if fmt == "tsv":
        from bitext.glossary.formats import tsv as mod
    elif fmt == "csv":
        from bitext.glossary.formats import csv as mod
    elif fmt == "tbx":
        from bitext.glossary.formats import tbx as mod
    elif fmt == "omegat":
        from bitext.glossary.formats import omegat as mod
    else:
        raise FormatError(f"unknown glossary format '{fmt}'; choose one of {', '.join(FORMATS)}")
    return mod


def parse(path: str | Path, fmt: str | None = None) -> list[Term]:
    """Entries as written in the file, empty fields included; structural errors raise FormatError."""
    path = Path(path)
    if not path.is_file():
        raise FormatError("glossary file not found", path=str(path))
    return _module(fmt or detect(path)).parse(path)


def read(path: str | Path, fmt: str | None = None) -> list[Term]:
    """Entries ready to use; the first entry missing ``zh`` or ``en`` raises FormatError."""
    terms = parse(path, fmt)
    for t in terms:
        if not t.zh:
            raise FormatError("entry has an empty 'zh' field", path=t.origin, line=t.line)
        if not t.en:
            raise FormatError(f"entry '{t.zh}' has an empty 'en' field", path=t.origin, line=t.line)
    return terms


def write(terms: list[Term], stream: TextIO, fmt: str, **options) -> None:
    _module(fmt).write(terms, stream, **options)
