"""Paragraph groups: when paragraph counts can pair 1:1, and how a group's sentences are numbered.

The grouping itself (the sentence DP run on whole paragraphs) is ``aligner.paragraph_groups``.
"""

from __future__ import annotations

from collections.abc import Callable

from bitext.core.aligned import Sentence


def lengths_plausible(zh: list[str], en: list[str], ratio: float) -> bool:
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
