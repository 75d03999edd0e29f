"""The English document as plain text, keeping the source's paragraph and heading structure.

Paragraphs are separated by blank lines; Markdown headings (``level`` > 0) stay Markdown headings.
Untranslated paragraphs (page furniture by default) are left out; an empty translation leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter, trim
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions

SUFFIX = ".en.txt"


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    blocks = []
    for p in doc.paragraphs:
        if p.target is None:
            continue
        text = trim(clean(p.target))
        if not text:
            continue
        if p.level > 0:
            # A heading is one line in Markdown; a line break would end it early.
            text = "#" * min(p.level, 6) + " " + " ".join(text.split())
        blocks.append(text)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)
