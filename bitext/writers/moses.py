"""Moses-style parallel text: ``<stem>.zh`` and ``<stem>.en``, line i of one translating line i of the other.

Only beads with text on both sides are written (a training corpus has no use for half pairs), each
on one line.
"""

from __future__ import annotations

from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter, one_line, trim
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import units

SUFFIX = ".zh"  # and ".en"; the real suffixes follow the language codes' primary subtags


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> tuple[str, str]:
    clean = clean if clean is not None else CharCounter()
    src_lines, tgt_lines = [], []
    for unit in units(doc):
        src = trim(one_line(clean(unit.source)))
        tgt = trim(one_line(clean(unit.target or "")))
        if src and tgt:
            src_lines.append(src + "\n")
            tgt_lines.append(tgt + "\n")
    return "".join(src_lines), "".join(tgt_lines)


def suffixes(doc: AlignedDocument, options: WriterOptions) -> tuple[str, str]:
    src = (options.src_lang or doc.src_lang).split("-")[0].lower() or "zh"
    tgt = (options.tgt_lang or doc.tgt_lang).split("-")[0].lower() or "en"
    return f".{src}", f".{tgt}"


def paths(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> list[Path]:
    stem = Path(out_dir) / output_stem(doc)
    return [stem.with_name(stem.name + suffix) for suffix in suffixes(doc, options)]


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    texts = render(doc, options, clean)
    return Written([write_text(path, text) for path, text in zip(paths(doc, out_dir, options), texts)],
                   clean.removed)
