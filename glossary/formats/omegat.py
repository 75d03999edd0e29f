"""OmegaT's glossary format: tab-separated source term, target term, comment; ``#`` starts a comment line.

OmegaT reads every ``.txt``, ``.utf8`` and ``.tab`` file in a project's ``glossary/`` folder this way
(``.utf8`` as UTF-8; ``.txt`` by detecting the encoding, which finds UTF-8) and shows the comment
beside the term. Export puts the official rendering in the target column and everything else a
translator should know in the comment: accepted variants, category, note and the publication that
fixes the rendering. Import reads the comment back as the entry's note.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bitext.core.errors import FormatError
from bitext.core.terms import Term
from bitext.glossary.formats import table

HEADER = "# bitext glossary for OmegaT: source term<TAB>official English rendering<TAB>comment"


def comment(term: Term) -> str:
    parts = ["official rendering"]
    if term.variants:
        parts.append("also accepted: " + ", ".join(v.text for v in term.variants))
    if term.category and term.category != "other":
        parts.append(f"category: {term.category}")
    if term.note:
        parts.append(term.note)
    if term.source:
        parts.append(f"source: {term.source}")
    return "; ".join(parts)


def parse(path: Path) -> list[Term]:
    name = str(path)
    terms: list[Term] = []
    for number, line in enumerate(table.decode_lines(path.read_bytes(), name), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split("\t")
        if len(row) < 2:
            raise FormatError("expected source term<TAB>target term[<TAB>comment]", path=name, line=number)
        cells = row[:3] + [""] * (3 - min(len(row), 3))
        zh, en, note = (table.clean(c) for c in cells)
        terms.append(Term(zh=zh, en=en, note=note, origin=name, line=number))
    return terms


def write(terms: list[Term], stream: TextIO) -> None:
    stream.write(HEADER + "\n")
    for term in terms:
        stream.write("\t".join(table.clean(v) for v in (term.zh, term.en, comment(term))) + "\n")
