"""Per-sentence and per-sentence-pair evidence, as numpy arrays the DP sums over bead blocks.

For a Chinese sentence i and an English sentence j:

* ``zh_hit[i, j]``: weight of the Chinese words (and anchors) of i that have a dictionary translation
  (or the same anchor) in j; ``zh_w[i]`` the weight of all of i's words that could be matched at all.
* ``en_hit[i, j]``: weight of the English words (and anchors) of j explained by i; ``en_w[j]``.
* ``mt_hit[i, j]``: weight of the stems and stem bigrams shared by the MT of i and by j (0 without MT).

Weights are inverse document frequencies within the English document, so a translation that occurs
in every other sentence ("say", "one") is weak evidence and an anchor or rare word is strong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from align.score.anchors import en_anchors, term_anchors, zh_anchors
from align.score.english import content_stems
from align.score.lexicon import Lexicon

ANCHOR_WEIGHT = 3.0  # an anchor counts like a word that occurs in one sentence in twenty


@dataclass
class Evidence:
    zh_len: np.ndarray  # characters without blanks
    en_len: np.ndarray
    zh_w: np.ndarray
    en_w: np.ndarray
    zh_hit: np.ndarray  # (n, m)
    en_hit: np.ndarray
    mt_w: np.ndarray | None = None  # (n,) weight of the MT's features
    mt_en_w: np.ndarray | None = None  # (m,) weight of the target's features under the MT vocabulary
    mt_hit: np.ndarray | None = None


def _nonblank_len(s: str) -> int:
    return sum(1 for c in s if not c.isspace())


def build_evidence(zh: list[str], en: list[str], lexicon: Lexicon | None, *, mt: list[str] | None = None,
                   lookup=None, use_dictionary: bool = True) -> Evidence:
    n, m = len(zh), len(en)
    en_stems = [set(content_stems(s)) for s in en]
    zh_anc = [zh_anchors(s) for s in zh]
    latin = set().union(*zh_anc) if zh_anc else set()
    latin = {a for a in latin if a.startswith("@")}
    en_anc = [en_anchors(s, latin) for s in en]
    zt, et = term_anchors(zh, en, lookup)
    for i in range(n):
        zh_anc[i] |= zt[i]
    for j in range(m):
        en_anc[j] |= et[j]

    # Document frequency of each English stem/anchor (in sentences), for idf weights.
    df: dict[str, int] = {}
    for j in range(m):
        for t in en_stems[j] | en_anc[j]:
            df[t] = df.get(t, 0) + 1

    def idf(t: str) -> float:
        if t[0] in "#@=":
            return ANCHOR_WEIGHT
        return math.log((m + 1) / (df.get(t, 0) + 0.5))

    vocab = {t: k for k, t in enumerate(df)}
    idf_vec = np.array([idf(t) for t in vocab], dtype=np.float64)
    E = np.zeros((m, len(vocab)), dtype=np.float32)
    for j in range(m):
        for t in en_stems[j] | en_anc[j]:
            E[j, vocab[t]] = 1.0
    en_total = np.zeros(m)
    for j in range(m):
        en_total[j] = sum(idf(t) for t in en_stems[j] | en_anc[j])

    # Chinese side: each dictionary word (type within the sentence) or anchor is one "item" with a
    # set of English features it can be rendered as.
    items: dict[tuple, int] = {}
    item_rows: list[list[int]] = []  # per item: columns of E it hits
    item_weight: list[float] = []
    Z_rows: list[dict[int, float]] = []
    for i in range(n):
        row: dict[int, float] = {}
        words = lexicon.segment(zh[i]) if (lexicon is not None and use_dictionary) else []
        keys = [("w", w) for w in set(words)] + [("a", a) for a in zh_anc[i]]
        for key in keys:
            k = items.get(key)
            if k is None:
                if key[0] == "w":
                    targets = [vocab[t] for t in lexicon.translations(key[1]) if t in vocab]
                    # a word whose renderings all are absent from the English is no evidence either way
                    w = max((idf_vec[c] for c in targets), default=0.0)
                    w = min(w, math.log(m + 1)) * (1.0 if len(key[1]) > 1 else 0.7)
                else:
                    targets = [vocab[key[1]]] if key[1] in vocab else []
                    w = ANCHOR_WEIGHT
                k = items[key] = len(item_rows)
                item_rows.append(targets)
                item_weight.append(w)
            row[k] = item_weight[k]
        Z_rows.append(row)
    n_items = len(item_rows)
    D = np.zeros((n_items, len(vocab)), dtype=np.float32)  # item -> English features
    for k, cols in enumerate(item_rows):
        D[k, cols] = 1.0
    C = np.zeros((n, n_items), dtype=np.float32)  # sentence -> item weight
    for i, row in enumerate(Z_rows):
        for k, w in row.items():
            C[i, k] = w
    item_in_en = (D @ E.T) > 0  # (items, m)
    zh_hit = C @ item_in_en.astype(np.float32)
    zh_w = C.sum(axis=1).astype(np.float64)
    # English side: feature t of sentence j is explained by sentence i if some item of i renders as t.
    Zfeat = ((C > 0).astype(np.float32) @ D) > 0  # (n, vocab)
    en_hit = (Zfeat.astype(np.float32) * idf_vec.astype(np.float32)) @ E.T
    ev = Evidence(
        zh_len=np.array([_nonblank_len(s) for s in zh], dtype=np.float64),
        en_len=np.array([_nonblank_len(s) for s in en], dtype=np.float64),
        zh_w=zh_w, en_w=en_total, zh_hit=zh_hit.astype(np.float64), en_hit=en_hit.astype(np.float64),
    )
    if mt is not None:
        _add_mt(ev, mt, en, en_anc)
    return ev


def _features(text: str, anchors: set[str]) -> set[str]:
    stems = content_stems(text)
    return set(stems) | {a + " " + b for a, b in zip(stems, stems[1:])} | anchors


def _add_mt(ev: Evidence, mt: list[str], en: list[str], en_anc: list[set[str]]) -> None:
    """Bleualign's idea, as an overlap of weighted stems and stem bigrams (MT vs. target)."""
    m = len(en)
    mt_feats = [_features(s, en_anchors(s)) for s in mt]
    en_feats = [_features(s, en_anc[j]) for j, s in enumerate(en)]
    df: dict[str, int] = {}
    for f in en_feats:
        for t in f:
            df[t] = df.get(t, 0) + 1
    vocab: dict[str, int] = {}
    for f in mt_feats + en_feats:
        for t in f:
            vocab.setdefault(t, len(vocab))
    w = np.zeros(len(vocab))
    for t, k in vocab.items():
        w[k] = math.log((m + 1) / (df.get(t, 0) + 0.5))
    A = np.zeros((len(mt), len(vocab)), dtype=np.float32)
    B = np.zeros((m, len(vocab)), dtype=np.float32)
    for i, f in enumerate(mt_feats):
        A[i, [vocab[t] for t in f]] = 1.0
    for j, f in enumerate(en_feats):
        B[j, [vocab[t] for t in f]] = 1.0
    ev.mt_w = A @ w
    ev.mt_en_w = B @ w
    ev.mt_hit = ((A * w.astype(np.float32)) @ B.T).astype(np.float64)
