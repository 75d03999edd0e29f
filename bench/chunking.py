"""How does chunking scale? One line of Chinese without punctuation, 100 KB and 1 MB, cut to fit a model.

Each size runs in a fresh process; it prints the seconds and the peak memory (VmHWM growth over the
process's size before the text is cut) of
- ``chunks``: ``Engine.chunks`` with a real SentencePiece tokenizer (the tests' tiny OPUS-MT-style
  model, built into bench/.cache once) and opus-mt-zh-en's input limit of 512 tokens;
- ``document``: the whole per-document pipeline (``read_document`` + ``translate_document`` with the
  built-in glossary) with that tokenizer and a model that answers "x", so only bitext's own work counts.

Usage: .venv/bin/python bench/chunking.py [KB ...]   (default: 100 1000)
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"
MODEL_DIR = CACHE / "tiny-marian"
LIMIT = 512  # opus-mt-zh-en's input limit
CHARS = "党员干部深入基层推进乡村振兴加强营商环境完善服务中心落实党建工作支持经济发展生态保护公共服务科技创新教育医疗文化安全"


def peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return peak_kb()


def ensure_model() -> Path:
    if not (MODEL_DIR / "config.json").is_file():
        sys.path.insert(0, str(ROOT / "tests"))
        from tiny_model import build_tiny_marian

        CACHE.mkdir(exist_ok=True)
        build_tiny_marian(MODEL_DIR)
    return MODEL_DIR


def one(kind: str, kb: int) -> None:
    """Child process: cut one line of ``kb`` kilobytes and print 'seconds peak_mb pieces'."""
    sys.path.insert(0, str(ROOT))
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.model_source import resolve_model
    from bitext.translate.backends.tokenizer import load_tokenizer
    from bitext.translate.engine import Engine

    tokenizer = load_tokenizer(resolve_model(str(MODEL_DIR)), GenerationOptions(), light=True)

    class Backend:
        name = identity = "bench"
        max_input_tokens = LIMIT
        batch_size = 16

        def count_tokens(self, texts):
            return tokenizer.count(texts)

        def translate(self, texts):
            return ["x"] * len(texts)

    rng = random.Random(0)
    text = "".join(rng.choice(CHARS) for _ in range(kb * 1000 // 3))  # 3 UTF-8 bytes per character
    engine = Engine(Backend())
    if kind == "document":
        from bitext.glossary.store import load_glossary
        from bitext.translate.ingest.reader import read_document
        from bitext.translate.pipeline import translate_document

        glossary = load_glossary()
        glossary.matcher  # noqa: B018  built before timing
        path = CACHE / f"line-{kb}kb.txt"
        path.write_text(text + "\n", encoding="utf-8")
        del text
        before, started = rss_kb(), time.perf_counter()
        aligned = translate_document(read_document(path), engine, glossary)
        pieces = sum(len(engine.chunks(p.source)) for p in aligned.paragraphs)
    else:
        before, started = rss_kb(), time.perf_counter()
        pieces = len(engine.chunks(text))
    print(f"{time.perf_counter() - started:.2f} {(peak_kb() - before) / 1024:.1f} {pieces}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    ensure_model()
    print(f"one line without punctuation, tokenizer: SentencePiece (tiny OPUS-MT-style), input limit {LIMIT}")
    for kind in ("chunks", "document"):
        for kb in sizes:
            out = subprocess.run([sys.executable, __file__, "--one", kind, str(kb)], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout.split()
            seconds, peak, pieces = out[-3:]
            print(f"{kind:9s} {kb:5d} KB: {float(seconds):6.2f} s, peak +{float(peak):6.1f} MB, {pieces} pieces")


if __name__ == "__main__":
    main()
