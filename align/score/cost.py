"""Bead costs from the evidence: one (n+1, m+1) matrix per bead type.

``cost[(a, b)][i, j]`` is the cost of the bead covering Chinese sentences i-a … i-1 and English
sentences j-b … j-1. It adds:

* a quality term, ``(a + b) · (1 - q)`` with q in [0, 1] the bead's translation evidence (share of
  Chinese word weight matched in the English block and of English word weight explained by the Chinese
  block, averaged; blended with the MT overlap when MT exists). Scaling by the number of sentences
  makes a document's total independent of how it is cut into beads, so only evidence and the type
  prior decide between one 2-2 bead and two 1-1 beads;
* a Gale–Church length term δ²/2, δ = (l_en − c·l_zh) / √(s²·l_zh), with c and s² calibrated on
  zh→en 1-1 beads (characters without blanks);
* the bead type's prior, −log P(a-b).
"""

from __future__ import annotations

import math

import numpy as np

from align.score.features import Evidence


def bead_types(max_size: int) -> list[tuple[int, int]]:
    types = [(1, 0), (0, 1)]
    types += [(a, b) for a in range(1, max_size) for b in range(1, max_size) if a + b <= max_size]
    return types


def type_prior(a: int, b: int, skip: float) -> float:
    """−log P(a-b): 1-1 most likely, English splitting (1-n) likelier than Chinese (n-1)."""
    if a == 0 or b == 0:
        return skip
    base = {(1, 1): 0.6, (1, 2): 0.2, (2, 1): 0.05, (1, 3): 0.05, (2, 2): 0.02}
    p = base.get((a, b))
    if p is None:
        p = 0.02 * (0.45 ** (a + b - 4)) * (0.5 if a > b else 1.0)
    return -math.log(p)


def _block(P: np.ndarray, a: int, b: int) -> np.ndarray:
    """Sums over the (a, b) blocks ending at every (i, j), from 2-D prefix sums P (n+1, m+1)."""
    n1, m1 = P.shape
    out = np.zeros((n1, m1))
    out[a:, b:] = P[a:, b:] - P[: n1 - a, b:] - P[a:, : m1 - b] + P[: n1 - a, : m1 - b]
    return out


def _prefix2(X: np.ndarray) -> np.ndarray:
    n, m = X.shape
    P = np.zeros((n + 1, m + 1))
    P[1:, 1:] = X.cumsum(0).cumsum(1)
    return P


def _prefix1(x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(x)])


def _span(p: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(p)
    out[k:] = p[k:] - p[: len(p) - k]
    return out


def bead_costs(ev: Evidence, types: list[tuple[int, int]], opts) -> dict[tuple[int, int], np.ndarray]:
    n, m = len(ev.zh_len), len(ev.en_len)
    zl, el = _prefix1(ev.zh_len), _prefix1(ev.en_len)
    zw, ew = _prefix1(ev.zh_w), _prefix1(ev.en_w)
    zh_hit, en_hit = _prefix2(ev.zh_hit), _prefix2(ev.en_hit)
    has_mt = ev.mt_hit is not None
    if has_mt:
        mw, mew, mh = _prefix1(ev.mt_w), _prefix1(ev.mt_en_w), _prefix2(ev.mt_hit)
    # Document-level length ratio, shrunk toward the calibrated one: translators differ.
    c = opts.length_ratio
    if ev.zh_len.sum() > 200 and ev.en_len.sum() > 0:
        doc_c = ev.en_len.sum() / ev.zh_len.sum()
        c = math.sqrt(c * doc_c)
    out: dict[tuple[int, int], np.ndarray] = {}
    for a, b in types:
        cost = np.full((n + 1, m + 1), np.inf)
        if a > n or b > m:
            out[(a, b)] = cost
            continue
        prior = opts.prior_weight * type_prior(a, b, opts.skip_cost)
        if a == 0 or b == 0:
            cost[a:, b:] = opts.quality_weight + prior
            out[(a, b)] = cost
            continue
        lz = _span(zl, a)[:, None]
        le = _span(el, b)[None, :]
        delta = (le - c * lz) / np.sqrt(opts.length_var * c * np.maximum(lz, 1.0))
        length = 0.5 * np.minimum(delta * delta, 25.0)
        czh = _block(zh_hit, a, b) / (_span(zw, a)[:, None] + opts.smooth)
        cen = _block(en_hit, a, b) / (_span(ew, b)[None, :] + opts.smooth)
        q = 0.5 * (np.minimum(czh, 1.0) + np.minimum(cen, 1.0))
        if has_mt:
            hit = _block(mh, a, b)
            dice = 2 * hit / (_span(mw, a)[:, None] + _span(mew, b)[None, :] + opts.smooth)
            q = (1 - opts.mt_share) * q + opts.mt_share * np.minimum(dice * opts.mt_scale, 1.0)
        full = (a + b) * opts.quality_weight * (1.0 - q) + opts.length_weight * length + prior
        cost[a:, b:] = full[a:, b:]
        out[(a, b)] = cost
    return out
