"""Public alignment API: sentence lists, one paragraph pair, or whole documents.

* :func:`align_sentences` aligns two sentence lists (indices into them), each bead scored by its
  posterior probability (``dp.posteriors``);
* :func:`align_paragraph` splits a paragraph and its translation and aligns their sentences (used by
  ``bitext translate``);
* :func:`align_documents` aligns paragraphs first (n:m when counts differ), then sentences inside
  each paragraph group, so no bead crosses a paragraph-group boundary (used by ``bitext align``).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from bitext.align import dp
from bitext.align.options import ENCODER, AlignOptions
from bitext.align.paragraphs import join_group, lengths_plausible
from bitext.align.score.anchors import term_lookup
from bitext.align.band import banded_costs
from bitext.align.score.cost import bead_costs, bead_types, length_ratio
from bitext.align.score.crossing import crossing, end_clauses
from bitext.align.score.encoder import DIM, BlockCosines, Pooled, load_encoder
from bitext.align.score.quotes import boundary_mismatch
from bitext.align.score.similarity import BagCosines
from bitext.align.score.vectors import char_ngram_vectors, sentence_vectors
from bitext.core.aligned import AlignedParagraph, Bead, Sentence
from bitext.core.flags import FLAG_LOW_CONFIDENCE, FLAG_UNALIGNED
from bitext.align.split import split_en, split_zh

__all__ = ["AlignOptions", "align_sentences", "align_paragraph", "align_documents"]


def _lexicon(opts: AlignOptions):
    if not opts.use_dictionary:
        return None
    from bitext.align.score.lexicon import load_lexicon

    return load_lexicon()


def align_sentences(src: list[str], tgt: list[str], *, mt: list[str] | None = None,
                    options: AlignOptions | None = None, terms=None) -> list[Bead]:
    """Align Chinese sentences ``src`` with English sentences ``tgt``; ``mt`` is an English
    translation of each source sentence (optional)."""
    opts = options or AlignOptions()
    if mt is not None and len(mt) != len(src):
        raise ValueError(f"mt has {len(mt)} lines for {len(src)} source sentences")
    lookup = term_lookup(terms)
    lexicon = _lexicon(opts)
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [_null_bead((i,), ()) for i in range(n)] + [_null_bead((), (j,)) for j in range(m)]
    with _one_blas_thread():
        encodings = _Encodings(src, tgt, mt) if opts.embed_model == ENCODER else None
        ranges = _solve_windows(src, tgt, mt, opts, lexicon, lookup, encodings)
    return _scored_beads(ranges, opts)


@contextmanager
def _one_blas_thread():
    """The aligner's matrix products are small: BLAS threads only wait on each other (a 900k-cell
    document with the encoder on 2 busy cores: 20-60 s with them, 7 s without)."""
    limit = _blas_limit()
    if limit is None:
        yield
        return
    with limit(limits=1, user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _blas_limit():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a dependency of the encoder's package; without it BLAS keeps its threads
        return None
    return ThreadpoolController().limit


@dataclass
class _Encoded:
    """What the encoder gives one window: pooled sentences of both sides, and unit embeddings of the
    first and last clause of each Chinese sentence (and of each MT line)."""

    zh: Pooled
    en: Pooled
    clauses: list[tuple[np.ndarray, np.ndarray]]


class _Encodings:
    """The encoder's view of a document, filled as the windows move forward: each sentence is encoded
    once, and rows behind the current window are dropped, so memory stays that of a window."""

    def __init__(self, src: list[str], tgt: list[str], mt: list[str] | None):
        self.encoder = load_encoder()
        self.sides = [src] + ([mt] if mt is not None else [])
        self.tgt = tgt
        empty = self.encoder.pool([])
        self.z0 = self.e0 = 0  # index of the first row held
        self.zh, self.en = empty, empty
        self.clauses = [(np.zeros((0, DIM), np.float32), np.zeros((0, DIM), np.float32)) for _ in self.sides]

    def window(self, z0: int, z1: int, e0: int, e1: int) -> _Encoded:
        zh_end, en_end = self.z0 + len(self.zh), self.e0 + len(self.en)
        self.zh, self.en = self.zh.slice(z0 - self.z0, len(self.zh)), self.en.slice(e0 - self.e0, len(self.en))
        self.clauses = [(f[z0 - self.z0 :], la[z0 - self.z0 :]) for f, la in self.clauses]
        self.z0, self.e0 = z0, e0
        if z1 > zh_end:
            new = [side[zh_end:z1] for side in self.sides]
            texts = list(new[0])
            for lines in new:
                first, last = end_clauses(lines)
                texts += first + last
            pooled = self.encoder.pool(texts)  # one call: a one-clause sentence is its own clauses
            k = len(new[0])
            self.zh = self.zh.concat(pooled.slice(0, k))
            emb = self.encoder.head(pooled.parts[k:].sum(axis=1), pooled.tokens[k:])
            self.clauses = [(np.concatenate([f, emb[2 * s * k : (2 * s + 1) * k]]),
                             np.concatenate([la, emb[(2 * s + 1) * k : (2 * s + 2) * k]]))
                            for s, (f, la) in enumerate(self.clauses)]
        if e1 > en_end:
            self.en = self.en.concat(self.encoder.pool(self.tgt[en_end:e1]))
        return _Encoded(self.zh.slice(0, z1 - z0), self.en.slice(0, e1 - e0),
                        [(f[: z1 - z0], la[: z1 - z0]) for f, la in self.clauses])


def _solve(src, tgt, mt, opts, lexicon, lookup, encoded: _Encoded | None = None, open_end: bool = False):
    """Beads (i0, i1, j0, j1, score) of one problem. ``open_end``: the problem is a window whose end is
    a guess; sentences left over at its end cost half a 1-0/0-1 bead, see ``_solve_windows``."""
    types = bead_types(opts.max_bead)
    vec = sentence_vectors(src, tgt, lexicon, mt=mt, lookup=lookup)
    zl, el = _lengths(src), _lengths(tgt)
    ratio = length_ratio(zl, el, opts.length_ratio)
    n, m = len(src), len(tgt)
    max_a, max_b = max(a for a, _ in types), max(b for _, b in types)
    bags = [(BagCosines(vec.zh, vec.en, max_a, max_b), 1.0)]
    if mt is not None and opts.mt_char_weight > 0:
        # MT and English also compared as character n-grams (chrF's units): inflections match.
        cv = char_ngram_vectors(mt, tgt)
        bags = [(bags[0][0], 1.0 - opts.mt_char_weight), (BagCosines(cv.zh, cv.en, max_a, max_b), opts.mt_char_weight)]
    boundary = opts.quote_weight * boundary_mismatch(src, tgt) if opts.quote_weight else np.zeros((n + 1, m + 1))
    if encoded is not None:
        encoder = load_encoder()
        blocks = BlockCosines(encoder, encoded.zh, encoded.en, max_a, max_b)
        bags.append((blocks, opts.encoder_weight))
        if opts.crossing_weight:
            en = blocks.sentences()[1]
            boundary = boundary + opts.crossing_weight / len(encoded.clauses) * sum(
                crossing(f, la, en) for f, la in encoded.clauses)
    elif mt is not None and opts.embed_model:
        from bitext.align.score.embed import sentence_rows

        ex, ey = sentence_rows(opts.embed_model, mt), sentence_rows(opts.embed_model, tgt)
        bags = [(b, w * (1.0 - opts.embed_weight)) for b, w in bags] + [(BagCosines(ex, ey, max_a, max_b), opts.embed_weight)]

    def score(i0, i1, j0, j1, kinds, ratio, skip):
        pairs = [t for t in kinds if t[0] and t[1]]
        sims = [(b.cosines(i0, i1, j0, j1, pairs), w) for b, w in bags]
        costs = bead_costs(sims, zl[i0:i1], el[j0:j1], kinds, opts, ratio=ratio, skip=skip,
                           boundary=boundary[i0 : i1 + 1, j0 : j1 + 1])
        if open_end and (1, 0) in costs and (0, 1) in costs:
            trail = 0.5 * (skip if skip is not None else float(costs[(1, 0)][1, 0] - boundary[i0 + 1, j0]))
            if i1 == n:
                costs[(0, 1)][-1, 1:] = trail
            if j1 == m:
                costs[(1, 0)][1:, -1] = trail
        return costs

    band = None
    if n * m > opts.band_min_cells:
        costs, band = banded_costs(score, n, m, types, ratio, margin=opts.band_margin)
        try:
            ranges = dp.solve(costs, n, m, band)
        except ValueError:  # the band admits no path: score the whole grid
            costs, band = score(0, n, 0, m, types, ratio, None), None
            ranges = dp.solve(costs, n, m)
    else:
        costs = score(0, n, 0, m, types, ratio, None)
        ranges = dp.solve(costs, n, m)
    # cost differences grow with the weight of the similarity evidence; the temperature follows
    conf = dp.posteriors(costs, n, m, ranges, opts.confidence_temperature * sum(w for _, w in bags), band)
    return [(*r, q) for r, q in zip(ranges, conf)]


def _lengths(sents: list[str]) -> np.ndarray:
    """Characters without blanks (Chinese text has none; English blanks carry no length signal)."""
    return np.array([len(s) - sum(s.count(c) for c in " \t\n\u3000") for s in sents], dtype=np.float64)


def _solve_windows(src, tgt, mt, opts, lexicon, lookup, encodings: _Encodings | None = None):
    """Exact DP when small; otherwise overlapping windows that keep the first half of each solution.

    Each window spans ``opts.window`` Chinese sentences and the English sentences their length
    predicts plus a margin; only beads in the window's first half are kept and the next window
    starts where they end, so a window's forced corner never reaches the output. Sentences left over
    at a window's end (the length guess overshoots where a translator's density changes) cost half a
    1-0/0-1 bead, a sentence's share of a good 1-1 bead: at the full price the path would rather
    swallow them into wrong beads, which the encoder's evidence did well before the window's middle
    (three MAC-Dev chapters as one document: exact F1 0.61 in windows against 0.90 on the full grid;
    0.90 with this). Any cheaper and the path leaves out sentences it should align.
    """
    n, m = len(src), len(tgt)
    zh_cum = np.concatenate([[0], np.cumsum([len(s) for s in src])])
    en_cum = np.concatenate([[0], np.cumsum([len(s) for s in tgt])])
    ratio = (en_cum[-1] + 1) / (zh_cum[-1] + 1)
    out: list[tuple[int, int, int, int]] = []
    z0 = e0 = 0
    while True:
        if (n - z0) * (m - e0) <= opts.max_cells or n - z0 <= opts.window:
            beads = _solve(src[z0:], tgt[e0:], None if mt is None else mt[z0:], opts, lexicon, lookup,
                           None if encodings is None else encodings.window(z0, n, e0, m))
            out += [(a + z0, b + z0, c + e0, d + e0, q) for a, b, c, d, q in beads]
            return out
        z1 = z0 + opts.window
        want = en_cum[e0] + (zh_cum[z1] - zh_cum[z0]) * ratio
        e_mid = int(np.searchsorted(en_cum, want))
        margin = max(20, (e_mid - e0) // 4)
        e1 = min(m, e_mid + margin)
        beads = _solve(src[z0:z1], tgt[e0:e1], None if mt is None else mt[z0:z1], opts, lexicon, lookup,
                       None if encodings is None else encodings.window(z0, z1, e0, e1), open_end=True)
        keep_until = opts.window // 2
        kept = [bd for bd in beads if bd[1] <= keep_until and bd[3] < e1 - e0] or beads[:1]
        out += [(a + z0, b + z0, c + e0, d + e0, q) for a, b, c, d, q in kept]
        z0, e0 = z0 + kept[-1][1], e0 + kept[-1][3]


def _null_bead(src: tuple[int, ...], tgt: tuple[int, ...]) -> Bead:
    return Bead(src=src, tgt=tgt, score=0.0, flags=(FLAG_UNALIGNED,))


def _scored_beads(ranges, opts) -> list[Bead]:
    beads = []
    for i0, i1, j0, j1, conf in ranges:
        s, t = tuple(range(i0, i1)), tuple(range(j0, j1))
        if not s or not t:
            beads.append(_null_bead(s, t))
            continue
        flags = (FLAG_LOW_CONFIDENCE,) if conf < opts.low_confidence else ()
        beads.append(Bead(src=s, tgt=t, score=round(conf, 3), flags=flags))
    return beads


def align_paragraph(source: str, target: str, *, mt: str | None = None, options: AlignOptions | None = None,
                    terms=None) -> tuple[list[Sentence], list[Sentence], list[Bead]]:
    """Split a Chinese paragraph and its English translation and align their sentences."""
    opts = options or AlignOptions()
    zs = split_zh(source, opts.segmentation)
    es = split_en(target)
    mt_sents = None
    if mt is not None and mt != target:
        # MT of the whole paragraph: give it to the one-sentence case only, where it maps 1:1.
        mt_sents = [mt] if len(zs) == 1 else None
    beads = align_sentences([s.text for s in zs], [s.text for s in es], mt=mt_sents, options=opts, terms=terms)
    return zs, es, beads


def align_documents(zh_paragraphs: list[str], en_paragraphs: list[str], *, mt_paragraphs: list[str] | None = None,
                    options: AlignOptions | None = None, terms=None, presegmented: bool = False) -> list[AlignedParagraph]:
    """Align two documents given as paragraph lists.

    With ``presegmented`` every item is one sentence and the whole document is one paragraph group
    (MAC's format). Otherwise paragraphs are aligned first (1:1 when the counts match, n:m by DP
    otherwise), and each group's sentences are aligned inside the group. ``mt_paragraphs`` holds an
    English translation per Chinese item.
    """
    opts = options or AlignOptions()
    terms = term_lookup(terms)  # once per document, not once per paragraph group
    if presegmented:
        zs = _as_sentences(zh_paragraphs)
        es = _as_sentences(en_paragraphs)
        beads = align_sentences([s.text for s in zs], [s.text for s in es], mt=mt_paragraphs, options=opts, terms=terms)
        return [AlignedParagraph(index=0, kind="body", source="\n".join(zh_paragraphs), target="\n".join(en_paragraphs),
                                 origin="human", src_sentences=zs, tgt_sentences=es, beads=beads)]
    groups = paragraph_groups(zh_paragraphs, en_paragraphs, mt_paragraphs, opts, terms)
    out = []
    for k, (zi, ei) in enumerate(groups):
        source, zs = join_group([zh_paragraphs[i] for i in zi], lambda t: split_zh(t, opts.segmentation))
        target, es = join_group([en_paragraphs[j] for j in ei], split_en)
        if zs and es:
            beads = align_sentences([s.text for s in zs], [s.text for s in es], options=opts, terms=terms)
        else:
            beads = [_null_bead((i,), ()) for i in range(len(zs))] + [_null_bead((), (j,)) for j in range(len(es))]
        flags = [FLAG_UNALIGNED] if not zi or not ei else []
        out.append(AlignedParagraph(index=k, kind="body", source=source, target=target, origin="human",
                                    src_sentences=zs, tgt_sentences=es, beads=beads, flags=flags))
    return out


def paragraph_groups(zh: list[str], en: list[str], mt: list[str] | None, opts, terms) -> list[tuple[list[int], list[int]]]:
    """Which Chinese paragraphs go with which English ones.

    Equal counts with plausible lengths pair 1:1. Otherwise the sentence DP runs on whole paragraphs,
    so a translator's merged or split paragraphs become one group; sentence beads never cross a group.
    """
    if not zh or not en:
        return [([i], []) for i in range(len(zh))] + [([], [j]) for j in range(len(en))]
    if len(zh) == len(en) and lengths_plausible(zh, en, opts.length_ratio):
        return [([i], [i]) for i in range(len(zh))]
    para_opts = replace(opts, max_bead=min(opts.max_bead, 8), skip_margin=opts.skip_margin + 1.0)
    beads = align_sentences(zh, en, mt=mt, options=para_opts, terms=terms)
    return [(list(b.src), list(b.tgt)) for b in beads]


def _as_sentences(lines: list[str]) -> list[Sentence]:
    out, pos = [], 0
    for line in lines:
        out.append(Sentence(line, pos, pos + len(line)))
        pos += len(line) + 1
    return out
