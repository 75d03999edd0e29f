"""Bead costs: one (n+1, m+1) matrix per bead type, Vecalign-style.

``cost[(a, b)][i, j]`` is the cost of the bead covering Chinese sentences i-a … i-1 and English
sentences j-b … j-1. For a bead with both sides it adds:

* similarity: ``Σ_k w_k (1 − (cos_k − norm_k)) × ((a + b) / 2) ** merge_power`` over the sources of
  evidence k (dictionary/MT bags, embeddings; weights are absolute, so the encoder's similarity adds to
  the lexical one instead of diluting it). ``norm`` is the mean cosine
  of the Chinese block with the English blocks of the same size nearby and of the English block with
  the Chinese blocks nearby (Vecalign's normalisation against random partners, taken locally as
  Bertalign's margin is): a block that is similar to everything around it, such as a long merged
  block or one made of common words, earns nothing for it. Scaling by the number of sentences makes
  merging costly unless the merged block explains both sides better;
* length: ``½ δ²`` with δ = log((l_en + k) / (c·l_zh + k)) / σ. The English/Chinese character ratio
  varies in proportion to length (MAC-Dev 1-1 beads: mean 4.0, sd 1.36), so the log-ratio is
  Gaussian-like, not the difference Gale–Church used for European languages; c is the calibrated
  ratio shrunk towards the document's own ratio (translators differ);
* the bead type's prior, −log P(a-b).

1-0 and 0-1 beads cost a constant: a low percentile of the document's 1-1 costs plus a margin
(Vecalign uses a percentile of its costs), so a sentence is left out only when it matches nothing
better than a typical good pair does.
"""

from __future__ import annotations

import math

import numpy as np


def bead_types(max_size: int) -> list[tuple[int, int]]:
    types = [(1, 0), (0, 1)]
    types += [(a, b) for a in range(1, max_size) for b in range(1, max_size) if a + b <= max_size]
    return types


# Bead-type shares (a-b = Chinese-English) in MAC-Test, the published literary zh→en gold (4,394
# beads; shared/notes/alignment-anchors.md); unlisted types get a geometric tail.
TYPE_SHARE = {(1, 1): 0.598, (1, 2): 0.211, (1, 3): 0.067, (2, 1): 0.042, (1, 4): 0.020, (2, 2): 0.019,
              (2, 3): 0.0105, (1, 5): 0.0057, (2, 4): 0.0036, (3, 1): 0.003, (3, 2): 0.0023}


def type_prior(a: int, b: int) -> float:
    """−log P(a-b) for a, b ≥ 1: 1-1 most likely, English splitting (1-n) likelier than Chinese
    merging (n-1)."""
    p = TYPE_SHARE.get((a, b))
    if p is None:
        p = 0.02 * (0.45 ** (a + b - 4)) * (0.5 if a > b else 1.0)
    return -math.log(p)


def _prefix1(x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(x)])


