"""Monotone dynamic programming over beads.

``solve`` finds the cheapest sequence of beads (a Chinese sentences, b English sentences) covering
both sides in order, given one cost matrix per bead type (see ``align.score.cost``). It is exact on
the whole (n+1) × (m+1) grid, so callers keep n·m bounded: ``align.aligner`` runs it on paragraphs or
on overlapping windows of long documents (time and memory linear in document length).
"""

from __future__ import annotations

import numpy as np


def solve(costs: dict[tuple[int, int], np.ndarray], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """Return beads as (i0, i1, j0, j1) half-open ranges, in order."""
    if n == 0 and m == 0:
        return []
    types = [t for t in costs if t[0] > 0]  # rows depend on earlier rows only
    has_ins = (0, 1) in costs
    D = np.full((n + 1, m + 1), np.inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    D[0, 0] = 0.0
    all_types = types + ([(0, 1)] if has_ins else [])
    type_index = {t: k for k, t in enumerate(all_types)}
    if has_ins:
        ins = costs[(0, 1)]
    for i in range(n + 1):
        row = D[i]
        brow = back[i]
        for (a, b) in types:
            if a > i:
                continue
            cand = np.full(m + 1, np.inf)
            cand[b:] = D[i - a, : m + 1 - b] + costs[(a, b)][i, b:]
            better = cand < row
            if better.any():
                row[better] = cand[better]
                brow[better] = type_index[(a, b)]
        if has_ins:
            # 0-1 beads chain along the row: D[i, j] = min(D[i, j], D[i, j-1] + ins[i, j]),
            # solved in one pass as a running minimum of D - prefix(ins).
            step = np.where(np.isfinite(ins[i]), ins[i], 1e18)
            step[0] = 0.0
            pref = np.cumsum(step)
            run = np.minimum.accumulate(row - pref) + pref
            better = run < row - 1e-12
            row[better] = run[better]
            brow[better] = type_index[(0, 1)]
    if not np.isfinite(D[n, m]):
        raise ValueError("no alignment path (bead types cannot cover the input)")
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = all_types[back[i, j]]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads
