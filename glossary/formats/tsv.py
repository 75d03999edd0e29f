"""Tab-separated glossaries: one entry per line, optional header, ``#`` comment lines.

No quoting: a tab never occurs inside a field, which is how DeepL and Google read TSV too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bitext.glossary.formats import table
from bitext.core.terms import Term


def parse(path: Path) -> list[Term]:
    name = str(path)
    columns: list[str] | None = None
    terms: list[Term] = []
    for number, line in enumerate(table.decode_lines(path.read_bytes(), name), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = line.split("\t")
        if columns is None:
            header = table.header_columns(row)
            if header is not None:
                table.check_header(header, name, number)
                columns = header
                continue
            columns = list(table.POSITIONAL)
        terms.append(table.row_to_term(row, columns, name, number))
    return terms


def write(terms: list[Term], stream: TextIO, *, columns: tuple[str, ...] = table.COLUMNS) -> None:
    stream.write("\t".join(columns) + "\n")
    for term in terms:
        stream.write("\t".join(table.term_to_row(term, columns)) + "\n")