def _spans(p: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """out[t, i] = p[i] - p[i - sizes[t]] (0 where i < sizes[t])."""
    idx = np.arange(len(p))[None, :] - sizes[:, None]
    return np.where(idx >= 0, p[None, :] - p[np.maximum(idx, 0)], 0.0)


def _moving_mean(x: np.ndarray, valid: np.ndarray, w: int, axis: int) -> np.ndarray:
    """Mean of the valid cells within ±w along ``axis`` (1 or 2) of a stacked (T, rows, cols) array."""
    k = x.shape[axis]
    vals = np.cumsum(np.where(valid, x, 0.0), axis=axis)
    counts = np.cumsum(valid, axis=axis, dtype=np.float64)
    hi = np.minimum(np.arange(k) + w, k - 1)
    lo = np.arange(k) - w - 1  # exclusive; < 0 means from the start
    def window(c):
        top = np.take(c, hi, axis=axis)
        bottom = np.where(_along(lo >= 0, axis), np.take(c, np.maximum(lo, 0), axis=axis), 0.0)
        return top - bottom
    return window(vals) / np.maximum(window(counts), 1.0)


def _along(v: np.ndarray, axis: int) -> np.ndarray:
    return v[None, :, None] if axis == 1 else v[None, None, :]


def normalised_distance(cos: np.ndarray, valid: np.ndarray, window: int) -> np.ndarray:
    """1 − (cos − the mean cosine of the block with the partners of the same size within ``window``
    blocks of it on either axis): Bertalign's margin, taken locally. Vecalign divides (1 − cos) by that
    mean instead, which rewards a block of common words (close to everything, so a small divisor);
    the difference does not (MAC-Dev: exact F1 +0.003 offline, strict F1 +0.004 with MT)."""
    d = 1.0 - cos
    norm = 0.5 * (_moving_mean(d, valid, window, 2) + _moving_mean(d, valid, window, 1))
    return 1.0 + d - norm


def length_ratio(zh_len: np.ndarray, en_len: np.ndarray, calibrated: float) -> float:
    if zh_len.sum() > 200 and en_len.sum() > 0:
        return math.sqrt(calibrated * en_len.sum() / zh_len.sum())
    return calibrated


def bead_costs(sims: list[tuple[np.ndarray, float]], zh_len: np.ndarray, en_len: np.ndarray,
               types: list[tuple[int, int]], opts, *, ratio: float | None = None, skip: float | None = None,
               boundary: np.ndarray | None = None):
    """Return the costs: a dict of (n+1, m+1) matrices per bead type.

    ``sims`` lists (block cosines, weight) pairs, the cosines stacked over the types with a, b ≥ 1 in
    the order of ``types``; their normalised distances enter the cost with their weights. ``ratio`` and
    ``skip`` override the length ratio and the 1-0/0-1 cost estimated from this input (a band's pieces use the whole document's). ``boundary`` (n+1, m+1) is
    added to every bead ending at each grid point (see ``align.score.quotes`` and ``.crossing``).
    """
    n, m = len(zh_len), len(en_len)
    c = ratio if ratio is not None else length_ratio(zh_len, en_len, opts.length_ratio)
    pairs = [t for t in types if t[0] and t[1]]
    out: dict[tuple[int, int], np.ndarray] = {}
    if pairs:
        A = np.array([a for a, _ in pairs])
        B = np.array([b for _, b in pairs])
        valid = (np.arange(n + 1)[None, :, None] >= A[:, None, None]) & (np.arange(m + 1)[None, None, :] >= B[:, None, None])
        dist = sum(w * normalised_distance(cos, valid, opts.norm_window) for cos, w in sims)
        log_zh = np.log(c * _spans(_prefix1(zh_len), A) + opts.length_smooth)
        log_en = np.log(_spans(_prefix1(en_len), B) + opts.length_smooth)
        delta = log_zh[:, :, None] - log_en[:, None, :]
        delta *= delta
        np.minimum(delta, 25.0 * opts.length_sigma ** 2, out=delta)
        size = ((A + B) / 2.0) ** opts.merge_power
        prior = opts.prior_weight * np.array([type_prior(a, b) for a, b in pairs])
        cost = dist * size[:, None, None]
        cost += delta * (0.5 * opts.length_weight / opts.length_sigma ** 2)
        cost += prior[:, None, None]
        if boundary is not None:
            cost += boundary[None, :, :]
        cost[~valid] = np.inf
        for k, t in enumerate(pairs):
            out[t] = cost[k]
    if skip is None:
        skip = skip_cost(out[(1, 1)][1:, 1:] if (1, 1) in out else None, opts)
    for t in ((1, 0), (0, 1)):
        if t in types:
            out[t] = np.full((n + 1, m + 1), np.inf)
            out[t][t[0]:, t[1]:] = skip
            if boundary is not None:
                out[t] += boundary
    return out


def skip_cost(one_one: np.ndarray | None, opts) -> float:
    """Cost of a 1-0 or 0-1 bead: a low percentile of the 1-1 costs, plus a margin."""
    if one_one is None or not one_one.size:
        return opts.skip_margin + opts.prior_weight * type_prior(1, 1) + 1.0
    return opts.skip_margin + float(np.percentile(one_one, opts.skip_percentile))
