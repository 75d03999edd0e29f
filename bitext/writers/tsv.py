"""TSV: ``zh<TAB>en<TAB>score<TAB>flags``, one line per bead, no header line.

Tabs and line breaks inside the text become spaces, so every bead stays on one line. Beads with one
empty side (1-0, 0-1) are kept, flagged ``unaligned``, so a reviewer sees what the aligner left out.
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


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    lines = []
    for unit in units(doc):
        score = "" if unit.score is None else f"{unit.score:.3f}"
        cells = [one_line(clean(unit.source)).strip(), one_line(clean(unit.target or "")).strip(),
                 score, ",".join(unit.flags)]
        lines.append("\t".join(cells) + "\n")
    return "".join(lines)


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)
