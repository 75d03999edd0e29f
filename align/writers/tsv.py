"""TSV: ``zh<TAB>en<TAB>score<TAB>flags``, one line per bead, no header line.

Tabs and line breaks inside the text become spaces, so every bead stays on one line. Beads with one
empty side (1-0, 0-1) are kept, flagged ``unaligned``, so a reviewer sees what the aligner left out.
"""

from __future__ import annotations

from pathlib import Path

from align.segments import AlignedDocument
from align.writers.atomic import write_text
from align.writers.clean import CharCounter, one_line
from align.writers.naming import output_stem
from align.writers.options import WriterOptions
from align.writers.units import units

SUFFIX = ".tsv"


def render(doc: AlignedDocument, options: WriterOptions) -> str:
    clean = CharCounter()
    lines = []
    for unit in units(doc):
        score = "" if unit.score is None else f"{unit.score:.3f}"
        cells = [one_line(clean(unit.source)).strip(), one_line(clean(unit.target or "")).strip(),
                 score, ",".join(unit.flags)]
        lines.append("\t".join(cells) + "\n")
    options.report.record_invalid("tsv", clean.removed)
    return "".join(lines)


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> list[Path]:
    return [write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options))]
