"""The English document as plain text, keeping the source's paragraph and heading structure.

Paragraphs are separated by blank lines; Markdown headings (``level`` > 0) stay Markdown headings.
Untranslated paragraphs (page furniture by default) are left out; an empty translation leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

from align.segments import AlignedDocument
from align.writers.atomic import write_text
from align.writers.clean import CharCounter, trim
from align.writers.naming import output_stem
from align.writers.options import WriterOptions

SUFFIX = ".en.txt"


def render(doc: AlignedDocument, options: WriterOptions) -> str:
    clean = CharCounter()
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
    options.report.record_invalid("txt", clean.removed)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> list[Path]:
    return [write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options))]
