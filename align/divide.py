"""Dividing one English sentence between the pieces a line break cut its Chinese source into.

A column break can cut a Chinese sentence in two lines; bitext joins them and translates the whole
sentence, but a CAT tool opening the original file sees each line as a segment of its own. Each piece
then gets a stretch of consecutive English words, chosen by a small dynamic program over the cut
points between words. The evidence is the aligner's: CC-CEDICT glosses and number anchors of each
Chinese piece found among the English words (a word is claimed by the piece whose glosses contain
it, shared among pieces that both do), glossary renderings (a realised term's English goes with the
piece holding its Chinese), the length model (English characters in proportion to the Chinese), and
clause punctuation (a cut after "," fits a piece that ends with "，").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from bitext.align.score.anchors import en_anchors, zh_anchors
from bitext.align.score.english import content_stems

_TOKEN = re.compile(r"\S+")
_EN_CLAUSE_END = re.compile(r"[,;:\u2014\u2013]['\"\u2019\u201d)]*$")
_ZH_CLAUSE_END = "，、；：,;:—"
LENGTH_WEIGHT = 3.0  # per squared log ratio of English to expected English length
LENGTH_SMOOTH = 8.0  # characters added to both lengths: short pieces vary more
TERM_WEIGHT = 2.0  # per English word of a realised glossary rendering
CLAUSE_BONUS = 1.5  # English cut after clause punctuation where the Chinese piece ends with one
CLAUSE_BONUS_EN = 0.5  # … where only the English has it


def divide_translation(pieces: list[str], english: str, *, terms: Iterable[tuple[str, str]] = (),
                       use_dictionary: bool = True) -> list[str]:
    """Cut ``english`` into ``len(pieces)`` consecutive parts, one per Chinese piece, in order.

    ``terms`` are (Chinese term, English rendering) pairs known to be realised in ``english``. Every
    part is non-empty when ``english`` has at least as many words as there are pieces.
    """
    k = len(pieces)
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(english)]
    if k == 0:
        return []
    if k == 1:
        return [english.strip()]
    n = len(tokens)
    if n < k:  # too few words to give each piece one: by position
        bounds = [round(n * j / k) for j in range(k + 1)]
    else:
        evidence = _evidence(pieces, english, tokens, terms, use_dictionary)
        bounds = _best_cuts(pieces, english, tokens, evidence)
    return [english[tokens[a][0]:tokens[b - 1][1]] if b > a else "" for a, b in zip(bounds, bounds[1:])]


def _evidence(pieces, english, tokens, terms, use_dictionary) -> list[list[float]]:
    """evidence[t][j]: how much English word t speaks for Chinese piece j."""
    glosses: list[set[str]] = [set(zh_anchors(p)) for p in pieces]
    if use_dictionary:
        from bitext.align.score.lexicon import load_lexicon

        lexicon = load_lexicon()
        for j, piece in enumerate(pieces):
            for word in lexicon.segment(piece):
                glosses[j].update(lexicon.translations(word))
    owners: dict[str, int] = {}
    for g in glosses:
        for feature in g:
            owners[feature] = owners.get(feature, 0) + 1
    evidence = []
    for a, b in tokens:
        word = english[a:b]
        features = set(content_stems(word)) | en_anchors(word)
        evidence.append([sum(1.0 / owners[f] for f in features if f in g) for g in glosses])
    lower = english.lower()
    for zh, en in terms:
        holders = [j for j, p in enumerate(pieces) if zh and zh in p]
        if len(holders) != 1 or not en:
            continue
        at = lower.find(en.lower())
        if at < 0:
            continue
        for t, (a, b) in enumerate(tokens):
            if a < at + len(en) and b > at:
                evidence[t][holders[0]] += TERM_WEIGHT
    return evidence


def _best_cuts(pieces, english, tokens, evidence) -> list[int]:
    k, n = len(pieces), len(tokens)
    zh_len = [max(1, sum(not c.isspace() for c in p)) for p in pieces]
    en_chars = [b - a for a, b in tokens]
    total_en = sum(en_chars)
    expected = [total_en * z / sum(zh_len) for z in zh_len]
    prefix_chars = [0]
    for c in en_chars:
        prefix_chars.append(prefix_chars[-1] + c)
    prefix_evidence = [[0.0] * (n + 1) for _ in range(k)]
    for j in range(k):
        for t in range(n):
            prefix_evidence[j][t + 1] = prefix_evidence[j][t] + evidence[t][j]

    def piece_score(j: int, a: int, b: int) -> float:
        chars = prefix_chars[b] - prefix_chars[a]
        ratio = math.log((chars + LENGTH_SMOOTH) / (expected[j] + LENGTH_SMOOTH))
        score = prefix_evidence[j][b] - prefix_evidence[j][a] - LENGTH_WEIGHT * ratio * ratio
        if j < k - 1 and _EN_CLAUSE_END.search(english[tokens[b - 1][0]:tokens[b - 1][1]]):
            score += CLAUSE_BONUS if pieces[j].rstrip()[-1:] in tuple(_ZH_CLAUSE_END) else CLAUSE_BONUS_EN
        return score

    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        # piece j-1 takes tokens [a, b); every piece at least one word, the rest left for the others
        for b in range(j, n - (k - j) + 1):
            for a in range(j - 1, b):
                if best[j - 1][a] == neg:
                    continue
                s = best[j - 1][a] + piece_score(j - 1, a, b)
                if s > best[j][b]:
                    best[j][b], back[j][b] = s, a
    bounds = [n]
    for j in range(k, 0, -1):
        bounds.append(back[j][bounds[-1]])
    return bounds[::-1]
