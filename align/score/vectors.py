"""Sentence vectors in one English feature space, so Chinese and English sentences can be compared.

English sentences become TF-IDF bags of content stems and anchors (numbers, Latin strings, glossary
terms). A Chinese sentence is projected into the same space:

* through CC-CEDICT: each dictionary word (forward max-match) spreads one unit of weight over those
  of its gloss stems that occur in the English document, and each anchor adds its token;
* through MT, when an English translation of the sentence exists: its own stems and anchors, plus
  the dictionary projection at a lower weight (the MT may miss a word the dictionary still knows).

IDF comes from the English document (sentence frequencies), so a rendering found in every other
sentence ("say") weighs little and an anchor or a rare word much. Vectors are dense numpy arrays over
the document's English vocabulary; a chapter has a few thousand features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.score.anchors import en_anchors, term_anchors, zh_anchors
from align.score.english import content_stems
from align.score.lexicon import Lexicon

SINGLE_CHAR_WEIGHT = 0.7  # one-character words are ambiguous (打, 行, 把 …)
MT_DICT_WEIGHT = 0.5  # the dictionary projection next to an MT's own words


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
    Y = np.zeros((m, v))
    for j, feats in enumerate(en_feats):
        np.add.at(Y[j], [vocab[t] for t in feats], 1.0)
    X = np.zeros((n, v))
    if mt is not None:
        for i, s in enumerate(mt):
            ks = [vocab[t] for t in content_stems(s) + sorted(en_anchors(s, latin)) if t in vocab]
            np.add.at(X[i], ks, 1.0)
    dict_weight = 1.0 if mt is None else MT_DICT_WEIGHT
    for i, s in enumerate(zh):
        if lexicon is not None:
            _project_words(X[i], lexicon.segment(s), lexicon, vocab, dict_weight)
        for a in zh_anc[i] | zt[i]:
            k = vocab.get(a)
            if k is not None:
                X[i, k] += dict_weight
    return SentenceVectors(zh=X * idf, en=Y * idf)


def _project_words(row: np.ndarray, words: list[str], lexicon: Lexicon, vocab: dict[str, int], weight: float) -> None:
    for word in words:
        ks = [vocab[t] for t in lexicon.translations(word) if t in vocab]
        if not ks:
            continue  # none of its renderings occurs in this English text: no evidence either way
        share = weight / len(ks) * (SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0)
        row[ks] += share

