"""Monotone dynamic programming over beads.

``solve`` finds the cheapest sequence of beads (a Chinese sentences, b English sentences) covering
both sides in order, given one cost matrix per bead type (see ``align.score.cost``). It is exact on
the whole (n+1) × (m+1) grid, so callers keep n·m bounded: ``align.aligner`` runs it on paragraphs or
on overlapping windows of long documents (time and memory linear in document length).
"""

from __future__ import annotations

import numpy as np


def solve(costs: dict[tuple[int, int], np.ndarray], n: int, m: int,
          band: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[int, int, int, int]]:
    """Return beads as (i0, i1, j0, j1) half-open ranges, in order.

    ``band = (lo, hi)`` limits row i to the bead ends lo[i] … hi[i] (costs outside are +inf anyway),
    which saves the time of the cells no path can use.
    """
    if n == 0 and m == 0:
        return []
    types = [t for t in costs if t[0] > 0]  # these read finished earlier rows only
    has_ins = (0, 1) in costs
    all_types = types + ([(0, 1)] if has_ins else [])
    pa = max(a for a, _ in types) if types else 1
    pb = max((b for _, b in types), default=0)
    # D is padded with pa rows and pb columns of +inf so every predecessor lookup is in range.
    D = np.full((n + 1 + pa, m + 1 + pb), np.inf)
    D[pa, pb] = 0.0
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    C = np.stack([costs[t] for t in types]) if types else np.zeros((0, n + 1, m + 1))
    rows_off = np.array([a for a, _ in types])[:, None]
    cols = (np.arange(m + 1)[None, :] + pb) - np.array([b for _, b in types])[:, None]
    ins = costs.get((0, 1))
    for i in range(n + 1):
        lo, hi = (0, m) if band is None else (int(band[0][i]), int(band[1][i]))
        row = D[pa + i, pb + lo : pb + hi + 1]
        if types:
            cand = D[pa + i - rows_off, cols[:, lo : hi + 1]] + C[:, i, lo : hi + 1]
            k = np.argmin(cand, axis=0)
            best = cand[k, np.arange(hi + 1 - lo)]
            better = best < row
            row[better] = best[better]
            back[i, lo : hi + 1][better] = k[better]
        if has_ins:
            # 0-1 beads chain along the row: D[i, j] = min(D[i, j], D[i, j-1] + ins[i, j]), solved in
            # one pass as a running minimum of D - prefix(ins), over each run of columns where a 0-1
            # bead is allowed (a band leaves the others at +inf).
            row = D[pa + i, pb:]
            s0 = max(lo, 1)
            runs = [(s0, hi + 1)] if np.isfinite(ins[i, s0 : hi + 1]).all() else _finite_runs(ins[i])
            for s, e in runs:
                pref = np.concatenate([[0.0], np.cumsum(ins[i, s:e])])
                seg = row[s - 1 : e]
                run = np.minimum.accumulate(seg - pref) + pref
                better = run < seg - 1e-12
                seg[better] = run[better]
                back[i, s - 1 : e][better] = len(types)
    if not np.isfinite(D[pa + n, pb + m]):
        raise ValueError("no alignment path (bead types cannot cover the input)")
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = all_types[back[i, j]]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _finite_runs(x: np.ndarray) -> list[tuple[int, int]]:
    """Half-open ranges [s, e) of consecutive finite entries of x (x[0] is never finite: j ≥ 1)."""
    finite = np.isfinite(x)
    finite[0] = False
    edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(np.int8), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def posteriors(costs: dict[tuple[int, int], np.ndarray], n: int, m: int, beads: list[tuple[int, int, int, int]],
               temperature: float, band: tuple[np.ndarray, np.ndarray] | None = None) -> list[float]:
    """Probability of each of ``beads`` under the distribution over all paths that weighs a path by
    exp(−cost / temperature): the share of that mass on paths through the bead.

    Near-ties with another segmentation give ~0.5, a bead no alternative comes close to gives ~1. It is
    a soft-min forward pass from the start and one from the end (on the mirrored grid), so it costs about
    two runs of :func:`solve`; ``band`` is :func:`solve`'s.
    """
    if not beads:
        return []
    mirrored_band = None if band is None else ((m - band[1])[::-1], (m - band[0])[::-1])
    fwd = _soft_forward(costs, n, m, temperature, band)
    bwd = _soft_forward(_mirrored(costs, n, m), n, m, temperature, mirrored_band)[::-1, ::-1]
    total = fwd[n, m]
    out = []
    for i0, i1, j0, j1 in beads:
        c = costs[(i1 - i0, j1 - j0)][i1, j1]
        out.append(float(min(1.0, np.exp(-(fwd[i0, j0] + c + bwd[i1, j1] - total) / temperature))))
    return out


def _soft_forward(costs, n: int, m: int, temperature: float, band=None) -> np.ndarray:
    """F[i, j] = −T log Σ over paths from (0, 0) to (i, j) of exp(−cost / T); laid out as ``solve``."""
    T = temperature
    types = [t for t in costs if t[0] > 0]
    ins = costs.get((0, 1))
    pa = max((a for a, _ in types), default=1)
    pb = max((b for _, b in types), default=0)
    D = np.full((n + 1 + pa, m + 1 + pb), np.inf)
    D[pa, pb] = 0.0
    if types:
        C = np.stack([costs[t] for t in types])
        rows_off = np.array([a for a, _ in types])[:, None]
        cols = (np.arange(m + 1)[None, :] + pb) - np.array([b for _, b in types])[:, None]
    for i in range(n + 1):
        lo, hi = (0, m) if band is None else (int(band[0][i]), int(band[1][i]))
        row = D[pa + i, pb:]
        if types and i:
            row[lo : hi + 1] = -T * _logsumexp(-(D[pa + i - rows_off, cols[:, lo : hi + 1]] + C[:, i, lo : hi + 1]) / T)
        if ins is not None:
            # 0-1 beads chain along the row: F[j] = softmin(row[j], F[j-1] + ins[j]), solved per run of
            # finite insertion costs as a running log-sum-exp of row − prefix(ins), as ``solve`` does
            s0 = max(lo, 1)
            runs = [(s0, hi + 1)] if s0 <= hi and np.isfinite(ins[i, s0 : hi + 1]).all() else _finite_runs(ins[i])
            for s, e in runs:
                pref = np.concatenate([[0.0], np.cumsum(ins[i, s:e])])
                seg = row[s - 1 : e]
                seg[:] = pref - T * np.logaddexp.accumulate(-(seg - pref) / T)
    return D[pa:, pb:]


def _logsumexp(x: np.ndarray) -> np.ndarray:
    """log Σ exp over axis 0; −inf where every term is."""
    top = x.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.exp(x - safe).sum(axis=0))


def _mirrored(costs, n: int, m: int):
    """Costs on the grid read from the end: the bead (a, b) ending at (i, j) ends at (n-i+a, m-j+b)."""
    out = {}
    for (a, b), c in costs.items():
        r = np.full((n + 1, m + 1), np.inf)
        if a <= n and b <= m:
            r[a:, b:] = c[n::-1, m::-1][: n + 1 - a, : m + 1 - b]
        out[(a, b)] = r
    return out
