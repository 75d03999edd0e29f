"""Comma-separated glossaries (RFC 4180 quoting), with or without a header row."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TextIO

from bitext.glossary.formats import table
from bitext.core.terms import Term
from bitext.core.errors import FormatError


def parse(path: Path) -> list[Term]:
    name = str(path)
    text = "\n".join(table.decode_lines(path.read_bytes(), name))
    reader = csv.reader(io.StringIO(text), strict=True)
    columns: list[str] | None = None
    terms: list[Term] = []
    start = 1  # first physical line of the current record: quoted fields may span lines
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if columns is None:
                header = table.header_columns(row)
                if header is not None:
                    table.check_header(header, name, line)
                    columns = header
                    continue
                columns = list(table.POSITIONAL)
            terms.append(table.row_to_term(row, columns, name, line))
    except csv.Error as exc:
        raise FormatError(f"malformed CSV: {exc}", path=name, line=reader.line_num) from None
    return terms


def write(terms: list[Term], stream: TextIO, *, columns: tuple[str, ...] = table.COLUMNS) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for term in terms:
        writer.writerow(table.term_to_row(term, columns))
