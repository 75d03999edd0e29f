"""Large translation memories: streaming load in flat memory, and the bigram index for fuzzy lookups."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from bitext.translate import tm_index
from bitext.translate.tm_index import FuzzyIndex

CHARS = "中国共产党全面推进乡村振兴发展经济人民政府工作报告坚持稳中求进总基调改革开放高质量现代化建设社会主义"
WORDS = ["the", "party", "economy", "will", "develop", "reform", "rural", "people", "&amp;", "growth"]


def generate_tmx(path: Path, n: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="gen" '
                'creationtoolversion="1" segtype="sentence" o-tmf="gen" adminlang="en-US" srclang="zh-CN" '
                'datatype="plaintext"/>\n<body>\n')
        for i in range(n):
            zh = "".join(rnd.choice(CHARS) for _ in range(rnd.randint(15, 60))) + f"{i}。"
            en = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 35))) + f" {i}."
            f.write(f'<tu tuid="{i}" changedate="20240101T000000Z"><prop type="x-doc">d</prop>'
                    f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n')
        f.write("</body></tmx>\n")


PROBE = textwrap.dedent("""
    import json, resource, sys, time
    from bitext.translate.tm import iter_tmx, load_tm, tm_lookup
    path, mode = sys.argv[1], sys.argv[2]
    import lxml.etree

    def peak_kb():
        # VmHWM belongs to this process image; ru_maxrss survives exec and starts at the parent's size.
        try:
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    before = peak_kb()
    start = time.perf_counter()
    if mode == "stream":
        n = sum(1 for _ in iter_tmx(path))
    elif mode == "load":
        tm = load_tm([path]); n = len(tm)
    else:
        n = len(lxml.etree.parse(path).getroot()[1])
    seconds = time.perf_counter() - start
    grown = (peak_kb() - before) / 1024
    out = {"n": n, "seconds": seconds, "rss_growth_mb": grown}
    if mode == "load":
        unit = list(tm)[777]
        start = time.perf_counter(); first = tm_lookup(tm, unit.source[:-6] + "发展经济。")
        out["first_fuzzy_s"] = time.perf_counter() - start
        start = time.perf_counter()
        for u in list(tm)[:100]:
            tm_lookup(tm, u.source[1:] + "。")
        out["fuzzy_ms"] = (time.perf_counter() - start) * 10
        out["first_kind"] = first.kind
    print(json.dumps(out))
""")


def probe(path: Path, mode: str) -> dict:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", PROBE, str(path), mode], capture_output=True, text=True,
                         check=True, timeout=300, cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    return json.loads(out.stdout)


@pytest.mark.slow
def test_50k_unit_tmx_streams_in_flat_memory(tmp_path):
    path = tmp_path / "big.tmx"
    generate_tmx(path, 50_000)
    size_mb = path.stat().st_size / 2**20
    stream, load, dom = probe(path, "stream"), probe(path, "load"), probe(path, "dom")
    assert size_mb > 5  # large enough that a whole-tree parse shows in the process's memory
    assert stream["n"] == load["n"] == dom["n"] == 50_000
    # Reading frees every <tu>: memory does not grow with the file, unlike a whole-tree parse.
    assert stream["rss_growth_mb"] < 10 < dom["rss_growth_mb"]
    # The memory itself holds only the strings (about the size of the file's text).
    assert load["rss_growth_mb"] < max(2 * size_mb, 0.6 * dom["rss_growth_mb"])
    assert load["first_kind"] == "fuzzy"
    assert load["fuzzy_ms"] < 50  # brute force over 50k keys takes ~10-40 ms per lookup


def test_index_finds_what_brute_force_finds(monkeypatch):
    monkeypatch.setattr(tm_index, "BRUTE_FORCE_LIMIT", 10)
    rnd = random.Random(3)
    keys = ["".join(rnd.choice(CHARS) for _ in range(rnd.randint(8, 40))) for _ in range(2000)]
    index = FuzzyIndex(keys)
    assert index._sorted_codes is not None  # the bigram path is the one under test
    for _ in range(100):
        k = list(rnd.choice(keys))
        for _ in range(rnd.randint(1, max(1, len(k) // 6))):
            p = rnd.randrange(len(k))
            if rnd.random() < 0.5:
                k[p] = rnd.choice(CHARS)
            else:
                k.insert(p, rnd.choice(CHARS))
        query = "".join(k)
        got = index.best(query, 0.75)
        want = process.extractOne(query, keys, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        assert (got is None) == (want is None)
        if got:
            assert got[0] == pytest.approx(want[1] / 100)
            assert fuzz.ratio(query, keys[got[1]]) == pytest.approx(want[1])
    assert index.best("完全无关的句子ABCDEFG", 0.75) is None
    assert index.best("中", 0.75) is None or index.best("中", 0.75)[0] >= 0.75  # one character: brute force
