"""Sentence alignment: splitters, alignment scores, the dynamic program, paragraph groups.

split/      Chinese and English sentence splitters (offsets into the paragraph)
score/      the evidence: lengths, dictionary glosses, anchors, quotations, MT, embeddings
dp, band    the monotone dynamic program over beads, banded so it grows linearly
aligner     align_sentences, align_paragraph, align_documents
"""

from __future__ import annotations

from bitext.core.lazy import lazy_exports

_API = {
    "align_sentences": "bitext.align.aligner",
    "align_paragraph": "bitext.align.aligner",
    "align_documents": "bitext.align.aligner",
    "AlignOptions": "bitext.align.options",
    "split_zh": "bitext.align.split",
    "split_en": "bitext.align.split",
}
__all__ = sorted(_API)

__getattr__ = lazy_exports(__name__, _API)
