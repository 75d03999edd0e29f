"""JSON Lines: one record per bead with everything the pipeline knows about it.

Offsets are character offsets into the paragraph's source / target text. Paragraphs without a
translation appear as source-only records (``"bead": null``) when furniture is included.
"""

from __future__ import annotations

import json
from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import Unit, units

SUFFIX = ".jsonl"


def record(doc: AlignedDocument, unit: Unit, clean: CharCounter) -> dict:
    p = unit.paragraph
    bead = unit.bead
    return {
        "document": clean(doc.name),
        "paragraph": p.index,
        "kind": str(getattr(p.kind, "value", p.kind)),
        "level": p.level,
        "lines": [p.line_start, p.line_end],
        "origin": unit.origin,
        "bead": unit.number,
        "alignment": unit.shape,
        "source": clean(unit.source),
        "target": None if unit.target is None else clean(unit.target),
        "source_span": list(unit.src_span) if unit.src_span else None,
        "target_span": list(unit.tgt_span) if unit.tgt_span else None,
        "source_sentences": _sentences(p.src_sentences, bead.src if bead else ()),
        "target_sentences": _sentences(p.tgt_sentences, bead.tgt if bead else ()),
        "score": unit.score,
        "flags": list(unit.flags),
        "terms": [
            {
                "zh": clean(t.hit.term.zh),
                "en": clean(t.hit.term.en),
                "category": clean(t.hit.term.category),
                "source": clean(t.hit.term.source),
                "start": t.hit.start,
                "end": t.hit.end,
                "realised": t.realised,
                "rendering": None if t.rendering is None else clean(t.rendering),
                "how": t.how,
                "avoided": None if t.avoided is None else clean(t.avoided),  # an avoid-listed rendering found
            }
            for t in unit.terms
        ],
        "tm_hint": None if p.tm_hint is None else clean(p.tm_hint),
    }


def _sentences(sentences, indices) -> list[dict]:
    return [
        {"index": i, "start": sentences[i].start, "end": sentences[i].end}
        for i in indices
        if 0 <= i < len(sentences)
    ]


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    lines = [
        json.dumps(record(doc, unit, clean), ensure_ascii=False) + "\n"
        for unit in units(doc, untranslated=options.include_furniture)
    ]
    return "".join(lines)


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)
