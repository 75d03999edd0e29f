"""Sentence alignment: splitters, alignment scores, the dynamic program, paragraph groups.

split/      Chinese and English sentence splitters (offsets into the paragraph)
score/      the evidence: lengths, dictionary glosses, anchors, quotations, MT, embeddings
dp, band    the monotone dynamic program over beads, banded so it grows linearly
aligner     align_sentences, align_paragraph, align_documents
"""

from __future__ import annotations

import importlib

_API = {
    "align_sentences": "bitext.align.aligner",
    "align_paragraph": "bitext.align.aligner",
    "align_documents": "bitext.align.aligner",
    "AlignOptions": "bitext.align.options",
    "split_zh": "bitext.align.split",
    "split_en": "bitext.align.split",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    # Lazy: the aligner needs numpy, which `bitext --help` must not pay for.
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'bitext.align' has no attribute {name!r}")
