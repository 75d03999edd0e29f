"""Bead costs: one (n+1, m+1) matrix per bead type, Vecalign-style.

``cost[(a, b)][i, j]`` is the cost of the bead covering Chinese sentences i-a … i-1 and English
sentences j-b … j-1. For a bead with both sides it adds:

* similarity: ``(1 − cos) / norm × ((a + b) / 2) ** merge_power``. ``norm`` is the mean of (1 − cos)
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


def type_prior(a: int, b: int) -> float:
    """−log P(a-b) for a, b ≥ 1: 1-1 most likely, English splitting (1-n) likelier than Chinese
    merging (n-1); roughly MAC-Test's published type distribution, smoothed."""
    base = {(1, 1): 0.6, (1, 2): 0.2, (2, 1): 0.05, (1, 3): 0.05, (2, 2): 0.02}
    p = base.get((a, b))
    if p is None:
        p = 0.02 * (0.45 ** (a + b - 4)) * (0.5 if a > b else 1.0)
    return -math.log(p)


def _prefix1(x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(x)])


def _span(p: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(p)
    out[k:] = p[k:] - p[: len(p) - k]
    return out


def normalised_distance(cos: np.ndarray, a: int, b: int, window: int) -> np.ndarray:
    """(1 − cos) divided by its mean against the partners of the same block size within ``window``
    blocks of it on either axis (Vecalign's normalisation, made local like Bertalign's margin)."""
    d = 1.0 - cos
    inner = d[a:, b:]
    out = np.ones_like(d)
    if inner.size:
        norm = 0.5 * (_moving_mean(inner, window, 1) + _moving_mean(inner, window, 0))
        out[a:, b:] = inner / np.maximum(norm, 1e-3)
    return out


def _moving_mean(x: np.ndarray, w: int, axis: int) -> np.ndarray:
    """Mean over a window of ±w cells along ``axis`` (shorter at the edges)."""
    c = np.cumsum(x, axis=axis)
    c = np.concatenate([np.zeros_like(np.take(c, [0], axis=axis)), c], axis=axis)
    k = x.shape[axis]
    lo = np.clip(np.arange(k) - w, 0, k)
    hi = np.clip(np.arange(k) + w + 1, 0, k)
    tot = np.take(c, hi, axis=axis) - np.take(c, lo, axis=axis)
    shape = [1, 1]
    shape[axis] = k
    return tot / (hi - lo).reshape(shape)


def length_ratio(zh_len: np.ndarray, en_len: np.ndarray, calibrated: float) -> float:
    if zh_len.sum() > 200 and en_len.sum() > 0:
        return math.sqrt(calibrated * en_len.sum() / zh_len.sum())
    return calibrated


def bead_costs(sims: list[tuple[dict, float]], zh_len: np.ndarray, en_len: np.ndarray,
               types: list[tuple[int, int]], opts):
    """Return (costs, confidence), dicts of (n+1, m+1) matrices per bead type.

    ``sims`` lists (block cosines, weight) pairs; their normalised distances are averaged by weight.
    Confidence is 1 − the normalised distance (clipped to [0, 1]), damped when the lengths disagree
    by more than one σ; null beads have confidence 0.
    """
    n, m = len(zh_len), len(en_len)
    zl, el = _prefix1(zh_len), _prefix1(en_len)
    c = length_ratio(zh_len, en_len, opts.length_ratio)
    total_w = sum(w for _, w in sims) or 1.0
    out: dict[tuple[int, int], np.ndarray] = {}
    conf: dict[tuple[int, int], np.ndarray] = {}
    one_one = None
    for a, b in types:
        cost = np.full((n + 1, m + 1), np.inf)
        conf[(a, b)] = np.zeros((n + 1, m + 1), dtype=np.float32)
        out[(a, b)] = cost
        if a > n or b > m or a == 0 or b == 0:
            continue
        dist = sum(w * normalised_distance(cos[(a, b)], a, b, opts.norm_window) for cos, w in sims) / total_w if sims else 1.0
        lz = _span(zl, a)[:, None]
        le = _span(el, b)[None, :]
        delta = np.log((le + opts.length_smooth) / (c * lz + opts.length_smooth)) / opts.length_sigma
        length = 0.5 * np.minimum(delta * delta, 25.0)
        full = dist * ((a + b) / 2) ** opts.merge_power + opts.length_weight * length + opts.prior_weight * type_prior(a, b)
        cost[a:, b:] = full[a:, b:]
        conf[(a, b)] = (np.clip(1.0 - dist, 0.0, 1.0) * np.exp(-0.5 * np.maximum(np.abs(delta) - 1.0, 0.0))).astype(np.float32)
        if (a, b) == (1, 1):
            one_one = full[1:, 1:]
    skip = opts.skip_margin + (float(np.percentile(one_one, opts.skip_percentile)) if one_one is not None and one_one.size
                               else opts.prior_weight * type_prior(1, 1) + 1.0)
    for t in ((1, 0), (0, 1)):
        if t in out:
            out[t][t[0]:, t[1]:] = skip
    return out, conf
