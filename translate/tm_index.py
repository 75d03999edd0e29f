"""Fuzzy search over translation-memory keys that stays fast for large memories.

rapidfuzz's extractOne compares the query with every key: fine for a few thousand units, tens of
milliseconds per lookup at 50 000, which a document of a thousand sentences cannot afford. Above
``BRUTE_FORCE_LIMIT`` keys, a character-bigram index picks the keys sharing most bigrams with the
query (a Dice coefficient on bigrams, inside the length window the threshold allows) and only those are
scored with rapidfuzz. The similarity reported is always rapidfuzz's; the index only decides which
keys are compared, so it can miss a match only when ``CANDIDATES`` other keys look closer by bigrams.
"""

from __future__ import annotations

from collections.abc import Sequence

BRUTE_FORCE_LIMIT = 5000
CANDIDATES = 200


def _codes(key: str):
    """Character bigrams of ``key`` as integers (a 21-bit code point pair), one per position."""
    import numpy as np

    cps = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return (cps[:-1] << 21) | cps[1:]


class FuzzyIndex:
    def __init__(self, keys: Sequence[str]):
        import numpy as np

        self.keys = list(keys)
        self._lengths = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=len(self.keys))
        self._sorted_codes = None
        if len(self.keys) > BRUTE_FORCE_LIMIT:
            self._build()

    def _build(self) -> None:
        """(bigram, key) pairs sorted by bigram, for range lookups with searchsorted.

        A bigram repeated inside a key is listed as often as it occurs: the ranking is a heuristic
        and skipping the de-duplication halves the build time.
        """
        import numpy as np

        # One array for all keys, NUL-separated, so no Python loop over keys is needed.
        cps = np.frombuffer("\0".join(self.keys).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(len(self.keys), dtype=np.int32), self._lengths + 1)[: len(cps)]
        valid = (cps[:-1] != 0) & (cps[1:] != 0)  # bigrams inside one key
        codes = ((cps[:-1] << 21) | cps[1:])[valid]
        order = np.argsort(codes)
        self._sorted_codes = codes[order]
        self._sorted_ids = owner[:-1][valid][order]
        self._bigram_counts = np.maximum(self._lengths - 1, 1)

    def best(self, query: str, threshold: float) -> tuple[float, int] | None:
        """(similarity in [0, 1], key index) of the most similar key at or above ``threshold``."""
        from rapidfuzz import fuzz, process

        candidates = self._candidates(query, threshold)
        if candidates is None:
            choices = self.keys
        else:
            choices = {int(i): self.keys[i] for i in candidates}
        found = process.extractOne(query, choices, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=threshold * 100)
        if found is None:
            return None
        _, score, index = found
        return score / 100, int(index)

    def _candidates(self, query: str, threshold: float):
        """Key indices worth scoring, or None to score them all."""
        import numpy as np

        if self._sorted_codes is None or len(query) < 2:
            return None
        q = np.unique(_codes(query))
        lo = np.searchsorted(self._sorted_codes, q, side="left")
        hi = np.searchsorted(self._sorted_codes, q, side="right")
        hits = [self._sorted_ids[a:b] for a, b in zip(lo, hi) if b > a]
        if not hits:
            return np.zeros(0, dtype=np.int64)
        shared = np.bincount(np.concatenate(hits), minlength=len(self.keys))
        # Indel similarity >= t bounds the length ratio: 2·min/(la+lb) >= t.
        n = len(query)
        window = (self._lengths >= n * threshold / (2 - threshold)) & (self._lengths <= n * (2 - threshold) / threshold)
        dice = np.where(window & (shared > 0), 2 * shared / (len(q) + self._bigram_counts), 0.0)
        k = min(CANDIDATES, int(np.count_nonzero(dice)))
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        top = np.argpartition(-dice, k - 1)[:k]
        return top
