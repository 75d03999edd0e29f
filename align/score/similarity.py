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
    """norms[a][i] = |x_{i-a} + … + x_{i-1}|², from the Gram matrix (only its band is needed)."""
    n = X.shape[0]
    gram = X @ X.T
    P = _prefix2(gram)
    out = [np.zeros(n + 1)]
    for a in range(1, max_size + 1):
        sq = np.zeros(n + 1)
        if a <= n:
            i = np.arange(a, n + 1)
            sq[a:] = P[i, i] - P[i - a, i] - P[i, i - a] + P[i - a, i - a]
        out.append(sq)
    return out


def bag_cosines(X: np.ndarray, Y: np.ndarray, types: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    max_a = max((a for a, _ in types), default=0)
    max_b = max((b for _, b in types), default=0)
    P = _prefix2(X @ Y.T)
    nx, ny = _block_sq_norms(X, max_a), _block_sq_norms(Y, max_b)
    out = {}
    for a, b in types:
        if a == 0 or b == 0:
            continue
        if a > X.shape[0] or b > Y.shape[0]:
            out[(a, b)] = np.zeros((X.shape[0] + 1, Y.shape[0] + 1))
            continue
        den = np.sqrt(np.outer(nx[a], ny[b]))
        out[(a, b)] = np.divide(_block_sums(P, a, b), den, out=np.zeros_like(den), where=den > 0)
    return out


def embedding_cosines(ex: list[np.ndarray], ey: list[np.ndarray], types: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    """``ex[a]`` holds the unit embeddings of the Chinese-side blocks of size a, one row per end
    position 0 … n (rows for ends < a are zero); likewise ``ey[b]``."""
    return {(a, b): ex[a] @ ey[b].T for a, b in types if a and b}
