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


def _or_coverage(occ: np.ndarray, w: np.ndarray, rows: np.ndarray, n_rows: int, max_b: int) -> list[np.ndarray]:
    """cov[b][r, j]: weight of row r's occurrences matched anywhere in columns j-b … j-1.

    Columns are the other language's sentences; index j is a block end (0 … m), so cov[b][:, j] is
    zero for j < b.
    """
    k, m = occ.shape
    out = [np.zeros((n_rows, m + 1))]
    acc = np.zeros((k, m + 1), dtype=bool)
    padded = np.zeros((k, m + 1), dtype=bool)
    padded[:, 1:] = occ
    for b in range(1, max_b + 1):
        # block ending at j covers columns j-b … j-1: OR of padded columns j-b+1 … j
        if b > m:  # no block of this size fits
            out.append(np.zeros((n_rows, m + 1)))
            continue
        shifted = np.zeros_like(padded)
        shifted[:, b - 1 :] = padded[:, : m + 2 - b] if b > 1 else padded
        acc = acc | shifted
        valid = acc.copy()
        valid[:, :b] = False
        out.append(_group_sum(valid * w[:, None].astype(np.float32), rows, n_rows))
    return out


def _group_sum(X: np.ndarray, rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Sum the rows of X by group (rows is sorted), giving n_rows rows."""
    out = np.zeros((n_rows, X.shape[1]))
    if X.shape[0] == 0:
        return out
    starts = np.searchsorted(rows, np.arange(n_rows))
    nonempty = np.bincount(rows, minlength=n_rows) > 0
    sums = np.add.reduceat(X, starts[nonempty], axis=0)
    out[nonempty] = sums
    return out


def bead_costs(ev: Evidence, types: list[tuple[int, int]], opts):
    """Return (costs, confidence): dicts of (n+1, m+1) matrices per bead type.

    Confidence is the bead quality clipped to [0, 1], damped when the lengths disagree by more than
    one standard deviation; null beads have confidence 0.
    """
    n, m = len(ev.zh_len), len(ev.en_len)
    zl, el = _prefix1(ev.zh_len), _prefix1(ev.en_len)
    zw, ew = _prefix1(ev.zh_w), _prefix1(ev.en_w)
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)
    # zcov[b][i, j]: prefix over Chinese rows (i rows) of OR-coverage in the English block of size b
    # ending at j; ecov[a][i, j]: prefix over English columns of coverage by the Chinese block of size a
    # ending at i.
    zcov = [np.vstack([np.zeros((1, m + 1)), c.cumsum(0)]) for c in _or_coverage(ev.zh_occ, ev.zh_occ_w, ev.zh_occ_row, n, max_b)]
    ecov = [np.vstack([np.zeros((1, n + 1)), c.cumsum(0)]).T for c in _or_coverage(ev.en_occ, ev.en_occ_w, ev.en_occ_row, m, max_a)]
    has_mt = ev.mt_hit is not None
    if has_mt:
        mw, mew, mh = _prefix1(ev.mt_w), _prefix1(ev.mt_en_w), _prefix2(ev.mt_hit)
    # Document-level length ratio, shrunk toward the calibrated one: translators differ.
    c = opts.length_ratio
    if ev.zh_len.sum() > 200 and ev.en_len.sum() > 0:
        doc_c = ev.en_len.sum() / ev.zh_len.sum()
        c = math.sqrt(c * doc_c)
    # Chance level of each coverage (a random sentence pair), subtracted per sentence added to a
    # block so that merging unrelated sentences does not look like evidence.
    big = n * m >= 50
    rz = [0.0] + [float(np.mean(zcov[b][-1, b:]) / (ev.zh_w.sum() + opts.smooth)) if big else b * opts.chance_coverage
                  for b in range(1, max_b + 1)]
    re_ = [0.0] + [float(np.mean(ecov[a][a:, -1]) / (ev.en_w.sum() + opts.smooth)) if big else a * opts.chance_coverage
                   for a in range(1, max_a + 1)]
    if has_mt:
        rm = float(np.mean(2 * ev.mt_hit / (ev.mt_w[:, None] + ev.mt_en_w[None, :] + opts.smooth))) if n * m >= 50 else 0.05
    out: dict[tuple[int, int], np.ndarray] = {}
    conf: dict[tuple[int, int], np.ndarray] = {}
    for a, b in types:
        cost = np.full((n + 1, m + 1), np.inf)
        conf[(a, b)] = np.zeros((n + 1, m + 1), dtype=np.float32)
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
        zc = np.zeros((n + 1, m + 1))
        zc[a:, :] = zcov[b][a:] - zcov[b][: n + 1 - a]
        ec = np.zeros((n + 1, m + 1))
        ec[:, b:] = ecov[a][:, b:] - ecov[a][:, : m + 1 - b]
        czh = zc / (_span(zw, a)[:, None] + opts.smooth)
        cen = ec / (_span(ew, b)[None, :] + opts.smooth)
        q = 0.5 * (czh - rz[b] + cen - re_[a]) * opts.coverage_scale
        if has_mt:
            hit = _block(mh, a, b)
            dice = 2 * hit / (_span(mw, a)[:, None] + _span(mew, b)[None, :] + opts.smooth)
            q = (1 - opts.mt_share) * q + opts.mt_share * (dice - (a + b - 1) * rm) * opts.mt_scale
        full = (a + b) * opts.quality_weight * (1.0 - q) + opts.length_weight * length + prior
        cost[a:, b:] = full[a:, b:]
        out[(a, b)] = cost
        conf[(a, b)] = (np.clip(q, 0.0, 1.0) * np.exp(-0.5 * np.maximum(np.abs(delta) - 1.0, 0.0))).astype(np.float32)
    return out, conf
