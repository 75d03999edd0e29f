"""TSV: a header line ``source<TAB>target<TAB>score<TAB>flags``, then one line per bead.

Tabs and line breaks inside the text become spaces, so every bead stays on one line. Beads with one
empty side (1-0, 0-1) are kept, flagged ``unaligned``, so a reviewer sees what the aligner left out.

TSV is what people open in a spreadsheet, where a cell that starts with ``=``, ``+``, ``-`` or ``@``
is a live formula (CSV injection). As OWASP recommends, such a cell gets a leading ``'``, which
spreadsheets show as text and hide; TMX, JSONL and Moses files keep the exact text.
"""

from __future__ import annotations

from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter, one_line
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import units

SUFFIX = ".tsv"
HEADER = ("source", "target", "score", "flags")
# OWASP "CSV Injection": cells starting with these are formulas (or DDE calls) in Excel, LibreOffice
# and Google Sheets; tab and carriage return are on its list because they can hide the character.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading ``'`` before a formula character."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    lines = ["\t".join(HEADER) + "\n"]
    for unit in units(doc):
        score = "" if unit.score is None else f"{unit.score:.3f}"
        cells = [one_line(clean(unit.source)).strip(), one_line(clean(unit.target or "")).strip(),
                 score, ",".join(unit.flags)]
        lines.append("\t".join(map(neutralise, cells)) + "\n")
    return "".join(lines)


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)
