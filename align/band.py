"""Coarse-to-fine bead costs: score every bead type only in a band around a first-pass path.

Scoring all 28 bead types over the whole (n+1) × (m+1) grid costs most of the alignment time, yet
the path stays close to a cheap first alignment. So (as Vecalign refines around a coarse path):

1. first pass: the whole grid with the common bead types only (1-1, 1-2, 2-1 and skips);
2. around its path, a band of ``margin`` sentences on either side; the rows are cut into blocks of
   ``rows`` and each block is scored with all bead types on the columns its band spans;
3. cells outside the band keep an infinite cost, and the DP visits only the band (``band`` gives
   each row's first and last bead end). If the band admits no path (it should not), the caller falls
   back to the full grid.

``score(i0, i1, j0, j1, types, ratio, skip)`` scores the sub-document of Chinese sentences i0 … i1-1
and English sentences j0 … j1-1 and returns its cost matrices, indexed by local bead ends.
The length ratio and the skip cost are the first pass's, so every block prices beads alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bitext.align import dp

COARSE = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]


def banded_costs(score: Callable, n: int, m: int, types: list[tuple[int, int]], ratio: float,
                 margin: int = 10, rows: int = 40):
    coarse = [t for t in COARSE if t in types]
    costs = score(0, n, 0, m, coarse, ratio, None)
    skip = float(costs[(1, 0)][1, 0]) if (1, 0) in costs and n else None
    path = dp.solve(costs, n, m)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in path:
        lo[i0 : i1 + 1] = np.minimum(lo[i0 : i1 + 1], j0)
        hi[i0 : i1 + 1] = np.maximum(hi[i0 : i1 + 1], j1)
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)
    band = (np.zeros(n + 1, dtype=np.int64), np.zeros(n + 1, dtype=np.int64))
    full = {t: np.full((n + 1, m + 1), np.inf) for t in types}
    for r0 in range(0, n + 1, rows):
        r1 = min(r0 + rows, n + 1)  # bead ends r0 … r1-1
        c0 = max(0, int(lo[r0:r1].min()) - margin)
        c1 = min(m, int(hi[r0:r1].max()) + margin)  # bead ends c0 … c1
        x0, y0 = max(0, r0 - max_a), max(0, c0 - max_b)  # sentences the blocks ending here reach back to
        band[0][r0:r1], band[1][r0:r1] = c0, c1
        sub_cost = score(x0, r1 - 1, y0, c1, types, ratio, skip)
        for t in types:
            full[t][r0:r1, c0 : c1 + 1] = sub_cost[t][r0 - x0 : r1 - x0, c0 - y0 : c1 - y0 + 1]
    return full, band
