"""Cosine similarity of every Chinese block with every English block, for every bead size.

A block is a run of consecutive sentences, represented (as in Vecalign) by one vector. For bag-of-words
vectors the block vector is the sum of its sentence vectors, so all block dot products follow from
the sentence-pair matrix X·Yᵀ by 2-D prefix sums, and block norms from the Gram matrices X·Xᵀ and
Y·Yᵀ: no block vector is ever built. For sentence embeddings (``align.score.embed``) each block is
embedded as its own text and the cosines are plain matrix products.

``cos[(a, b)][i, j]`` is the similarity of Chinese sentences i-a … i-1 with English sentences
j-b … j-1 (the bead ending at grid point (i, j)); it is 0 where the block does not fit.
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
    near = [np.einsum("ij,ij->i", X[: n - k], X[k:]) for k in range(min(max_size, n))]
    out = [np.zeros(n + 1)]
    for a in range(1, max_size + 1):
        sq = np.zeros(n + 1)
        if a <= n:
            # |Σ x|² = Σ_p |x_p|² + 2 Σ_{k≥1} Σ_p x_p·x_{p+k}, over pairs inside the block
            for k in range(a):
                pref = np.concatenate([[0.0], np.cumsum(near[k])])
                span = pref[a - k :] - pref[: len(pref) - (a - k)]  # pairs (p, p+k) with p in the block
                sq[a:] += span if k == 0 else 2 * span
        out.append(sq)
    return out


class BagCosines:
    """Block cosines of bag-of-words sentence vectors; the prefix sums and block norms are computed
    once, so any sub-grid (a band's piece) is read off by slicing."""

    def __init__(self, X: np.ndarray, Y: np.ndarray, max_a: int, max_b: int):
        shared = (X != 0).any(axis=0) & (Y != 0).any(axis=0)  # other features add nothing to X·Yᵀ
        self.P = _prefix2(X[:, shared] @ Y[:, shared].T)
        self.nx, self.ny = _block_sq_norms(X, max_a), _block_sq_norms(Y, max_b)

    def cosines(self, i0: int, i1: int, j0: int, j1: int, types: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
        """Cosines for the sentences i0 … i1-1 × j0 … j1-1, indexed by local bead ends."""
        # Block sums are differences of four prefix corners, so the slice is a valid local prefix.
        P = self.P[i0 : i1 + 1, j0 : j1 + 1]
        out = {}
        for a, b in types:
            if a == 0 or b == 0:
                continue
            if a > i1 - i0 or b > j1 - j0:
                out[(a, b)] = np.zeros(P.shape)
                continue
            nx = self.nx[a][i0 : i1 + 1].copy()
            ny = self.ny[b][j0 : j1 + 1].copy()
            nx[:a] = 0.0  # blocks that would start before the slice
            ny[:b] = 0.0
            den = np.sqrt(np.outer(nx, ny))
            out[(a, b)] = np.divide(_block_sums(P, a, b), den, out=np.zeros_like(den), where=den > 0)
        return out


def bag_cosines(X: np.ndarray, Y: np.ndarray, types: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    max_a = max((a for a, _ in types), default=0)
    max_b = max((b for _, b in types), default=0)
    return BagCosines(X, Y, max_a, max_b).cosines(0, X.shape[0], 0, Y.shape[0], types)


def embedding_cosines(ex: list[np.ndarray], ey: list[np.ndarray], types: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    """``ex[a]`` holds the unit embeddings of the Chinese-side blocks of size a, one row per end
    position 0 … n (rows for ends < a are zero); likewise ``ey[b]``."""
    return {(a, b): ex[a] @ ey[b].T for a, b in types if a and b}
