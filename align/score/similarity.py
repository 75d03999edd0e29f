"""Cosine similarity of every Chinese block with every English block, for every bead size.

A block is a run of consecutive sentences, represented (as in Vecalign) by one vector. For bag-of-words
vectors the block vector is the sum of its sentence vectors, so all block dot products follow from
the sentence-pair matrix X·Yᵀ by 2-D prefix sums, and block norms from the dot products of nearby
rows: no block vector is ever built. Sentence embeddings (``align.score.embed``) use the same
machinery, each block being the length-weighted sum of its sentences' embeddings.

``cos[t, i, j]``, for the t-th bead type (a, b), is the similarity of Chinese sentences i-a … i-1
with English sentences j-b … j-1 (the bead ending at grid point (i, j)); it is 0 where the block
does not fit. All types are computed together on stacked arrays: a few large numpy operations
instead of many small ones.
"""

from __future__ import annotations

import numpy as np


def _prefix2(X: np.ndarray) -> np.ndarray:
    n, m = X.shape
    P = np.zeros((n + 1, m + 1))
    P[1:, 1:] = X.cumsum(0).cumsum(1)
    return P


def _block_sums(P: np.ndarray, a: int, b: int) -> np.ndarray:
    """Sums over the (a, b) blocks ending at every (i, j), from 2-D prefix sums P."""
    n1, m1 = P.shape
    out = np.zeros((n1, m1))
    out[a:, b:] = P[a:, b:] - P[: n1 - a, b:] - P[a:, : m1 - b] + P[: n1 - a, : m1 - b]
    return out


def _block_sq_norms(X: np.ndarray, max_size: int) -> list[np.ndarray]:
    """norms[a][i] = |x_{i-a} + … + x_{i-1}|², from the dot products of rows fewer than a apart."""
    n = X.shape[0]
    # near[k][p] = x_p · x_{p+k}
    near = [(X[: n - k] * X[k:]).sum(axis=1, dtype=np.float64) for k in range(min(max_size, n))]
    prefs = [np.concatenate([[0.0], np.cumsum(v)]) for v in near]
    out = [np.zeros(n + 1)]
    for a in range(1, max_size + 1):
        sq = np.zeros(n + 1)
        if a <= n:
            # |Σ x|² = Σ_p |x_p|² + 2 Σ_{k≥1} Σ_p x_p·x_{p+k}, over pairs inside the block
            for k in range(a):
                pref = prefs[k]
                span = pref[a - k :] - pref[: len(pref) - (a - k)]  # pairs (p, p+k) with p in the block
                sq[a:] += span if k == 0 else 2 * span
        out.append(sq)
    return out


class BagCosines:
    """Block cosines of bag-of-words sentence vectors; the prefix sums and block norms are computed
    once, so any sub-grid (a band's piece) is read off by slicing."""

    def __init__(self, X: np.ndarray, Y: np.ndarray, max_a: int, max_b: int):
        used_x, used_y = (X != 0).any(axis=0), (Y != 0).any(axis=0)
        X, Y = X[:, used_x | used_y].astype(np.float32), Y[:, used_x | used_y].astype(np.float32)
        shared = used_x[used_x | used_y] & used_y[used_x | used_y]  # other features add nothing to X·Yᵀ
        self.P = _prefix2((X[:, shared] @ Y[:, shared].T).astype(np.float64))
        self.nx, self.ny = _block_sq_norms(X, max_a), _block_sq_norms(Y, max_b)

    def cosines(self, i0: int, i1: int, j0: int, j1: int, types: list[tuple[int, int]]) -> np.ndarray:
        """Cosines for the sentences i0 … i1-1 × j0 … j1-1, one (i1-i0+1, j1-j0+1) layer per type
        (a, b ≥ 1), indexed by local bead ends; 0 where the block would start before the slice."""
        # Block sums are differences of four prefix corners, so the slice is a valid local prefix;
        # padding in front lets every type read its corners as shifted views.
        P = self.P[i0 : i1 + 1, j0 : j1 + 1]
        n1, m1 = P.shape
        pa, pb = max(a for a, _ in types), max(b for _, b in types)
        Pp = np.zeros((n1 + pa, m1 + pb))
        Pp[pa:, pb:] = P
        A = np.array([a for a, _ in types])[:, None, None]
        B = np.array([b for _, b in types])[:, None, None]
        sums = np.empty((len(types), n1, m1))
        for t, (a, b) in enumerate(types):  # four shifted views per type: no gathered copies
            np.subtract(Pp[pa:, pb:], Pp[pa - a : pa - a + n1, pb:], out=sums[t])
            sums[t] -= Pp[pa:, pb - b : pb - b + m1]
            sums[t] += Pp[pa - a : pa - a + n1, pb - b : pb - b + m1]
        nx = np.stack([self.nx[a][i0 : i1 + 1] for a, _ in types])
        ny = np.stack([self.ny[b][j0 : j1 + 1] for _, b in types])
        nx[np.arange(n1)[None, :] < A[:, :, 0]] = 0.0
        ny[np.arange(m1)[None, :] < B[:, :, 0]] = 0.0
        den = np.sqrt(nx[:, :, None] * ny[:, None, :])
        return np.divide(sums, den, out=np.zeros_like(den), where=den > 0)


def bag_cosines(X: np.ndarray, Y: np.ndarray, types: list[tuple[int, int]]) -> np.ndarray:
    """Block cosines over the whole grid, one layer per type in ``types`` (all with a, b ≥ 1)."""
    max_a = max((a for a, _ in types), default=0)
    max_b = max((b for _, b in types), default=0)
    return BagCosines(X, Y, max_a, max_b).cosines(0, X.shape[0], 0, Y.shape[0], types)
