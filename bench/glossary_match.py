"""How fast is term matching? Loads the built-in term base, matches 1 MB of Chinese, prints timings.

Text: the People's Daily seed page from ../shared/seed when present (repeated to size), otherwise
sentences generated from the term base itself. Usage: python bench/glossary_match.py [MEGABYTES]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bitext.glossary.store import BUILTIN_FILE, Glossary, load_glossary  # noqa: E402

SEED = ROOT.parent / "shared" / "seed"
FILLER = "各级党组织和党员干部坚持以人民为中心的发展思想，持续推动高质量发展，不断增强群众的获得感。"


def chinese_text(n_bytes: int, glossary: Glossary) -> tuple[str, str]:
    pages = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if pages:
        base = "".join(p.read_text(encoding="utf-8") for p in pages)
        origin = f"seed page {pages[0].name} repeated"
    else:
        rng = random.Random(0)
        zh = [t.zh for t in glossary.terms] or ["乡村振兴"]
        base = "".join(FILLER[: rng.randint(5, len(FILLER))] + rng.choice(zh) + "。" for _ in range(2000))
        origin = "generated sentences with glossary terms"
    unit = base.encode("utf-8")
    text = (unit * (n_bytes // len(unit) + 1))[:n_bytes].decode("utf-8", errors="ignore")
    return text, origin


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    if not BUILTIN_FILE.is_file():
        sys.exit(f"no built-in term base at {BUILTIN_FILE}")
    t0 = time.perf_counter()
    glossary = load_glossary()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    glossary.matcher  # noqa: B018  build the automaton
    t_build = time.perf_counter() - t0

    text, origin = chinese_text(int(megabytes * 1_000_000), glossary)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        hits = glossary.find(text)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    print(f"term base: {len(glossary)} entries, version {glossary.info.version}")
    print(f"load built-in term base: {t_load * 1000:.1f} ms; build automaton: {t_build * 1000:.1f} ms")
    print(f"text: {len(text.encode('utf-8')) / 1e6:.2f} MB UTF-8, {len(text):,} characters ({origin})")
    print(f"match: {best:.3f} s best of 3 ({len(text) / best / 1e6:.1f} M chars/s), {len(hits):,} hits")
    print("per-run seconds:", " ".join(f"{r:.3f}" for r in runs))


if __name__ == "__main__":
    main()
