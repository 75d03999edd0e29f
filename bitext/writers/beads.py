"""The ``beads`` format: one bead per line, ``[0,1]:[0]``, 0-based document-level sentence indices.

This is the format of MAC/Bertalign gold files (``[]`` for an empty side), used for evaluation.
"""

from __future__ import annotations

from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.writers.atomic import write_text
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions


def format_bead(src: tuple[int, ...], tgt: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, src)) + "]:[" + ",".join(map(str, tgt)) + "]"


def document_beads(doc: AlignedDocument) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads with paragraph-local indices turned into document-level ones."""
    out = []
    zs = es = 0
    for p in doc.paragraphs:
        for b in p.beads:
            out.append((tuple(zs + i for i in b.src), tuple(es + j for j in b.tgt)))
        zs += len(p.src_sentences)
        es += len(p.tgt_sentences)
    return out


def write_beads(doc: AlignedDocument, out_dir: Path, stem: str | None = None) -> Path:
    # Atomic (temporary file + rename): an interrupted run never leaves a truncated .align behind.
    path = Path(out_dir) / f"{output_stem(stem or doc)}.align"
    return write_text(path, "".join(format_bead(s, t) + "\n" for s, t in document_beads(doc)))


SUFFIX = ".align"


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    """``<out_dir>/<document name>.align``; indices only, so no character is ever removed."""
    return Written([write_beads(doc, out_dir)], 0)
