"""Per-sentence evidence and word-occurrence matches, as numpy arrays the cost model sums over beads.

Chinese side: every dictionary word (max-match segmentation against CC-CEDICT) and every anchor of a
sentence is an *item* with a weight and a set of English features (stems, anchors) it may be rendered
as. English side: every content stem or anchor of a sentence is a *feature*. Weights are inverse
sentence frequencies within the English text, so a rendering found in every other sentence ("say")
is weak evidence and an anchor or a rare word strong.

``zh_occ[k, j]`` says whether item occurrence k is rendered somewhere in English sentence j;
``en_occ[k, i]`` whether English feature occurrence k is the rendering of some item of Chinese
sentence i. The cost model ORs these over bead blocks, so a word counts once however many sentences
of a block contain its translation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from align.score.anchors import en_anchors, term_anchors, zh_anchors
from align.score.english import content_stems
from align.score.lexicon import Lexicon

ANCHOR_WEIGHT = 3.0  # an anchor counts like a word found in one sentence out of twenty
SINGLE_CHAR_DISCOUNT = 0.7  # one-character words are ambiguous (打, 行, 把 …)


@dataclass
class Evidence:
    zh_len: np.ndarray  # characters without blanks, per sentence
    en_len: np.ndarray
    zh_w: np.ndarray  # weight of everything that could be matched, per sentence
    en_w: np.ndarray
    zh_occ: np.ndarray  # (k, m) bool
    zh_occ_w: np.ndarray  # (k,)
    zh_occ_row: np.ndarray  # (k,) sentence of each occurrence, sorted
    en_occ: np.ndarray  # (k', n) bool
    en_occ_w: np.ndarray
    en_occ_row: np.ndarray
    mt_w: np.ndarray | None = None  # MT overlap (see _add_mt); None without MT
    mt_en_w: np.ndarray | None = None
    mt_hit: np.ndarray | None = None


def _nonblank_len(s: str) -> int:
    return len(s) - sum(s.count(c) for c in " \t\n\u3000")


def build_evidence(zh: list[str], en: list[str], lexicon: Lexicon | None, *, mt: list[str] | None = None,
                   lookup=None, use_dictionary: bool = True) -> Evidence:
    n, m = len(zh), len(en)
    zh_anc = [zh_anchors(s) for s in zh]
    latin = {a for s in zh_anc for a in s if a.startswith("@")}
    en_feats = [set(content_stems(s)) | en_anchors(s, latin) for s in en]
    zt, et = term_anchors(zh, en, lookup)
    for i in range(n):
        zh_anc[i] |= zt[i]
    for j in range(m):
        en_feats[j] |= et[j]

    where: dict[str, list[int]] = {}  # English feature -> sentences containing it
    for j, feats in enumerate(en_feats):
        for t in feats:
            where.setdefault(t, []).append(j)
    log_m = math.log(m + 1)

    def idf(t: str) -> float:
        return ANCHOR_WEIGHT if t[0] in "#@=" else math.log((m + 1) / (len(where.get(t, ())) + 0.5))

    use_lex = lexicon is not None and use_dictionary
    occ_rows: list[int] = []
    occ_w: list[float] = []
    occ_hits: list[np.ndarray] = []
    renders: dict[str, set[int]] = {}  # English feature -> Chinese sentences with an item rendering it
    item_cache: dict[str, tuple[float, np.ndarray, list[str]]] = {}
    zh_w = np.zeros(n)
    for i in range(n):
        items = ([w for w in dict.fromkeys(lexicon.segment(zh[i]))] if use_lex else []) + sorted(zh_anc[i])
        for item in items:
            cached = item_cache.get(item)
            if cached is None:
                targets = ([item] if item in where else []) if item[0] in "#@=" else [t for t in lexicon.translations(item) if t in where]
                hit = np.zeros(m, dtype=bool)
                for t in targets:
                    hit[where[t]] = True
                if item[0] in "#@=":
                    w = ANCHOR_WEIGHT
                else:
                    w = min(max((idf(t) for t in targets), default=0.0), log_m)
                    w *= 1.0 if len(item) > 1 else SINGLE_CHAR_DISCOUNT
                cached = item_cache[item] = (w, hit, targets)
            w, hit, targets = cached
            if w <= 0:
                continue  # none of its renderings occurs in this English text: no evidence either way
            occ_rows.append(i)
            occ_w.append(w)
            occ_hits.append(hit)
            zh_w[i] += w
            for t in targets:
                renders.setdefault(t, set()).add(i)
    en_rows: list[int] = []
    en_w_occ: list[float] = []
    en_hits: list[np.ndarray] = []
    en_w = np.zeros(m)
    for j, feats in enumerate(en_feats):
        for t in sorted(feats):
            w = idf(t)
            hit = np.zeros(n, dtype=bool)
            hit[list(renders.get(t, ()))] = True
            en_rows.append(j)
            en_w_occ.append(w)
            en_hits.append(hit)
            en_w[j] += w
    ev = Evidence(
        zh_len=np.array([_nonblank_len(s) for s in zh], dtype=np.float64),
        en_len=np.array([_nonblank_len(s) for s in en], dtype=np.float64),
        zh_w=zh_w, en_w=en_w,
        zh_occ=np.array(occ_hits, dtype=bool).reshape(len(occ_hits), m),
        zh_occ_w=np.array(occ_w, dtype=np.float32), zh_occ_row=np.array(occ_rows, dtype=np.int64),
        en_occ=np.array(en_hits, dtype=bool).reshape(len(en_hits), n),
        en_occ_w=np.array(en_w_occ, dtype=np.float32), en_occ_row=np.array(en_rows, dtype=np.int64),
    )
    if mt is not None:
        _add_mt(ev, mt, en, en_feats)
    return ev


def _features(text: str, anchors: set[str]) -> set[str]:
    stems = content_stems(text)
    return set(stems) | {a + " " + b for a, b in zip(stems, stems[1:])} | anchors


def _add_mt(ev: Evidence, mt: list[str], en: list[str], en_feats: list[set[str]]) -> None:
    """Bleualign's idea as a weighted Dice overlap of stems and stem bigrams (MT vs. target)."""
    m = len(en)
    mt_f = [_features(s, en_anchors(s)) for s in mt]
    en_f = [_features(s, {t for t in en_feats[j] if t[0] in "#@="}) for j, s in enumerate(en)]
    df: dict[str, int] = {}
    for f in en_f:
        for t in f:
            df[t] = df.get(t, 0) + 1
    vocab: dict[str, int] = {}
    for f in mt_f + en_f:
        for t in f:
            vocab.setdefault(t, len(vocab))
    w = np.zeros(len(vocab), dtype=np.float32)
    for t, k in vocab.items():
        w[k] = math.log((m + 1) / (df.get(t, 0) + 0.5))
    A = np.zeros((len(mt), len(vocab)), dtype=np.float32)
    B = np.zeros((m, len(vocab)), dtype=np.float32)
    for i, f in enumerate(mt_f):
        A[i, [vocab[t] for t in f]] = 1.0
    for j, f in enumerate(en_f):
        B[j, [vocab[t] for t in f]] = 1.0
    ev.mt_w = (A @ w).astype(np.float64)
    ev.mt_en_w = (B @ w).astype(np.float64)
    ev.mt_hit = ((A * w) @ B.T).astype(np.float64)
