"""Paragraph-level alignment: which Chinese paragraphs go with which English paragraphs.

Equal counts with plausible lengths pair 1:1. Otherwise the sentence aligner's DP runs on whole
paragraphs (beads up to 4 paragraphs a side), so a translator's merged or split paragraphs become one
group. Sentence beads are then confined to a group: none crosses a group boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from align.segments import Sentence


def align_paragraph_groups(zh: list[str], en: list[str], mt: list[str] | None, opts, terms) -> list[tuple[list[int], list[int]]]:
    if not zh or not en:
        return [([i], []) for i in range(len(zh))] + [([], [j]) for j in range(len(en))]
    if len(zh) == len(en) and _lengths_plausible(zh, en, opts.length_ratio):
        return [([i], [i]) for i in range(len(zh))]
    from align.aligner import align_sentences

    para_opts = replace(opts, max_bead=min(opts.max_bead, 8), skip_margin=opts.skip_margin + 1.0)
    beads = align_sentences(zh, en, mt=mt, options=para_opts, terms=terms)
    return [(list(b.src), list(b.tgt)) for b in beads]


def _lengths_plausible(zh: list[str], en: list[str], ratio: float) -> bool:
    """Each pair's English/Chinese length ratio within a factor of 3 of the document's."""
    total_zh = sum(len(p) for p in zh) or 1
    doc_ratio = sum(len(p) for p in en) / total_zh or ratio
    for z, e in zip(zh, en):
        if len(z) < 10 and len(e) < 40:
            continue  # headings and short lines: nothing to judge by
        r = len(e) / max(len(z), 1)
        if not (doc_ratio / 3 <= r <= doc_ratio * 3):
            return False
    return True


def join_group(paragraphs: list[str], split: Callable[[str], list[Sentence]]) -> tuple[str, list[Sentence]]:
    """Join a group's paragraphs with newlines and split each, with offsets into the joined text."""
    sentences: list[Sentence] = []
    pos = 0
    for p in paragraphs:
        for s in split(p):
            sentences.append(Sentence(s.text, s.start + pos, s.end + pos))
        pos += len(p) + 1
    return "\n".join(paragraphs), sentences
