"""Sentence vectors in one English feature space, so Chinese and English sentences can be compared.

English sentences become TF-IDF bags of content stems and anchors (numbers, Latin strings, glossary
terms). A Chinese sentence is projected into the same space:

* through CC-CEDICT: each dictionary word (forward max-match) spreads one unit of weight over those
  of its gloss stems that occur in the English document, and each anchor adds its token;
* through MT, when an English translation of the sentence exists: its own stems and anchors, plus
  the dictionary projection at the same weight (the MT may miss a word the dictionary still knows).

IDF comes from the English document (sentence frequencies), so a rendering found in every other
sentence ("say") weighs little and an anchor or a rare word much. Vectors are dense numpy arrays over
the document's English vocabulary; a chapter has a few thousand features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bitext.align.score.anchors import en_anchors, term_anchors, zh_anchors
from bitext.align.score.english import content_stems
from bitext.align.score.lexicon import Lexicon

SINGLE_CHAR_WEIGHT = 0.7  # one-character words are ambiguous (打, 行, 把 …)
MT_DICT_WEIGHT = 1.0  # the dictionary projection next to an MT's own words: MAC-Dev legacy strict F1
# 0.877 at 0.5, 0.884 at 1.0, 0.886 at 1.5 (a free translation often keeps a dictionary rendering the MT missed)
_ALNUM = re.compile(r"[a-z0-9]+")


@dataclass
class SentenceVectors:
    zh: np.ndarray  # (n, V) Chinese sentences projected into English features
    en: np.ndarray  # (m, V)


def sentence_vectors(zh: list[str], en: list[str], lexicon: Lexicon | None, *, mt: list[str] | None = None,
                     lookup=None) -> SentenceVectors:
    zh_anc = [zh_anchors(s) for s in zh]
    zt, et = term_anchors(zh, en, lookup)
    latin = {a for s in zh_anc for a in s if a.startswith("@")}
    en_feats = [content_stems(s) + sorted(en_anchors(s, latin) | et[j]) for j, s in enumerate(en)]
    vocab: dict[str, int] = {}
    for feats in en_feats:
        for t in feats:
            vocab.setdefault(t, len(vocab))
    n, m, v = len(zh), len(en), len(vocab)
    df = np.zeros(v)
    for feats in en_feats:
        df[[vocab[t] for t in set(feats)]] += 1
    idf = np.log((m + 1) / (df + 0.5))
    Y = _counts([[vocab[t] for t in feats] for feats in en_feats], v)
    X = np.zeros((n, v))
    if mt is not None:
        X += _counts([[vocab[t] for t in content_stems(s) + sorted(en_anchors(s, latin)) if t in vocab] for s in mt], v)
    dict_weight = 1.0 if mt is None else MT_DICT_WEIGHT
    glosses: dict[str, tuple[list[int], float]] = {}  # word -> (features, share of each), per document
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, s in enumerate(zh):
        words = lexicon.segment(s) if lexicon is not None else []
        for word in words:
            ks, share = glosses.get(word) or glosses.setdefault(word, _gloss(word, lexicon, vocab, dict_weight))
            rows += [i] * len(ks)
            cols += ks
            vals += [share] * len(ks)
        for a in zh_anc[i] | zt[i]:
            k = vocab.get(a)
            if k is not None:
                rows.append(i)
                cols.append(k)
                vals.append(dict_weight)
    np.add.at(X, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), np.array(vals))
    return SentenceVectors(zh=X * idf, en=Y * idf)


def _counts(rows: list[list[int]], v: int) -> np.ndarray:
    """(len(rows), v) matrix counting each row's feature indices."""
    out = np.zeros((len(rows), v))
    r = np.repeat(np.arange(len(rows)), [len(ks) for ks in rows])
    c = np.fromiter((k for ks in rows for k in ks), dtype=np.int64, count=len(r))
    np.add.at(out, (r, c), 1.0)
    return out


def _gloss(word: str, lexicon: Lexicon, vocab: dict[str, int], weight: float) -> tuple[list[int], float]:
    """The word's gloss stems present in the English text, each with an equal share of its weight."""
    ks = [vocab[t] for t in lexicon.translations(word) if t in vocab]
    if not ks:
        return [], 0.0  # none of its renderings occurs in this English text: no evidence either way
    return ks, weight / len(ks) * (SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0)


def char_ngram_vectors(mt: list[str], en: list[str], n: int = 3) -> SentenceVectors:
    """TF-IDF bags of character n-grams (inside words, lower case) of MT and English sentences:
    chrF's units, which match inflected forms (anger/angry) that whole stems miss."""
    def grams(s: str) -> list[str]:
        out = []
        for w in _ALNUM.findall(s.lower()):
            w = f" {w} "
            out += [w[k : k + n] for k in range(max(1, len(w) - n + 1))]
        return out

    en_g = [grams(s) for s in en]
    vocab: dict[str, int] = {}
    for g in en_g:
        for t in g:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for g in en_g:
        df[[vocab[t] for t in set(g)]] += 1
    idf = np.log((len(en) + 1) / (df + 0.5))
    Y = _counts([[vocab[t] for t in g] for g in en_g], len(vocab))
    X = _counts([[vocab[t] for t in grams(s) if t in vocab] for s in mt], len(vocab))
    return SentenceVectors(zh=X * idf, en=Y * idf)

