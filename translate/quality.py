"""Cheap checks on model output that reviewers must hear about: empty output, runaway repetition."""

from __future__ import annotations

import re

from bitext.core.flags import FLAG_EMPTY, FLAG_REPETITION

# Han and kana characters count one token each: a looping model's "济济济济…" has no spaces to split on.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|[^\w\s]")


def is_repetitive(text: str, min_repeats: int = 4, max_ngram: int = 6) -> bool:
    """True when some n-gram (n ≤ max_ngram) repeats back to back at least ``min_repeats`` times."""
    tokens = _TOKEN.findall(text.lower())
    for n in range(1, max_ngram + 1):
        run = 1
        for i in range(n, len(tokens) - n + 1, n):
            run = run + 1 if tokens[i:i + n] == tokens[i - n:i] else 1
            if run >= min_repeats:
                return True
        # Repeats that start at an offset not aligned to n are caught by shifting the grid.
        for shift in range(1, n):
            run = 1
            for i in range(shift + n, len(tokens) - n + 1, n):
                run = run + 1 if tokens[i:i + n] == tokens[i - n:i] else 1
                if run >= min_repeats:
                    return True
    return False


def output_flags(source: str, target: str) -> list[str]:
    flags = []
    if source.strip() and not target.strip():
        flags.append(FLAG_EMPTY)
    elif is_repetitive(target):
        flags.append(FLAG_REPETITION)
    return flags
